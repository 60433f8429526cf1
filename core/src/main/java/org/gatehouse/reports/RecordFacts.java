package org.gatehouse.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.Stage;

import com.google.common.collect.ImmutableList;

/**
 * What the rollups read of one message-log record: enough to classify it, attribute it to its tenants, count it and
 * name it in the top lists.
 *
 * @param tenants the tenants the record is counted for ({@code ""} when none was known)
 * @param recipients the recipients whose outcome is this record's (recipients a refusal record lists as accepted are
 *                   another record's)
 */
public record RecordFacts(Instant receivedAt, Instant updatedAt, String direction, ImmutableList<String> tenants, Stage stage,
                          Disposition disposition, Optional<String> reply, int refusals, boolean aggregated,
                          ImmutableList<String> ruleIds, ImmutableList<String> reasons, String sender,
                          Optional<String> clientIp, ImmutableList<String> recipients) {
    /** The tenant of records that concern none (refused before a recipient was known, mail the gateway sent). */
    public static final String NO_TENANT = "";
    /**
     * The rollups' row for every tenant together (no tenant id can be {@code *}): the operator's view reads one row per
     * hour and outcome rather than one per tenant, and counts a record that concerned several tenants once.
     */
    public static final String ALL_TENANTS = "*";

    private static final Pattern RULE_ID = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
    private static final Set<String> NOT_RULES = Set.of("TAGGED", "BLOCKED", "REJECTED", "DEFERRED", "REDIRECTED");

    /** The rollup rows the record counts in: each of its tenants', and the all-tenant row. */
    public List<String> rollupTenants() {
        return ImmutableList.<String>builder().addAll(tenants).add(ALL_TENANTS).build();
    }

    public Outcome outcome() {
        return OutcomeClassifier.classify(stage, disposition, ruleIds, reply, reasons);
    }

    /** How many messages the record stands for: an aggregated refusal record counts each refusal. */
    public long weight() {
        return aggregated ? Math.max(1, refusals) : 1;
    }

    /** From receipt to the downstream's 250: for delivered mail only. */
    public Optional<Duration> deliveryDelay() {
        boolean delivered = stage == Stage.QUEUE
            && (disposition == Disposition.DELIVERED || disposition == Disposition.PARTIALLY_DELIVERED);
        return delivered ? Optional.of(Duration.between(receivedAt, updatedAt)) : Optional.empty();
    }

    /** The items this record counts for in a top list. */
    public List<String> items(TopDimension dimension) {
        return switch (dimension) {
            case SENDER -> List.of(sender.isEmpty() ? "<>" : sender.toLowerCase(Locale.ROOT));
            case SENDER_DOMAIN -> List.of(sender.contains("@") ? sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT) : "<>");
            case RECIPIENT -> recipients.stream().map(recipient -> recipient.toLowerCase(Locale.ROOT)).distinct().toList();
            case CLIENT_IP -> clientIp.map(List::of).orElse(List.of());
            case RULE -> rules();
        };
    }

    /** The rule ids of a refusal, or those named in an accepted message's reasons (each once). */
    private List<String> rules() {
        Set<String> rules = new LinkedHashSet<>(ruleIds);
        for (String reason : reasons) {
            Matcher matcher = RULE_ID.matcher(reason);
            while (matcher.find()) {
                if (!NOT_RULES.contains(matcher.group())) {
                    rules.add(matcher.group());
                }
            }
        }
        return List.copyOf(rules);
    }
}
