package org.gatehouse.transport;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant's TLS policy (the {@code tls} section): the partners that must send to it over TLS ({@code inbound.requireFrom}:
 * entries of type ip, domain or subdomains, matched against the client address and the envelope sender's domain),
 * and the TLS level of its outbound mail per destination domain ({@code outbound.domains}, a domain also covering
 * its subdomains, the nearest entry winning) with a default ({@code outbound.default}, opportunistic).
 */
public record TlsPolicy(SenderList requireFrom, TlsLevel outboundDefault, Map<String, TlsLevel> outboundDomains) {
    public static final String SECTION = "tls";
    static final int MAX_DOMAINS = 10_000;
    private static final Set<String> FIELDS = Set.of("inbound", "outbound");
    private static final Set<String> INBOUND_FIELDS = Set.of("requireFrom");
    private static final Set<String> OUTBOUND_FIELDS = Set.of("default", "domains");
    private static final Set<SenderEntry.Type> PARTNER_TYPES = Set.of(SenderEntry.Type.IP, SenderEntry.Type.DOMAIN,
        SenderEntry.Type.SUBDOMAINS);

    public TlsPolicy {
        outboundDomains = Map.copyOf(outboundDomains);
    }

    public static TlsPolicy defaults() {
        return new TlsPolicy(SenderList.empty(), TlsLevel.OPPORTUNISTIC, Map.of());
    }

    public static TlsPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(TlsPolicy::parse).orElseGet(TlsPolicy::defaults);
    }

    /** @throws InvalidFieldException with the path from the document root, e.g. {@code tls.outbound.domains.example.com} */
    public static TlsPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        SenderList requireFrom = SenderList.empty();
        JsonNode inbound = section.get("inbound");
        if (inbound != null) {
            JsonFields.object(inbound, SECTION + ".inbound", INBOUND_FIELDS);
            requireFrom = SenderLists.parseList(inbound.get("requireFrom"), SECTION + ".inbound.requireFrom", PARTNER_TYPES);
        }
        TlsLevel outboundDefault = TlsLevel.OPPORTUNISTIC;
        Map<String, TlsLevel> domains = new LinkedHashMap<>();
        JsonNode outbound = section.get("outbound");
        if (outbound != null) {
            String path = SECTION + ".outbound";
            JsonFields.object(outbound, path, OUTBOUND_FIELDS);
            if (outbound.has("default")) {
                outboundDefault = level(outbound.get("default"), path + ".default");
            }
            JsonNode domainLevels = outbound.get("domains");
            if (domainLevels != null) {
                if (!domainLevels.isObject() || domainLevels.size() > MAX_DOMAINS) {
                    throw new InvalidFieldException(path + ".domains", "must be an object of at most " + MAX_DOMAINS
                        + " destination domains, each mapped to a TLS level");
                }
                Iterator<Map.Entry<String, JsonNode>> entries = domainLevels.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    String field = path + ".domains." + entry.getKey();
                    String domain = DomainName.of(field, entry.getKey()).asString();
                    if (domains.put(domain, level(entry.getValue(), field)) != null) {
                        throw new InvalidFieldException(field, "names a domain already listed");
                    }
                }
            }
        }
        return new TlsPolicy(requireFrom, outboundDefault, domains);
    }

    /** The level for a destination: its own entry, else its nearest parent domain's, else the default. */
    public TlsLevel outboundLevel(String destinationDomain) {
        String candidate = destinationDomain.toLowerCase(Locale.ROOT);
        while (true) {
            TlsLevel level = outboundDomains.get(candidate);
            if (level != null) {
                return level;
            }
            int dot = candidate.indexOf('.');
            if (dot < 0) {
                return outboundDefault;
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    /** The partner entry that makes this client or sender domain send over TLS, if any. */
    public Optional<SenderEntry> tlsRequiredFor(java.net.InetAddress client, Optional<String> senderDomain) {
        return requireFrom.matchHostOrDomain(client, senderDomain);
    }

    private static TlsLevel level(JsonNode node, String path) {
        return Optional.ofNullable(node).filter(JsonNode::isTextual).flatMap(value -> TlsLevel.parse(value.textValue()))
            .orElseThrow(() -> new InvalidFieldException(path, "must be one of none, opportunistic, required, required_verified"));
    }

}
