package org.gatehouse.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.recipient.RecipientEntry;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outbound abuse control (the {@code outbound} policy section, docs/outbound-abuse.md): the spam score of the
 * tenant's outbound mail against its own thresholds ({@code spam.tag}, {@code spam.quarantine}, {@code spam.block};
 * a block bounces to the sender), and the compromised-account guard ({@code anomaly}): a sender whose messages, or
 * spam, in the current hour exceed {@code factor} times its own hourly average of the last {@code baselineDays}
 * (and at least {@code minMessages} / {@code minSpam}) has its further mail held, and {@code notifyTo} is told.
 */
public record OutboundPolicy(SpamThresholds spam, Optional<Anomaly> anomaly) {
    /** The longest baseline a policy may ask for; the hourly counts are kept one day longer (OutboundAnomaly#purge). */
    public static final int MAX_BASELINE_DAYS = 60;
    public static final String SECTION = "outbound";
    private static final Set<String> FIELDS = Set.of("spam", "anomaly");
    private static final Set<String> SPAM_FIELDS = Set.of("tag", "quarantine", "block");
    private static final Set<String> ANOMALY_FIELDS = Set.of("factor", "minMessages", "minSpam", "baselineDays", "notifyTo");
    /** Off until the tenant sets thresholds: its outbound mail is not scored (docs/outbound-abuse.md suggests 60 / 80 / 95). */
    static final SpamThresholds DEFAULT_SPAM = new SpamThresholds(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

    /** Scores from which outbound mail is tagged, held, bounced; each optional, in rising order. */
    public record SpamThresholds(OptionalInt tag, OptionalInt quarantine, OptionalInt block) {
        public Action actionFor(int score) {
            if (block.isPresent() && score >= block.getAsInt()) {
                return Action.BLOCK;
            }
            if (quarantine.isPresent() && score >= quarantine.getAsInt()) {
                return Action.QUARANTINE;
            }
            if (tag.isPresent() && score >= tag.getAsInt()) {
                return Action.TAG;
            }
            return Action.PASS;
        }

        public boolean any() {
            return tag.isPresent() || quarantine.isPresent() || block.isPresent();
        }

        /** The lowest threshold: a message at or over it counts as spam for the anomaly guard. */
        public int spamFrom() {
            return tag.orElse(quarantine.orElse(block.orElse(101)));
        }
    }

    /** The compromised-account guard. */
    public record Anomaly(int factor, int minMessages, int minSpam, int baselineDays, List<String> notifyTo) {
    }

    public static OutboundPolicy defaults() {
        return new OutboundPolicy(DEFAULT_SPAM, Optional.empty());
    }

    public static OutboundPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(OutboundPolicy::parse).orElseGet(OutboundPolicy::defaults);
    }

    /** @throws InvalidFieldException with the path from the document root, e.g. {@code outbound.spam.block} */
    public static OutboundPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        SpamThresholds spam = DEFAULT_SPAM;
        JsonNode spamNode = section.get("spam");
        if (spamNode != null && !spamNode.isNull()) {
            String path = SECTION + ".spam";
            JsonFields.object(spamNode, path, SPAM_FIELDS);
            spam = new SpamThresholds(score(spamNode, "tag", path), score(spamNode, "quarantine", path), score(spamNode, "block", path));
            int previous = 0;
            for (String field : List.of("tag", "quarantine", "block")) {
                OptionalInt value = score(spamNode, field, path);
                if (value.isPresent()) {
                    if (value.getAsInt() <= previous) {
                        throw new InvalidFieldException(path + "." + field, "must be above the thresholds before it (tag < quarantine < block)");
                    }
                    previous = value.getAsInt();
                }
            }
        }
        Optional<Anomaly> anomaly = Optional.empty();
        JsonNode anomalyNode = section.get("anomaly");
        if (anomalyNode != null && !anomalyNode.isNull()) {
            String path = SECTION + ".anomaly";
            JsonFields.object(anomalyNode, path, ANOMALY_FIELDS);
            List<String> notifyTo = new ArrayList<>();
            JsonNode notify = anomalyNode.get("notifyTo");
            if (notify != null && !notify.isNull()) {
                if (!notify.isArray() || notify.size() > 20) {
                    throw new InvalidFieldException(path + ".notifyTo", "must be a list of at most 20 addresses");
                }
                for (int i = 0; i < notify.size(); i++) {
                    notifyTo.add(RecipientEntry.normalize(notify.get(i).isTextual() ? notify.get(i).textValue() : "", path + ".notifyTo[" + i + "]"));
                }
            }
            anomaly = Optional.of(new Anomaly(integer(anomalyNode, "factor", path, 5, 2, 1000), integer(anomalyNode, "minMessages", path, 50, 1, 1_000_000),
                integer(anomalyNode, "minSpam", path, 10, 1, 1_000_000), integer(anomalyNode, "baselineDays", path, 7, 1, MAX_BASELINE_DAYS), List.copyOf(notifyTo)));
        }
        return new OutboundPolicy(spam, anomaly);
    }

    private static OptionalInt score(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || value.intValue() < 1 || value.intValue() > 100) {
            throw new InvalidFieldException(path + "." + field, "must be a score from 1 to 100");
        }
        return OptionalInt.of(value.intValue());
    }

    private static int integer(JsonNode node, String field, String path, int otherwise, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidFieldException(path + "." + field, "must be an integer from " + min + " to " + max);
        }
        return value.intValue();
    }
}
