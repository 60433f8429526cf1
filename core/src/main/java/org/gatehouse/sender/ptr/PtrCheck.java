package org.gatehouse.sender.ptr;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;
import org.gatehouse.dns.ReverseDnsName;
import org.gatehouse.sender.Futures;

import com.google.common.net.InetAddresses;

/**
 * Forward-confirmed reverse DNS of the connecting address: its PTR names, then their addresses, all names at
 * once. Mail from an address whose name does not lead back to it is a common sign of a compromised host.
 */
public final class PtrCheck {
    /** Like SPF's ptr mechanism (RFC 7208 §5.5): more names than this are ignored, bounding the lookups. */
    public static final int MAX_NAMES = 10;

    private final DnsLookup dns;

    public PtrCheck(DnsLookup dns) {
        this.dns = dns;
    }

    public CompletableFuture<PtrResult> check(InetAddress client) {
        String address = InetAddresses.toAddrString(client);
        return dns.query(ReverseDnsName.ptrName(client), RecordType.PTR).thenCompose(ptr -> switch (ptr.status()) {
            case NX_DOMAIN, NO_DATA -> completed(PtrResult.Status.NONE, address + " has no PTR record");
            case TEMPORARY_ERROR -> completed(PtrResult.Status.TEMPERROR, "PTR lookup of " + address + " failed");
            case FOUND -> confirm(client, address, ptr.records().stream().limit(MAX_NAMES).map(PtrCheck::hostName)
                .distinct().toList());
        });
    }

    private CompletableFuture<PtrResult> confirm(InetAddress client, String address, List<String> names) {
        RecordType family = client instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
        return Futures.allOf(names.stream().map(name -> dns.query(name, family)).toList())
            .thenApply(answers -> decide(client, address, names, answers));
    }

    private static PtrResult decide(InetAddress client, String address, List<String> names, List<DnsAnswer> answers) {
        Optional<String> confirmed = IntStream.range(0, names.size())
            .filter(i -> resolvesTo(answers.get(i), client))
            .mapToObj(names::get)
            .findFirst();
        if (confirmed.isPresent()) {
            return new PtrResult(PtrResult.Status.PASS, confirmed,
                address + " has PTR " + confirmed.get() + ", which resolves back to it");
        }
        String listed = String.join(", ", names);
        if (answers.stream().anyMatch(DnsAnswer::isTemporaryError)) {
            return result(PtrResult.Status.TEMPERROR, "lookup of the PTR names of " + address + " (" + listed
                + ") failed");
        }
        return result(PtrResult.Status.FAIL, "the PTR names of " + address + " (" + listed
            + ") do not resolve back to it");
    }

    private static boolean resolvesTo(DnsAnswer answer, InetAddress client) {
        return answer.records().stream()
            .filter(InetAddresses::isInetAddress)
            .map(InetAddresses::forString)
            .anyMatch(client::equals);
    }

    private static String hostName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static CompletableFuture<PtrResult> completed(PtrResult.Status status, String reason) {
        return CompletableFuture.completedFuture(result(status, reason));
    }

    private static PtrResult result(PtrResult.Status status, String reason) {
        return new PtrResult(status, Optional.empty(), reason);
    }
}
