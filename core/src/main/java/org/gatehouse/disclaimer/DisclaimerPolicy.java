package org.gatehouse.disclaimer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tenant's outbound disclaimer (the {@code disclaimer} policy section): the plain-text and HTML texts, their
 * position, per-sender-domain overrides, and what to do with signed or encrypted messages. Read strictly: unknown
 * keys, wrong types, bad texts and bad domains are refused with their path. An absent section means no disclaimer.
 */
public final class DisclaimerPolicy {
    public static final String SECTION = "disclaimer";
    static final int MAX_SENDER_DOMAINS = 500;
    private static final Set<String> FIELDS = Set.of("enabled", "text", "html", "position", "signedMessages", "senderDomains");
    private static final Set<String> OVERRIDE_FIELDS = Set.of("enabled", "text", "html", "position");

    private static final DisclaimerPolicy NONE = new DisclaimerPolicy(Optional.empty(), Map.of(), SignedMessageHandling.SKIP);

    private final Optional<Disclaimer> standard;
    private final Map<DomainName, Optional<Disclaimer>> senderDomains;
    private final SignedMessageHandling signedMessages;

    private DisclaimerPolicy(Optional<Disclaimer> standard, Map<DomainName, Optional<Disclaimer>> senderDomains,
                             SignedMessageHandling signedMessages) {
        this.standard = standard;
        this.senderDomains = Map.copyOf(senderDomains);
        this.signedMessages = signedMessages;
    }

    /** No disclaimer: a tenant without the section, or with it disabled. */
    public static DisclaimerPolicy none() {
        return NONE;
    }

