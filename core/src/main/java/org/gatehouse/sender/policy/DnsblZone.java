package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;
import static org.gatehouse.sender.policy.PolicyJson.field;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;

/**
 * One DNS blocklist a tenant queries: the zone, the answers that mean "listed" with what each means, and the
 * outcome of a listing.
 *
 * @param returnCodes listing answers (IPv4 addresses in 127.0.0.0/8) and their meaning; empty means any
 *                    answer in 127.0.0.0/8 is a listing
 */
public record DnsblZone(DomainName zone, ImmutableMap<String, String> returnCodes, CheckOutcome outcome) {
    public static final int MAX_RETURN_CODES = 64;
    public static final int MAX_MEANING_LENGTH = 200;
    private static final Set<String> FIELDS = Set.of("zone", "returnCodes", "action", "score");
    private static final Cidr LOOPBACK = Cidr.parse("loopback", "127.0.0.0/8");

    public DnsblZone {
        Objects.requireNonNull(zone);
        Objects.requireNonNull(returnCodes);
        Objects.requireNonNull(outcome);
    }

    /**
     * Whether this answer to the zone's A query lists the address and, when it does, what the listing means.
     * Without configured codes any answer in 127.0.0.0/8 lists.
     */
    public Optional<String> listing(String answer) {
        Optional<String> address = Cidr.parseAddress(answer).filter(LOOPBACK::contains).map(InetAddress::getHostAddress);
        if (returnCodes.isEmpty()) {
            return address.map(code -> "listed in " + zone.asString() + " (" + code + ")");
        }
        return address.map(returnCodes::get);
    }

    static DnsblZone parse(JsonNode node, String path) {
        PolicyJson.object(node, path, FIELDS);
        DomainName zone = DomainName.of(child(path, "zone"), PolicyJson.requiredText(node, "zone", path));
        ImmutableMap<String, String> returnCodes = field(node, "returnCodes")
            .map(codes -> returnCodes(codes, child(path, "returnCodes")))
            .orElse(ImmutableMap.of());
        JsonNode action = field(node, "action")
            .orElseThrow(() -> new InvalidFieldException(child(path, "action"), "is required"));
        CheckOutcome outcome = new CheckOutcome(
            PolicyJson.action(action, child(path, "action"), PolicyJson.SENDER_ACTIONS),
            field(node, "score").map(score -> PolicyJson.score(score, child(path, "score"))).orElse(0.0));
        return new DnsblZone(zone, returnCodes, outcome);
    }

    private static ImmutableMap<String, String> returnCodes(JsonNode codes, String path) {
        if (!codes.isObject()) {
            throw new InvalidFieldException(path, "must be an object {\"127.0.0.2\": \"what it means\", ...}");
        }
        if (codes.size() > MAX_RETURN_CODES) {
            throw new InvalidFieldException(path, "must have at most " + MAX_RETURN_CODES + " codes");
        }
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = codes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> code = fields.next();
            String codePath = path + "[\"" + code.getKey() + "\"]";
            String address = Cidr.parseAddress(code.getKey())
                .filter(parsed -> parsed instanceof Inet4Address && LOOPBACK.contains(parsed))
                .map(InetAddress::getHostAddress)
                .orElseThrow(() -> new InvalidFieldException(codePath, "'" + code.getKey()
                    + "' is not an IPv4 address in 127.0.0.0/8"));
            String meaning = PolicyJson.text(code.getValue(), codePath);
            if (meaning.isBlank() || meaning.length() > MAX_MEANING_LENGTH) {
                throw new InvalidFieldException(codePath, "must be a text of 1 to " + MAX_MEANING_LENGTH + " characters");
            }
            if (result.putIfAbsent(address, meaning) != null) {
                throw new InvalidFieldException(codePath, "duplicates the code " + address);
            }
        }
        return ImmutableMap.copyOf(result);
    }
}
