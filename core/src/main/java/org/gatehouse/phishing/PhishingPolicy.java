package org.gatehouse.phishing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.CharMatcher;
import com.google.common.net.InternetDomainName;

/**
 * A tenant's phishing policy (the {@code phishing} section): who and what it protects besides its own domains
 * (partner domains, people's display names, the shipped list of impersonated brands), which linked domains are
 * never judged, its own URI blocklists, how much phishing findings weigh in the spam score, and what happens when
 * their sum reaches the threshold. Without a section: own domains and brands protected, threshold 40, quarantine.
 *
 * @param weight multiplies every phishing finding's default score before it joins the spam score (0 turns that off)
 */
public record PhishingPolicy(Action action, int threshold, double weight, List<String> partnerDomains,
                             List<String> protectedPeople, boolean brands, Set<String> urlExemptions, List<String> uriDnsblZones,
                             boolean followShorteners) {
    public static final String SECTION = "phishing";
    private static final Set<String> FIELDS = Set.of("action", "threshold", "weight", "partnerDomains", "protectedPeople", "brands",
        "urlExemptions", "uriDnsbl", "followShorteners");
    private static final Set<Action> ACTIONS = EnumSet.of(Action.PASS, Action.TAG, Action.TAG_SUBJECT, Action.QUARANTINE, Action.BLOCK);
    private static final int MAX_ENTRIES = 1000;

    public PhishingPolicy {
        partnerDomains = List.copyOf(partnerDomains);
        protectedPeople = List.copyOf(protectedPeople);
        urlExemptions = Set.copyOf(urlExemptions);
        uriDnsblZones = List.copyOf(uriDnsblZones);
    }

    /** A policy that never follows shortened links (the default). */
    public PhishingPolicy(Action action, int threshold, double weight, List<String> partnerDomains, List<String> protectedPeople,
                          boolean brands, Set<String> urlExemptions, List<String> uriDnsblZones) {
        this(action, threshold, weight, partnerDomains, protectedPeople, brands, urlExemptions, uriDnsblZones, false);
    }

    public static PhishingPolicy defaults() {
        return new PhishingPolicy(Action.QUARANTINE, 40, 1.0, List.of(), List.of(), true, Set.of(), List.of());
    }

    public static PhishingPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(PhishingPolicy::parse).orElseGet(PhishingPolicy::defaults);
    }

    /** @throws InvalidFieldException with the path from the document root, e.g. {@code phishing.partnerDomains[2]} */
    public static PhishingPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        PhishingPolicy defaults = defaults();
        Action action = defaults.action();
        if (section.has("action")) {
            String value = text(section.get("action"), SECTION + ".action");
            if (Action.RENAMED_REJECT.equals(value)) {
                throw new InvalidFieldException(SECTION + ".action", Action.renamedMessage());
            }
            try {
                action = Action.parse(value);
            } catch (IllegalArgumentException e) {
                action = Action.PASS;
                value = "?" + value;
            }
            if (value.startsWith("?") || !ACTIONS.contains(action)) {
                throw new InvalidFieldException(SECTION + ".action", "must be one of pass, tag, tag_subject, quarantine, block");
            }
        }
        int threshold = section.has("threshold") ? integer(section.get("threshold"), SECTION + ".threshold", 1, 100) : defaults.threshold();
        double weight = defaults.weight();
        if (section.has("weight")) {
            JsonNode node = section.get("weight");
            if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 5) {
                throw new InvalidFieldException(SECTION + ".weight", "must be a number from 0 to 5");
            }
            weight = node.asDouble();
        }
        boolean brands = defaults.brands();
        if (section.has("brands")) {
            if (!section.get("brands").isBoolean()) {
                throw new InvalidFieldException(SECTION + ".brands", "must be true or false");
            }
            brands = section.get("brands").asBoolean();
        }
        boolean follow = false;
        if (section.has("followShorteners")) {
            if (!section.get("followShorteners").isBoolean()) {
                throw new InvalidFieldException(SECTION + ".followShorteners", "must be true or false");
            }
            follow = section.get("followShorteners").asBoolean();
        }
        return new PhishingPolicy(action, threshold, weight,
            domains(section, "partnerDomains"), people(section), brands, Set.copyOf(domains(section, "urlExemptions")),
            domains(section, "uriDnsbl"), follow);
    }

    private static List<String> domains(JsonNode section, String field) {
        List<String> values = new ArrayList<>();
        for (String value : array(section, field)) {
            String path = SECTION + "." + field + "[" + values.size() + "]";
            String domain = value.toLowerCase(Locale.ROOT);
            if (!InternetDomainName.isValid(domain) || !domain.contains(".")) {
                throw new InvalidFieldException(path, "must be a domain name; got '" + value + "'");
            }
            values.add(domain);
        }
        return values;
    }

    private static List<String> people(JsonNode section) {
        List<String> values = new ArrayList<>();
        for (String value : array(section, "protectedPeople")) {
            String path = SECTION + ".protectedPeople[" + values.size() + "]";
            String name = value.trim();
            if (name.length() < 3 || name.length() > 100 || !CharMatcher.javaIsoControl().matchesNoneOf(name)) {
                throw new InvalidFieldException(path, "must be a display name of 3 to 100 characters without control characters");
            }
            values.add(name);
        }
        return values;
    }

    private static List<String> array(JsonNode section, String field) {
        if (!section.has(field)) {
            return List.of();
        }
        JsonNode node = section.get(field);
        String path = SECTION + "." + field;
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be an array");
        }
        if (node.size() > MAX_ENTRIES) {
            throw new InvalidFieldException(path, "must have at most " + MAX_ENTRIES + " entries");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(text(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string");
        }
        return node.asText();
    }

    private static int integer(JsonNode node, String path, int min, int max) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidFieldException(path, "must be a whole number from " + min + " to " + max);
        }
        return node.asInt();
    }
}