    public static DisclaimerPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(DisclaimerPolicy::parse).orElseGet(DisclaimerPolicy::none);
    }

    /**
     * Reads a {@code disclaimer} section. {@code enabled} (default true) switches the whole section; an override
     * without texts of its own uses the section's, and without a position the section's ({@code bottom} by default).
     *
     * @throws InvalidFieldException with the path from the document root, e.g. {@code disclaimer.senderDomains.x.example.html}
     */
    public static DisclaimerPolicy parse(JsonNode section) {
        String path = SECTION;
        object(section, path, FIELDS);
        boolean enabled = bool(section.get("enabled"), path + ".enabled");
        DisclaimerPosition position = position(section.get("position"), path + ".position", DisclaimerPosition.BOTTOM);
        SignedMessageHandling signed = signedMessages(section.get("signedMessages"), path + ".signedMessages");
        Optional<Disclaimer> standard = disclaimer(section, path, position);
        Map<DomainName, Optional<Disclaimer>> overrides = new LinkedHashMap<>();
        JsonNode domains = section.get("senderDomains");
        if (domains != null) {
            if (!domains.isObject() || domains.size() > MAX_SENDER_DOMAINS) {
                throw new InvalidFieldException(path + ".senderDomains", "must be an object of at most " + MAX_SENDER_DOMAINS
                    + " sender domains");
            }
            domains.fields().forEachRemaining(entry -> {
                String field = path + ".senderDomains." + entry.getKey();
                DomainName domain = DomainName.of(field, entry.getKey());
                if (overrides.containsKey(domain)) {
                    throw new InvalidFieldException(field, "repeats sender domain " + domain.asString());
                }
                overrides.put(domain, override(entry.getValue(), field, standard, position));
            });
        }
        if (enabled && standard.isEmpty() && overrides.isEmpty()) {
            throw new InvalidFieldException(path + ".text", "an enabled disclaimer needs a text, an html, or both");
        }
        return enabled ? new DisclaimerPolicy(standard, overrides, signed) : none();
    }

    /**
     * The section as stored: validated, texts in their stored form ({@link Disclaimer#checkedText}), HTML sanitised
     * ({@link Disclaimer#sanitizedHtml}), sender domains in lower case.
     */
    public static JsonNode normalized(JsonNode section) {
        parse(section);
        ObjectNode stored = (ObjectNode) section.deepCopy();
        storedTexts(stored, SECTION);
        JsonNode domains = section.get("senderDomains");
        if (domains != null) {
            ObjectNode storedDomains = stored.putObject("senderDomains");
            domains.fields().forEachRemaining(entry -> {
                String field = SECTION + ".senderDomains." + entry.getKey();
                ObjectNode override = (ObjectNode) entry.getValue().deepCopy();
                storedTexts(override, field);
                storedDomains.set(DomainName.of(field, entry.getKey()).asString(), override);
            });
        }
        return stored;
    }

    private static void storedTexts(ObjectNode node, String path) {
        if (node.has("text")) {
            node.put("text", Disclaimer.checkedText(node.get("text").textValue(), path + ".text"));
        }
        if (node.has("html")) {
            node.put("html", Disclaimer.sanitizedHtml(node.get("html").textValue(), path + ".html"));
        }
    }

    private static Optional<Disclaimer> override(JsonNode node, String path, Optional<Disclaimer> standard,
                                                 DisclaimerPosition sectionPosition) {
        object(node, path, OVERRIDE_FIELDS);
        boolean enabled = bool(node.get("enabled"), path + ".enabled");
        DisclaimerPosition position = position(node.get("position"), path + ".position", sectionPosition);
        Optional<Disclaimer> own = disclaimer(node, path, position);
        if (!enabled) {
            return Optional.empty();
        }
        if (own.isPresent()) {
            return own;
        }
        return Optional.of(standard.map(disclaimer -> disclaimer.at(position)).orElseThrow(() -> new InvalidFieldException(
            path + ".text", "needs a text or an html, its own or the section's")));
    }

    private static Optional<Disclaimer> disclaimer(JsonNode node, String path, DisclaimerPosition position) {
        Optional<String> text = string(node.get("text"), path + ".text");
        Optional<String> html = string(node.get("html"), path + ".html");
        if (text.isEmpty() && html.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Disclaimer.of(text, html, position, path));
    }

    private static Optional<String> string(JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string");
        }
        return Optional.of(node.textValue());
    }

    private static boolean bool(JsonNode node, String path) {
        if (node == null) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new InvalidFieldException(path, "must be true or false");
        }
        return node.booleanValue();
    }

    private static DisclaimerPosition position(JsonNode node, String path, DisclaimerPosition absent) {
        if (node == null) {
            return absent;
        }
        String value = node.isTextual() ? node.textValue() : "";
        for (DisclaimerPosition position : DisclaimerPosition.values()) {
            if (position.asString().equals(value)) {
                return position;
            }
        }
        throw new InvalidFieldException(path, "must be top or bottom");
    }

    private static SignedMessageHandling signedMessages(JsonNode node, String path) {
        if (node == null) {
            return SignedMessageHandling.SKIP;
        }
        String value = node.isTextual() ? node.textValue() : "";
        for (SignedMessageHandling handling : SignedMessageHandling.values()) {
            if (handling.asString().equals(value)) {
                return handling;
            }
        }
        throw new InvalidFieldException(path, "must be skip or attach");
    }

    private static void object(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path, "must be an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(path + "." + name, "unknown field; known fields are " + new TreeSet<>(known));
            }
        }
    }

    /**
     * The tenant's disclaimer for mail from this sender domain: the domain's override when there is one (empty when
     * the override is disabled), otherwise the section's; empty when the tenant has none.
     */
    public Optional<Disclaimer> forSenderDomain(Optional<String> domain) {
        Optional<Optional<Disclaimer>> override = domain
            .map(value -> value.toLowerCase(Locale.ROOT))
            .flatMap(value -> senderDomains.entrySet().stream()
                .filter(entry -> entry.getKey().asString().equals(value))
                .map(Map.Entry::getValue)
                .findFirst());
        return override.orElse(standard);
    }

    public SignedMessageHandling signedMessages() {
        return signedMessages;
    }
}
