package org.gatehouse.app;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.gatehouse.dns.DnsJavaLookup;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.sender.SenderChecks;
import org.gatehouse.sender.SenderPolicyEvaluator;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.sender.SenderVerification;
import org.gatehouse.sender.dmarc.DmarcEvaluator;
import org.gatehouse.sender.geo.GeoIpLookup;
import org.gatehouse.sender.policy.CheckOutcome;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * Sender verification (conf/gatehouse.properties): the resolver the checks use ({@code dns.servers},
 * {@code dns.timeout}), the per-message budget ({@code sender.budget}), the Authentication-Results authserv-id
 * ({@code sender.authservId}), the country database ({@code geoip.database}) and the operator's DNSBLs
 * ({@code dnsbl.zones}, {@code dnsbl.action}, {@code dnsbl.score}).
 */
public class GatehouseSenderModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SenderVerification.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    DnsLookup dnsLookup(GatehouseConfiguration configuration) {
        return DnsJavaLookup.create(configuration.list("dns.servers"), configuration.duration("dns.timeout", Duration.ofSeconds(2)));
    }

    @Provides
    @Singleton
    GeoIpLookup geoIpLookup(GatehouseConfiguration configuration) throws IOException {
        Path workingDirectory = Paths.get(System.getProperty("working.directory", "."));
        return configuration.optionalString("geoip.database")
            .map(path -> workingDirectory.resolve(path))
            .map(path -> {
                try {
                    return GeoIpLookup.open(path);
                } catch (IOException e) {
                    throw new IllegalStateException("geoip.database: cannot open " + path + ": " + e.getMessage(), e);
                }
            })
            .orElseGet(GeoIpLookup::notConfigured);
    }

    @Provides
    @Singleton
    SenderSettings senderSettings(GatehouseConfiguration configuration, DomainList domainList) throws DomainListException {
        return new SenderSettings(
            configuration.optionalString("sender.authservId").orElse(domainList.getDefaultDomain().asString()),
            configuration.duration("sender.budget", Duration.ofSeconds(5)));
    }

    @Provides
    @Singleton
    @Named("sender-checks")
    ExecutorService senderExecutor() {
        return Executors.newFixedThreadPool(4, new ThreadFactoryBuilder().setNameFormat("sender-checks-%d").setDaemon(true).build());
    }

    @Provides
    @Singleton
    SenderChecks senderChecks(DnsLookup dns, GeoIpLookup geoIp, SenderSettings settings, @Named("sender-checks") ExecutorService executor) {
        return new SenderChecks(dns, geoIp, settings.budget(), executor, DmarcEvaluator.withRandomSampling(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    SenderPolicyEvaluator senderPolicyEvaluator(GatehouseConfiguration configuration) {
        CheckOutcome listing = new CheckOutcome(ConfiguredActions.parse(configuration, "dnsbl.action", "block"),
            Double.parseDouble(configuration.string("dnsbl.score", "0")));
        return new SenderPolicyEvaluator(new SenderPolicyEvaluator.GlobalDnsbl(configuration.list("dnsbl.zones"), listing));
    }
}
