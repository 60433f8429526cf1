package org.gatehouse.quarantine;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.quarantine.digest.DigestSchedule;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Preconditions;

/**
 * A tenant's quarantine policy (the {@code quarantine} section): how long each family is kept, when recipients get a
 * digest (a tenant default and per-recipient overrides), whether recipients may act on their own held mail, and how
 * long the links of a digest stay valid. Without a section: spam is kept 14 days and the rest 30, a digest goes out
 * daily at 08:00 UTC, self-service is on and links last 72 hours.
 *
 * @param recipientSchedules overrides by recipient address, lowercase
 */
public record QuarantinePolicy(Map<QuarantineFamily, Integer> retentionDays, DigestSchedule digest, ZoneId timeZone,
                               Map<String, DigestSchedule> recipientSchedules, boolean selfService, int linkValidityHours) {
    public static final String SECTION = "quarantine";
    public static final int MAX_RETENTION_DAYS = 3650;
    public static final int MAX_LINK_VALIDITY_HOURS = 720;
    public static final int MAX_RECIPIENT_OVERRIDES = 10_000;
    private static final Set<String> FIELDS = Set.of("retentionDays", "digest", "selfService", "linkValidityHours");
    private static final Set<String> DIGEST_FIELDS = Set.of("schedule", "timeZone", "recipients");
    /** An address as far as a policy key needs: one '@', no spaces or controls, at most 320 characters. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,253}");

    public QuarantinePolicy {
        Preconditions.checkArgument(retentionDays.keySet().containsAll(Arrays.asList(QuarantineFamily.values())),
            "a retention is required for every family");
        retentionDays = Map.copyOf(retentionDays);
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(timeZone, "timeZone");
        recipientSchedules = Map.copyOf(recipientSchedules);
        Preconditions.checkArgument(linkValidityHours >= 1 && linkValidityHours <= MAX_LINK_VALIDITY_HOURS,
            "linkValidityHours must be between 1 and %s", MAX_LINK_VALIDITY_HOURS);
    }

    public static QuarantinePolicy defaults() {
        return new QuarantinePolicy(defaultRetention(), DigestSchedule.daily(LocalTime.of(8, 0), ZoneOffset.UTC),
            ZoneOffset.UTC, Map.of(), true, 72);
    }

    private static Map<QuarantineFamily, Integer> defaultRetention() {
        Map<QuarantineFamily, Integer> days = new EnumMap<>(QuarantineFamily.class);
        for (QuarantineFamily family : QuarantineFamily.values()) {
            days.put(family, family == QuarantineFamily.SPAM ? 14 : 30);
        }
        return days;
    }

    public static QuarantinePolicy of(PolicyDocument document) {
        return document.section(SECTION).map(QuarantinePolicy::parse).orElseGet(QuarantinePolicy::defaults);
    }

    /**
     * Reads the section; a field it does not name keeps its default ({@code retentionDays} per family).
     *
     * @throws InvalidFieldException with the path from the document root, e.g.
     *                               {@code quarantine.digest.recipients.alice@example.com}
     */
    public static QuarantinePolicy parse(JsonNode section) {
        QuarantinePolicy defaults = defaults();
        JsonFields.object(section, SECTION, FIELDS);
        Map<QuarantineFamily, Integer> retention = new EnumMap<>(defaults.retentionDays());
        JsonNode retentionNode = section.get("retentionDays");
        if (retentionNode != null) {
            String path = SECTION + ".retentionDays";
            JsonFields.object(retentionNode, path, Arrays.stream(QuarantineFamily.values())
                .map(QuarantineFamily::asString).collect(Collectors.toSet()));
            for (QuarantineFamily family : QuarantineFamily.values()) {
                JsonNode days = retentionNode.get(family.asString());
                if (days != null) {
                    retention.put(family, integer(days, path + "." + family.asString(), 1, MAX_RETENTION_DAYS, "days"));
                }
            }
        }
        DigestSchedule digest = defaults.digest();
        ZoneId zone = defaults.timeZone();
        Map<String, DigestSchedule> recipients = Map.of();
        JsonNode digestNode = section.get("digest");
        if (digestNode != null) {
            String path = SECTION + ".digest";
            JsonFields.object(digestNode, path, DIGEST_FIELDS);
            JsonNode zoneNode = digestNode.get("timeZone");
            if (zoneNode != null) {
                zone = zone(zoneNode, path + ".timeZone");
            }
            JsonNode scheduleNode = digestNode.get("schedule");
            digest = scheduleNode == null ? DigestSchedule.daily(LocalTime.of(8, 0), zone)
                : schedule(scheduleNode, path + ".schedule", zone);
            JsonNode recipientsNode = digestNode.get("recipients");
            if (recipientsNode != null) {
                recipients = recipients(recipientsNode, path + ".recipients", zone);
            }
        }
        JsonNode selfServiceNode = section.get("selfService");
        boolean selfService = defaults.selfService();
        if (selfServiceNode != null) {
            if (!selfServiceNode.isBoolean()) {
                throw new InvalidFieldException(SECTION + ".selfService", "must be true or false");
            }
            selfService = selfServiceNode.booleanValue();
        }
        JsonNode validityNode = section.get("linkValidityHours");
        int validity = validityNode == null ? defaults.linkValidityHours()
            : integer(validityNode, SECTION + ".linkValidityHours", 1, MAX_LINK_VALIDITY_HOURS, "hours");
        return new QuarantinePolicy(retention, digest, zone, recipients, selfService, validity);
    }

    public Duration retentionOf(QuarantineFamily family) {
        return Duration.ofDays(retentionDays.get(family));
    }

    /** The recipient's own schedule when the policy names the address (in any case), else the tenant's. */
    public DigestSchedule scheduleFor(String recipient) {
        DigestSchedule own = recipientSchedules.get(recipient.toLowerCase(Locale.ROOT));
        return own != null ? own : digest;
    }

    /** How long a link in a digest (and the self-service page it opens) stays valid. */
    public Duration linkValidity() {
        return Duration.ofHours(linkValidityHours);
    }

    private static Map<String, DigestSchedule> recipients(JsonNode node, String path, ZoneId zone) {
        if (!node.isObject()) {
            throw new InvalidFieldException(path, "must be an object of recipient address to schedule");
        }
        if (node.size() > MAX_RECIPIENT_OVERRIDES) {
            throw new InvalidFieldException(path, "at most " + MAX_RECIPIENT_OVERRIDES + " recipients");
        }
        Map<String, DigestSchedule> schedules = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String address = field.getKey();
            String fieldPath = path + "." + address;
            if (!ADDRESS.matcher(address).matches()) {
                throw new InvalidFieldException(fieldPath, "must be an email address (local@domain)");
            }
            if (schedules.put(address.toLowerCase(Locale.ROOT), schedule(field.getValue(), fieldPath, zone)) != null) {
                throw new InvalidFieldException(fieldPath, "is listed twice (addresses are compared ignoring case)");
            }
        }
        return schedules;
    }

    private static DigestSchedule schedule(JsonNode node, String path, ZoneId zone) {
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string: off, daily@HH:MM or every:Nh");
        }
        return DigestSchedule.parse(path, node.textValue(), zone);
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

    private static int integer(JsonNode node, String path, int min, int max, String unit) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new InvalidFieldException(path, "must be a whole number of " + unit + " from " + min + " to " + max);
        }
        return node.intValue();
    }
}
