package org.gatehouse.sender.dnsbl;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;
import org.gatehouse.dns.ReverseDnsName;
import org.gatehouse.sender.Futures;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;

/**
 * Asks DNS blocklists (RFC 5782) whether the connecting address is listed, all lists at once. Only answers in
 * 127.0.0.0/8 count as listings, so a list that went away and now answers everything cannot block mail.
 */
public final class DnsblCheck {
    /** Spamhaus's codes for "we did not answer your question": not a listing. */
    private static final Map<String, String> REFUSAL_CODES = Map.of(
        "127.255.255.252", "the list name is mistyped",
        "127.255.255.253", "the list refused the query",
        "127.255.255.254", "the query came through a public or open resolver",
        "127.255.255.255", "the query volume exceeds the list's free limit");

    private final DnsLookup dns;
    private final ImmutableList<DnsblZone> zones;

    public DnsblCheck(DnsLookup dns, List<DnsblZone> zones) {
        this.dns = dns;
        this.zones = ImmutableList.copyOf(zones);
    }

    /** One result per zone, in the configured order. */
    public CompletableFuture<List<DnsblResult>> check(InetAddress client) {
        return Futures.allOf(zones.stream().map(zone -> check(client, zone)).toList());
    }

    /** One result per zone for a domain, as URI blocklists (SURBL, URIBL, DBL style) are asked: {@code domain.zone}. */
    public CompletableFuture<List<DnsblResult>> checkDomain(String domain) {
        return Futures.allOf(zones.stream().map(zone -> lookup(domain + "." + zone.name(), domain, zone)).toList());
    }

    private CompletableFuture<DnsblResult> check(InetAddress client, DnsblZone zone) {
        return lookup(ReverseDnsName.under(client, zone.name()), InetAddresses.toAddrString(client), zone);
    }

    private CompletableFuture<DnsblResult> lookup(String name, String address, DnsblZone zone) {
        return dns.query(name, RecordType.A).thenCompose(answer -> {
            DnsblResult result = classify(address, zone, answer);
            if (result.status() != DnsblResult.Status.LISTED || !zone.fetchTxt()) {
                return CompletableFuture.completedFuture(result);
            }
            return dns.query(name, RecordType.TXT).thenApply(txt -> withExplanation(result, txt));
        });
    }

    private static DnsblResult classify(String address, DnsblZone zone, DnsAnswer answer) {
        return switch (answer.status()) {
            case NX_DOMAIN, NO_DATA -> result(zone, DnsblResult.Status.NOT_LISTED, address + " is not listed");
            case TEMPORARY_ERROR -> result(zone, DnsblResult.Status.TEMPERROR,
                "lookup of " + address + " in " + zone.name() + " failed");
            case FOUND -> classifyRecords(address, zone, answer.records());
        };
    }

    private static DnsblResult classifyRecords(String address, DnsblZone zone, List<String> records) {
        Optional<String> outside = records.stream().filter(record -> !isLoopbackIPv4(record)).findFirst();
        if (outside.isPresent()) {
            return result(zone, DnsblResult.Status.INVALID_ANSWER, zone.name() + " answered " + outside.get()
                + " for " + address + ", outside 127.0.0.0/8: the list is misconfigured or gone; ignored");
        }
        Optional<String> refusal = records.stream().filter(REFUSAL_CODES::containsKey).findFirst();
        if (refusal.isPresent()) {
            return result(zone, DnsblResult.Status.TEMPERROR, zone.name() + " did not answer for " + address + ": "
                + refusal.get() + " means " + REFUSAL_CODES.get(refusal.get()));
        }
        ImmutableList<String> codes = records.stream().map(record -> InetAddresses.forString(record).getHostAddress())
            .distinct().collect(ImmutableList.toImmutableList());
        String meanings = codes.stream()
            .map(code -> zone.meaning(code).map(meaning -> code + " (" + meaning + ")").orElse(code))
            .collect(Collectors.joining(", "));
        return new DnsblResult(zone.name(), DnsblResult.Status.LISTED, codes,
            address + " is listed in " + zone.name() + ": " + meanings);
    }

    private static boolean isLoopbackIPv4(String record) {
        return InetAddresses.isInetAddress(record) && record.indexOf(':') < 0
            && InetAddresses.forString(record).isLoopbackAddress();
    }

    private static DnsblResult withExplanation(DnsblResult listed, DnsAnswer txt) {
        if (txt.status() != DnsAnswer.Status.FOUND) {
            return listed;
        }
        return new DnsblResult(listed.zone(), listed.status(), listed.returnCodes(),
            listed.reason() + "; " + String.join(" ", txt.records()));
    }

    private static DnsblResult result(DnsblZone zone, DnsblResult.Status status, String reason) {
        return new DnsblResult(zone.name(), status, ImmutableList.of(), reason);
    }
}
