package org.gatehouse.rate;

import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant's rate limits (the {@code rate} policy section), applied per client IP on top of the operator's:
 * inbound (messages from one IP to the tenant's domains) and outbound (messages one of the tenant's relay clients
 * sends), each {@code {"messages": N, "window": "30m"}} or absent (only the operator's limit applies), and the
 * senders exempt from the tenant's limits (entries of type ip, address, domain or subdomains).
 */
public record RatePolicy(Optional<RateLimit> inbound, Optional<RateLimit> outbound, SenderList exempt) {
    public static final String SECTION = "rate";
    static final int MAX_MESSAGES = 10_000_000;
    private static final Set<String> FIELDS = Set.of("inbound", "outbound", "exempt");
    private static final Set<String> LIMIT_FIELDS = Set.of("messages", "window");

    public static RatePolicy none() {
        return new RatePolicy(Optional.empty(), Optional.empty(), SenderList.empty());
    }

    public static RatePolicy of(PolicyDocument document) {
        return document.section(SECTION).map(RatePolicy::parse).orElseGet(RatePolicy::none);
    }

    /** @throws InvalidFieldException with the path from the document root, e.g. {@code rate.inbound.window} */
    public static RatePolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        return new RatePolicy(limit(section.get("inbound"), SECTION + ".inbound"), limit(section.get("outbound"), SECTION + ".outbound"),
            SenderLists.parseList(section.get("exempt"), SECTION + ".exempt", SenderEntry.Type.ALL));
    }

    private static Optional<RateLimit> limit(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        JsonFields.object(node, path, LIMIT_FIELDS);
        JsonNode messages = node.get("messages");
        if (messages == null || !messages.isIntegralNumber() || messages.longValue() < 1 || messages.longValue() > MAX_MESSAGES) {
            throw new InvalidFieldException(path + ".messages", "must be an integer from 1 to " + MAX_MESSAGES);
        }
        JsonNode window = node.get("window");
        return Optional.of(new RateLimit(messages.intValue(), window == null ? RateLimit.DEFAULT_WINDOW
            : RateLimit.window(window.isTextual() ? window.textValue() : null, path + ".window")));
    }

}
