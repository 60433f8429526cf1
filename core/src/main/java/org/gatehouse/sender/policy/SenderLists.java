package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;

/**
 * Who a tenant always accepts ({@code allow}), always refuses ({@code block}), and exempts from one sender check
 * ({@code exemptions}). Pure: matching reads nothing but its arguments.
 */
public final class SenderLists {
    public static final String ALLOW = "allow";
    public static final String BLOCK = "block";
    public static final String EXEMPTIONS = "exemptions";
    public static final Set<SenderEntry.Type> EXEMPTION_TYPES =
        Set.of(SenderEntry.Type.DOMAIN, SenderEntry.Type.SUBDOMAINS, SenderEntry.Type.IP);

    public static SenderLists empty() {
        Map<SenderCheck, SenderList> exemptions = new EnumMap<>(SenderCheck.class);
        for (SenderCheck check : SenderCheck.values()) {
            exemptions.put(check, SenderList.empty());
        }
        return new SenderLists(SenderList.empty(), SenderList.empty(), exemptions);
    }

    /** Reads the lists of the sender section; duplicates, within a list or between allow and block, are refused. */
    static SenderLists parse(JsonNode section, String path) {
        Map<SenderEntry.Key, String> allowPaths = new HashMap<>();
        SenderList allow = list(section.get(ALLOW), child(path, ALLOW), SenderEntry.Type.ALL, allowPaths, Map.of());
        SenderList block = list(section.get(BLOCK), child(path, BLOCK), SenderEntry.Type.ALL, new HashMap<>(), allowPaths);
        Map<SenderCheck, SenderList> exemptions = new EnumMap<>(SenderCheck.class);
        JsonNode exemptionsNode = section.get(EXEMPTIONS);
        String exemptionsPath = child(path, EXEMPTIONS);
        if (exemptionsNode != null) {
            PolicyJson.object(exemptionsNode, exemptionsPath, SenderCheck.keys());
        }
        for (SenderCheck check : SenderCheck.values()) {
            JsonNode checkList = exemptionsNode == null ? null : exemptionsNode.get(check.key());
            exemptions.put(check, list(checkList, child(exemptionsPath, check.key()), EXEMPTION_TYPES, new HashMap<>(), Map.of()));
        }
        return new SenderLists(allow, block, exemptions);
    }

    /**
     * A single list of entries of the given types (another section's exemption list, say), refusing duplicates with
     * their paths; an absent node is the empty list.
     */
    public static SenderList parseList(JsonNode node, String path, Set<SenderEntry.Type> types) {
        return list(node, path, types, new java.util.HashMap<>(), Map.of());
    }

    /**
     * @param seen filled with the key and path of every entry read
     * @param otherList keys and paths of the list an entry must not also be in
     */
    private static SenderList list(JsonNode node, String path, Set<SenderEntry.Type> types, Map<SenderEntry.Key, String> seen,
                                   Map<SenderEntry.Key, String> otherList) {
        if (node == null) {
            return SenderList.empty();
        }
        PolicyJson.array(node, path, SenderList.MAX_ENTRIES);
        List<SenderEntry> entries = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String entryPath = PolicyJson.index(path, i);
            SenderEntry entry = SenderEntry.parse(node.get(i), entryPath, types);
            String earlier = seen.putIfAbsent(entry.key(), entryPath);
            if (earlier != null) {
                throw new InvalidFieldException(child(entryPath, "value"), "duplicates " + earlier + " (" + entry.key() + ")");
            }
            if (otherList.containsKey(entry.key())) {
                throw new InvalidFieldException(child(entryPath, "value"), "is also in " + otherList.get(entry.key())
                    + " (" + entry.key() + "); a sender is either allowed or blocked");
            }
            entries.add(entry);
        }
        return SenderList.of(entries);
    }

    private final SenderList allow;
    private final SenderList block;
    private final ImmutableMap<SenderCheck, SenderList> exemptions;

    private SenderLists(SenderList allow, SenderList block, Map<SenderCheck, SenderList> exemptions) {
        this.allow = allow;
        this.block = block;
        this.exemptions = ImmutableMap.copyOf(exemptions);
    }

    public SenderList allow() {
        return allow;
    }

    public SenderList block() {
        return block;
    }

    public SenderList exemptions(SenderCheck check) {
        return exemptions.get(check);
    }

    /**
     * The allow entry naming this message's sender, by client address, envelope sender or From header address.
     * See {@link SenderList#match} for the order.
     *
     * @param envelopeSender the MAIL FROM address; empty for the null reverse-path
     */
    public Optional<SenderEntry> allowMatch(InetAddress ip, String envelopeSender, Optional<String> fromHeaderAddress) {
        return allow.match(ip, envelopeSender, fromHeaderAddress);
    }

    /** The block entry naming this message's sender; see {@link #allowMatch}. */
    public Optional<SenderEntry> blockMatch(InetAddress ip, String envelopeSender, Optional<String> fromHeaderAddress) {
        return block.match(ip, envelopeSender, fromHeaderAddress);
    }

    /**
     * The exemption entry that skips this check for this client or domain.
     *
     * @param domain the domain the check evaluates (SPF: MAIL FROM or HELO; DKIM: the signing domain; DMARC: the
     *               From domain; PTR: none needed)
     */
    public Optional<SenderEntry> exemption(SenderCheck check, Optional<String> domain, InetAddress ip) {
        return exemptions.get(check).matchHostOrDomain(ip, domain);
    }

    /**
     * Holds a write to the operator's limit on list sizes.
     *
     * @param path the section's path, {@code sender}
     * @throws InvalidFieldException naming the list, e.g. {@code sender.allow}
     */
    public void checkLimits(TenantLimits limits, String path) {
        limits.checkSenderList(child(path, ALLOW), allow);
        limits.checkSenderList(child(path, BLOCK), block);
        String exemptionsPath = child(path, EXEMPTIONS);
        for (SenderCheck check : SenderCheck.values()) {
            limits.checkSenderList(child(exemptionsPath, check.key()), exemptions.get(check));
        }
    }

    public boolean isExempt(SenderCheck check, Optional<String> domain, InetAddress ip) {
        return exemption(check, domain, ip).isPresent();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SenderLists)) {
            return false;
        }
        SenderLists that = (SenderLists) o;
        return allow.equals(that.allow) && block.equals(that.block) && exemptions.equals(that.exemptions);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(allow, block, exemptions);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("allow", allow)
            .add("block", block)
            .add("exemptions", exemptions)
            .toString();
    }
}
