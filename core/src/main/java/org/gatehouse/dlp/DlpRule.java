package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSet;

/**
 * One tenant DLP rule: <em>what</em> (detectors and categories, at least {@code minCount} distinct values), <em>who</em>
 * (direction, sender and recipient domains, recipients outside or inside the tenant) and the <em>action</em>.
 */
public final class DlpRule {
    static final Set<String> FIELDS = Set.of("id", "description", "detectors", "categories", "minCount", "direction",
        "recipients", "senderDomains", "recipientDomains", "exceptRecipientDomains", "action");
    static final int MAX_MIN_COUNT = 100_000;
    static final int MAX_DOMAINS = 1000;
    static final int MAX_DETECTORS = 100;
    /** Rule ids that would collide with the rule ids the evaluator emits itself. */
    static final Set<String> RESERVED_IDS = Set.of("SCAN_TRUNCATED");

    private final String id;
    private final Optional<String> description;
    private final List<Detector> detectors;
    private final int minCount;
    private final Set<Direction> directions;
    private final RecipientScope recipients;
    private final Set<DomainName> senderDomains;
    private final Set<DomainName> recipientDomains;
    private final Set<DomainName> exceptRecipientDomains;
    private final DlpAction action;

    private DlpRule(String id, Optional<String> description, List<Detector> detectors, int minCount, Set<Direction> directions,
                    RecipientScope recipients, Set<DomainName> senderDomains, Set<DomainName> recipientDomains,
                    Set<DomainName> exceptRecipientDomains, DlpAction action) {
        this.id = id;
        this.description = description;
        this.detectors = List.copyOf(detectors);
        this.minCount = minCount;
        this.directions = ImmutableSet.copyOf(directions);
        this.recipients = recipients;
        this.senderDomains = ImmutableSet.copyOf(senderDomains);
        this.recipientDomains = ImmutableSet.copyOf(recipientDomains);
        this.exceptRecipientDomains = ImmutableSet.copyOf(exceptRecipientDomains);
        this.action = action;
    }

    /**
     * @param custom the tenant's patterns and keyword lists by id, which {@code detectors} and {@code CUSTOM} may name
     */
    static DlpRule parse(JsonNode node, String path, Map<String, Detector> custom) {
        DlpJson.object(node, path, FIELDS);
        String id = DlpJson.id(node, path);
        if (RESERVED_IDS.contains(id)) {
            throw new InvalidFieldException(path + ".id", "'" + id + "' is reserved");
        }
        Optional<String> description = Optional.ofNullable(node.get("description"))
            .map(value -> DlpJson.description(value, path + ".description"));
        Map<String, Detector> detectors = new LinkedHashMap<>();
        Optional.ofNullable(node.get("detectors")).ifPresent(value -> DlpJson.array(value, path + ".detectors", MAX_DETECTORS,
            (element, at) -> detectors.put(DlpJson.text(element, at), detector(DlpJson.text(element, at), at, custom))));
        Optional.ofNullable(node.get("categories")).ifPresent(value -> DlpJson.array(value, path + ".categories",
            DlpCategory.values().length, (element, at) -> {
                category(DlpJson.text(element, at), at, custom).forEach(detector -> detectors.put(detector.id(), detector));
                return null;
            }));
        if (detectors.isEmpty()) {
            throw new InvalidFieldException(path + ".detectors", "a rule names at least one detector or category");
        }
        int minCount = Optional.ofNullable(node.get("minCount"))
            .map(value -> DlpJson.integer(value, path + ".minCount", 1, MAX_MIN_COUNT)).orElse(1);
        Set<Direction> directions = Optional.ofNullable(node.get("direction"))
            .map(value -> directions(DlpJson.text(value, path + ".direction"), path + ".direction"))
            .orElse(EnumSet.of(Direction.OUTBOUND));
        RecipientScope recipients = Optional.ofNullable(node.get("recipients"))
            .map(value -> {
                String scope = DlpJson.text(value, path + ".recipients");
                return RecipientScope.parse(scope).orElseThrow(() -> new InvalidFieldException(path + ".recipients",
                    "'" + scope + "' is not one of any, external, internal"));
            })
            .orElse(RecipientScope.ANY);
        Set<DomainName> senderDomains = domains(node, "senderDomains", path);
        Set<DomainName> recipientDomains = domains(node, "recipientDomains", path);
        Set<DomainName> exceptRecipientDomains = domains(node, "exceptRecipientDomains", path);
        String actionName = DlpJson.required(node, "action", path);
        DlpAction action = DlpAction.parse(actionName).orElseThrow(() -> new InvalidFieldException(path + ".action",
            "'" + actionName + "' is not one of block, quarantine, notify, tag, log"));
        return new DlpRule(id, description, new ArrayList<>(detectors.values()), minCount, directions, recipients,
            senderDomains, recipientDomains, exceptRecipientDomains, action);
    }

