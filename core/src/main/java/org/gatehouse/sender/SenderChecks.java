package org.gatehouse.sender;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.gatehouse.dns.BudgetedDnsLookup;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.sender.dkim.DkimCheck;
import org.gatehouse.sender.dkim.DkimResult;
import org.gatehouse.sender.dmarc.AuthenticatedIdentifier;
import org.gatehouse.sender.dmarc.DmarcEvaluator;
import org.gatehouse.sender.dmarc.DmarcPolicyDiscovery;
import org.gatehouse.sender.dmarc.DmarcResult;
import org.gatehouse.sender.dnsbl.DnsblCheck;
import org.gatehouse.sender.dnsbl.DnsblResult;
import org.gatehouse.sender.dnsbl.DnsblZone;
import org.gatehouse.sender.geo.GeoIpLookup;
import org.gatehouse.sender.ptr.PtrCheck;
import org.gatehouse.sender.ptr.PtrResult;
import org.gatehouse.sender.spf.SpfCheck;
import org.gatehouse.sender.spf.SpfResult;

import com.google.common.collect.ImmutableList;

/**
 * Runs every sender check of one message concurrently, within one time budget, and gathers their results:
 * DNSBL and geo-IP (also before DATA), SPF, PTR, DKIM, then DMARC from the SPF and DKIM results. No tenant policy
 * here: the evidence is gathered once and judged per tenant by {@link SenderPolicyEvaluator}.
 */
public class SenderChecks {
    private final DnsLookup dns;
    private final GeoIpLookup geoIp;
    private final Duration budget;
    private final Executor executor;
    private final DmarcEvaluator dmarcEvaluator;
    private final Clock clock;

    public SenderChecks(DnsLookup dns, GeoIpLookup geoIp, Duration budget, Executor executor, DmarcEvaluator dmarcEvaluator,
                        Clock clock) {
        this.dns = dns;
        this.geoIp = geoIp;
        this.budget = budget;
        this.executor = executor;
        this.dmarcEvaluator = dmarcEvaluator;
        this.clock = clock;
    }

    /** The checks that need only the client address: for the SMTP stage. {@code zones}: the DNSBLs to ask. */
    public CompletableFuture<SenderEvidence> beforeData(InetAddress client, List<DnsblZone> tenantZones) {
        DnsLookup messageDns = BudgetedDnsLookup.startingNow(dns, budget, clock);
        return dnsbl(messageDns, client, tenantZones)
            .thenApply(listings -> SenderEvidence.beforeData(client, listings, geoIp.lookup(client)));
    }

    /** Every check, once the message is received. */
    public CompletableFuture<SenderEvidence> afterData(SenderContext context, byte[] rawMessage, List<DnsblZone> tenantZones) {
        BudgetedDnsLookup messageDns = BudgetedDnsLookup.startingNow(dns, budget, clock);
        CompletableFuture<List<DnsblResult>> dnsbl = dnsbl(messageDns, context.clientIp(), tenantZones);
        CompletableFuture<PtrResult> ptr = new PtrCheck(messageDns).check(context.clientIp());
        SpfCheck spfCheck = new SpfCheck(messageDns, messageDns.remaining());
        CompletableFuture<SpfResult> spf = CompletableFuture.supplyAsync(
            () -> spfCheck.check(context.clientIp(), context.mailFrom(), context.helo()), executor);
        CompletableFuture<List<DkimResult>> dkim = dkim(messageDns, rawMessage);
        CompletableFuture<Optional<DmarcResult>> dmarc = context.fromDomain()
            .map(fromDomain -> new DmarcPolicyDiscovery(messageDns).discover(fromDomain)
                .thenCombine(spf.thenCombine(dkim, SpfAndDkim::new), (policy, results) -> Optional.of(dmarcEvaluator.evaluate(
                    fromDomain, spfIdentifier(context, results.spf()), dkimIdentifiers(results.dkim()), policy))))
            .orElse(CompletableFuture.completedFuture(Optional.empty()));
        return CompletableFuture.allOf(dnsbl, ptr, spf, dkim, dmarc)
            .thenApply(done -> new SenderEvidence(context.clientIp(), Optional.of(spf.join()), ImmutableList.copyOf(dkim.join()),
                dmarc.join(), Optional.of(ptr.join()), ImmutableList.copyOf(dnsbl.join()), geoIp.lookup(context.clientIp())));
    }

    private record SpfAndDkim(SpfResult spf, List<DkimResult> dkim) {
    }

    private CompletableFuture<List<DnsblResult>> dnsbl(DnsLookup messageDns, InetAddress client, List<DnsblZone> tenantZones) {
        List<DnsblZone> zones = tenantZones.stream().distinct().toList();
        if (zones.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return new DnsblCheck(messageDns, zones).check(client);
    }

    private CompletableFuture<List<DkimResult>> dkim(DnsLookup messageDns, byte[] rawMessage) {
        try {
            return new DkimCheck(messageDns, clock).verify(new ByteArrayInputStream(rawMessage));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(List.of(DkimResult.none()));
        }
    }

    private static Optional<AuthenticatedIdentifier> spfIdentifier(SenderContext context, SpfResult spf) {
        return switch (spf.result()) {
            case NONE, TEMPERROR, PERMERROR -> Optional.empty();
            default -> Optional.of(AuthenticatedIdentifier.spf(context.mailFromDomain(), context.helo(),
                spf.result() == SpfResult.Result.PASS));
        };
    }

    private static List<AuthenticatedIdentifier> dkimIdentifiers(List<DkimResult> dkim) {
        return dkim.stream()
            .filter(result -> result.result() != DkimResult.Result.NONE)
            .map(result -> AuthenticatedIdentifier.dkim(result.domain(), result.result() == DkimResult.Result.PASS))
            .toList();
    }
}
