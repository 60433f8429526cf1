package org.gatehouse.sender;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.gatehouse.sender.dkim.DkimResult;
import org.gatehouse.sender.dmarc.DmarcResult;
import org.gatehouse.sender.dnsbl.DnsblResult;
import org.gatehouse.sender.geo.GeoIpResult;
import org.gatehouse.sender.ptr.PtrResult;
import org.gatehouse.sender.spf.SpfResult;

import com.google.common.collect.ImmutableList;

/**
 * The results of every sender check for one message, before any tenant's policy is applied: gathered once and
 * judged per tenant. {@code dkim} and {@code dmarc} are empty at the SMTP stage, before the message is received.
 */
public record SenderEvidence(InetAddress clientIp, Optional<SpfResult> spf, ImmutableList<DkimResult> dkim, Optional<DmarcResult> dmarc,
                             Optional<PtrResult> ptr, ImmutableList<DnsblResult> dnsbl, GeoIpResult geo) {

    public static SenderEvidence beforeData(InetAddress clientIp, List<DnsblResult> dnsbl, GeoIpResult geo) {
        return new SenderEvidence(clientIp, Optional.empty(), ImmutableList.of(), Optional.empty(), Optional.empty(),
            ImmutableList.copyOf(dnsbl), geo);
    }

    /** The Authentication-Results method results (RFC 8601), in the order spf, dkim, dmarc, iprev. */
    public List<String> authenticationResults() {
        ImmutableList.Builder<String> results = ImmutableList.builder();
        spf.ifPresent(result -> results.add(result.authenticationResultsProperty()));
        dkim.forEach(result -> results.add(result.authenticationResultsProperties()));
        dmarc.ifPresent(result -> results.add(result.authenticationResultsProperty()));
        ptr.ifPresent(result -> results.add(result.authenticationResultsProperty(clientIp)));
        return results.build();
    }
}