    private static Detector detector(String id, String path, Map<String, Detector> custom) {
        return BuiltInDetector.byId(id).map(BuiltInDetector::detector)
            .or(() -> Optional.ofNullable(custom.get(id)))
            .orElseThrow(() -> new InvalidFieldException(path, "unknown detector '" + id + "'; built-in detectors are "
                + List.of(BuiltInDetector.values()) + (custom.isEmpty() ? "" : ", the tenant's are " + custom.keySet())));
    }

    private static List<Detector> category(String name, String path, Map<String, Detector> custom) {
        DlpCategory category;
        try {
            category = DlpCategory.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(path, "'" + name + "' is not one of " + List.of(DlpCategory.values()));
        }
        if (category == DlpCategory.CUSTOM) {
            if (custom.isEmpty()) {
                throw new InvalidFieldException(path, "CUSTOM names the section's patterns and keywords, and it defines none");
            }
            return List.copyOf(custom.values());
        }
        List<Detector> detectors = new ArrayList<>();
        for (BuiltInDetector builtIn : BuiltInDetector.values()) {
            if (builtIn.category() == category) {
                detectors.add(builtIn.detector());
            }
        }
        return detectors;
    }

    private static Set<Direction> directions(String value, String path) {
        return switch (value) {
            case "outbound" -> EnumSet.of(Direction.OUTBOUND);
            case "inbound" -> EnumSet.of(Direction.INBOUND);
            case "both" -> EnumSet.of(Direction.INBOUND, Direction.OUTBOUND);
            default -> throw new InvalidFieldException(path, "'" + value + "' is not one of outbound, inbound, both");
        };
    }

    private static Set<DomainName> domains(JsonNode node, String key, String path) {
        return Optional.ofNullable(node.get(key)).map(value -> DlpJson.domains(value, path + "." + key, MAX_DOMAINS))
            .orElse(Set.of());
    }

    /**
     * Whether the rule is about this message: its direction, its sender's domain when the rule lists some, and at least
     * one recipient the rule's recipient conditions select.
     */
    public boolean appliesTo(DlpEnvelope envelope) {
        if (!directions.contains(envelope.direction())) {
            return false;
        }
        if (!senderDomains.isEmpty() && envelope.sender().flatMap(DlpEnvelope::domainOf)
            .filter(domain -> DlpEnvelope.within(domain, senderDomains)).isEmpty()) {
            return false;
        }
        if (envelope.recipients().isEmpty()) {
            return recipients == RecipientScope.ANY && recipientDomains.isEmpty();
        }
        return envelope.recipients().stream().anyMatch(recipient -> selects(recipient, envelope.tenantDomains()));
    }

    private boolean selects(String recipient, Set<DomainName> tenantDomains) {
        Optional<String> domain = DlpEnvelope.domainOf(recipient);
        boolean internal = domain.filter(value -> DlpEnvelope.within(value, tenantDomains)).isPresent();
        boolean inScope = switch (recipients) {
            case ANY -> true;
            case EXTERNAL -> !internal;
            case INTERNAL -> internal;
        };
        return inScope
            && (recipientDomains.isEmpty() || domain.filter(value -> DlpEnvelope.within(value, recipientDomains)).isPresent())
            && domain.filter(value -> DlpEnvelope.within(value, exceptRecipientDomains)).isEmpty();
    }

    public String id() {
        return id;
    }

    /** The rule id in findings: {@code DLP_} and the rule's id. */
    public String findingRuleId() {
        return "DLP_" + id;
    }

    public Optional<String> description() {
        return description;
    }

    /** The detectors the rule counts, its categories expanded. */
    public List<String> detectorIds() {
        return detectors.stream().map(Detector::id).toList();
    }

    List<Detector> detectors() {
        return detectors;
    }

    public int minCount() {
        return minCount;
    }

    public Set<Direction> directions() {
        return directions;
    }

    public RecipientScope recipients() {
        return recipients;
    }

    public Set<DomainName> senderDomains() {
        return senderDomains;
    }

    public Set<DomainName> recipientDomains() {
        return recipientDomains;
    }

    public Set<DomainName> exceptRecipientDomains() {
        return exceptRecipientDomains;
    }

    public DlpAction action() {
        return action;
    }

    @Override
    public String toString() {
        return "DlpRule[" + id + ", " + detectorIds() + " >= " + minCount + ", " + directions + ", " + recipients + " -> "
            + action.asString() + "]";
    }
}
