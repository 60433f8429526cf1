package org.gatehouse.reports;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.reports.mail.ReportSchedule;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.validation.PlainAddress;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Preconditions;

/**
 * A tenant's scheduled mail reports (the {@code reports} section): how often a report goes out, to whom, and the time
 * zone its days start in. Without a section: no report, no recipients, UTC.
 *
 * @param recipients plain addresses as written, no two the same ignoring case; the sender keeps only those in the
 *                   tenant's domains ({@link #recipientsIn})
 */
public record ReportsPolicy(ReportSchedule schedule, List<String> recipients, ZoneId timeZone) {
    public static final String SECTION = "reports";
    public static final int MAX_RECIPIENTS = 20;
    private static final Set<String> FIELDS = Set.of("schedule", "recipients", "timeZone");

    public ReportsPolicy {
        Objects.requireNonNull(schedule, "schedule");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(timeZone, "timeZone");
        Preconditions.checkArgument(recipients.size() <= MAX_RECIPIENTS, "at most %s recipients", MAX_RECIPIENTS);
        Preconditions.checkArgument(recipients.stream().allMatch(PlainAddress::isValid), "recipients must be plain addresses");
        Preconditions.checkArgument(schedule == ReportSchedule.OFF || !recipients.isEmpty(),
            "a report schedule needs at least one recipient");
    }

    public static ReportsPolicy defaults() {
        return new ReportsPolicy(ReportSchedule.OFF, List.of(), ZoneOffset.UTC);
    }

    public static ReportsPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(ReportsPolicy::parse).orElseGet(ReportsPolicy::defaults);
    }

    /**
     * Reads the section; a field it does not name keeps its default.
     *
     * @throws InvalidFieldException with the path from the document root, e.g. {@code reports.recipients[2]}
     */
    public static ReportsPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        ReportsPolicy defaults = defaults();
        JsonNode scheduleNode = section.get("schedule");
        ReportSchedule schedule = scheduleNode == null ? defaults.schedule() : schedule(scheduleNode, SECTION + ".schedule");
        JsonNode recipientsNode = section.get("recipients");
        List<String> recipients = recipientsNode == null ? defaults.recipients()
            : recipients(recipientsNode, SECTION + ".recipients");
        JsonNode zoneNode = section.get("timeZone");
        ZoneId zone = zoneNode == null ? defaults.timeZone() : zone(zoneNode, SECTION + ".timeZone");
        if (schedule != ReportSchedule.OFF && recipients.isEmpty()) {
            throw new InvalidFieldException(SECTION + ".recipients", "at least one recipient is required when the schedule is "
                + schedule.asString());
        }
        return new ReportsPolicy(schedule, recipients, zone);
    }

    /**
     * The recipients in one of the tenant's domains (compared ignoring case), in the policy's order: a report about a
     * tenant's mail goes to its own people only.
     */
    public List<String> recipientsIn(Collection<String> tenantDomains) {
        Set<String> domains = tenantDomains.stream().map(ReportsPolicy::normalizedDomain).collect(Collectors.toSet());
        return recipients.stream().filter(address -> domains.contains(PlainAddress.domainOf(address))).toList();
    }

    private static String normalizedDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static ReportSchedule schedule(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string: off, daily, weekly or monthly");
        }
        return ReportSchedule.parse(path, node.textValue());
    }

    private static List<String> recipients(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be an array of e-mail addresses");
        }
        if (node.size() > MAX_RECIPIENTS) {
            throw new InvalidFieldException(path, "at most " + MAX_RECIPIENTS + " recipients; got " + node.size());
        }
        List<String> recipients = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < node.size(); index++) {
            JsonNode item = node.get(index);
            String itemPath = path + "[" + index + "]";
            if (!item.isTextual() || !PlainAddress.isValid(item.textValue())) {
                throw new InvalidFieldException(itemPath, "must be an e-mail address such as admin@example.com");
            }
            if (!seen.add(item.textValue().toLowerCase(Locale.ROOT))) {
                throw new InvalidFieldException(itemPath, "is listed twice (addresses are compared ignoring case)");
            }
            recipients.add(item.textValue());
        }
        return recipients;
    }

    private static ZoneId zone(JsonNode node, String path) {
        if (node.isTextual()) {
            try {
                return ZoneId.of(node.textValue());
            } catch (DateTimeException e) {
                // reported below with the field's path
            }
        }
        throw new InvalidFieldException(path, "must be a time zone such as Europe/Paris or UTC");
    }
}
