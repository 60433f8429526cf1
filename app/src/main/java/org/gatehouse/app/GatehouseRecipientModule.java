package org.gatehouse.app;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.james.webadmin.Routes;
import org.gatehouse.rate.RateLimit;
import org.gatehouse.recipient.HarvestSettings;
import org.gatehouse.recipient.JdbcRecipientList;
import org.gatehouse.recipient.LdapRecipientLookup;
import org.gatehouse.recipient.RecipientValidator;
import org.gatehouse.recipient.SmtpCallout;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.webadmin.RecipientRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Recipient validation (docs/recipients.md): the tenants' lists, LDAP lookups and callouts, and the operator's
 * directory-harvest limit ({@code recipients.harvest.maxUnknown}, default 20, 0 = off; {@code recipients.harvest.window},
 * default 10m), counted where rate control counts ({@code rate.store}). Callouts greet with {@code recipients.callout.helo}
 * (default: this host's name).
 */
public class GatehouseRecipientModule extends AbstractModule {
    static final int DEFAULT_MAX_UNKNOWN = 20;

    @Override
    protected void configure() {
        bind(JdbcRecipientList.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(RecipientRoutes.class);
    }

    @Provides
    @Singleton
    RecipientValidator validator(JdbcRecipientList list, GatehouseConfiguration configuration) {
        return new RecipientValidator(list, new LdapRecipientLookup(),
            new SmtpCallout(configuration.optionalString("recipients.callout.helo").orElseGet(GatehouseRecipientModule::hostName)),
            Clock.systemUTC());
    }

    @Provides
    @Singleton
    HarvestSettings harvest(GatehouseConfiguration configuration) {
        int maxUnknown = configuration.integer("recipients.harvest.maxUnknown", DEFAULT_MAX_UNKNOWN);
        if (maxUnknown <= 0) {
            return HarvestSettings.off();
        }
        try {
            Duration window = configuration.optionalString("recipients.harvest.window")
                .map(value -> RateLimit.window(value, "recipients.harvest.window")).orElse(Duration.ofMinutes(10));
            return new HarvestSettings(Optional.of(new RateLimit(maxUnknown, window)));
        } catch (InvalidFieldException e) {
            throw new IllegalStateException("gatehouse.properties: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
