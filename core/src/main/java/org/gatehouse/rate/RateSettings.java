package org.gatehouse.rate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.tenant.Cidr;

/**
 * The operator's rate control (conf/gatehouse.properties): the per-IP limits every client meets, inbound and
 * outbound (empty = none), the clients and senders exempt from every limit, and the concurrent connections one IP
 * may hold (0 = unlimited).
 */
public record RateSettings(Optional<RateLimit> inbound, Optional<RateLimit> outbound, SenderList exempt, int maxConnectionsPerIp) {
    public static RateSettings none() {
        return new RateSettings(Optional.empty(), Optional.empty(), SenderList.empty(), 0);
    }

    /**
     * The exemption list from a configuration value: IP addresses and CIDR networks, addresses ({@code local@domain})
     * and domains, comma or blank separated.
     *
     * @throws org.gatehouse.validation.InvalidFieldException naming {@code key} and the entry that does not read
     */
    public static SenderList exemptions(List<String> values, String key) {
        List<SenderEntry> entries = new ArrayList<>();
        for (String value : values) {
            SenderEntry.Type type = Cidr.parseAddress(value.contains("/") ? value.substring(0, value.indexOf('/')) : value).isPresent()
                ? SenderEntry.Type.IP : value.contains("@") ? SenderEntry.Type.ADDRESS : SenderEntry.Type.DOMAIN;
            entries.add(SenderEntry.of(type, value, Optional.empty(), key));
        }
        return SenderList.of(entries.stream().distinct().toList());
    }
}
