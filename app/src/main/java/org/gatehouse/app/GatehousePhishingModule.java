package org.gatehouse.app;

import java.util.Optional;

import org.gatehouse.dns.DnsLookup;
import org.gatehouse.phishing.ImpersonatedBrands;
import org.gatehouse.phishing.PhishingContributor;
import org.gatehouse.phishing.PhishingDetector;
import org.gatehouse.phishing.PhishingPolicies;
import org.gatehouse.phishing.PhishingPolicySection;
import org.gatehouse.phishing.ShortenerResolver;
import org.gatehouse.policy.PolicySection;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.sender.dnsbl.DnsblZone;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Phishing protection (docs/phishing.md): the tenant's {@code phishing} policy section, and the detector as a spam
 * score contributor whose findings carry the tenant's phishing action. URI blocklists from {@code phishing.uriDnsbl.zones}
 * (plus each tenant's own), asked through the gateway's DNS within {@code phishing.dnsBudget}. No URL is ever fetched.
 */
public class GatehousePhishingModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PhishingPolicies.class).in(Scopes.SINGLETON);
        bind(PhishingContributor.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), PolicySection.class).addBinding().to(PhishingPolicySection.class);
        Multibinder.newSetBinder(binder(), ScoreContributor.class).addBinding().to(PhishingContributor.class);
    }

    @Provides
    @Singleton
    PhishingDetector detector(DnsLookup dns, GatehouseConfiguration configuration) {
        Optional<PhishingDetector.ShortenerFollowing> following = Optional.empty();
        if (configuration.bool("phishing.shorteners.follow", true)) {
            ShortenerResolver.Limits limits = new ShortenerResolver.Limits(
                configuration.duration("phishing.shorteners.timeout", java.time.Duration.ofSeconds(1)),
                configuration.integer("phishing.shorteners.maxRedirects", 3),
                configuration.integer("phishing.shorteners.maxHeaderBytes", 8192));
            following = Optional.of(new PhishingDetector.ShortenerFollowing(ShortenerResolver.create(limits),
                configuration.integer("phishing.shorteners.maxPerMessage", 3),
                configuration.duration("phishing.shorteners.budget", java.time.Duration.ofSeconds(3))));
        }
        return new PhishingDetector(ImpersonatedBrands.load(), Optional.of(dns),
            configuration.list("phishing.uriDnsbl.zones").stream().map(DnsblZone::of).toList(),
            configuration.duration("phishing.dnsBudget", java.time.Duration.ofSeconds(2)), following);
    }
}
