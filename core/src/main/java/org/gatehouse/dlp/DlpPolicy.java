package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A tenant's DLP policy, the {@code dlp} section: its rules and its own patterns (RE2J) and keyword lists. Read
 * strictly: unknown keys, unknown detectors, duplicate ids and patterns RE2J refuses are errors with their path. A
 * tenant without the section has no rules: DLP never acts unless the tenant asked. See docs/dlp.md.
 */
public final class DlpPolicy {
    public static final String SECTION = "dlp";
    static final Set<String> FIELDS = Set.of("rules", "patterns", "keywords", "notifyTo");
    static final int MAX_NOTIFY = 20;
    private static final java.util.regex.Pattern LOCAL_PART =
        java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    static final Set<String> PATTERN_FIELDS = Set.of("id", "description", "regex");
    static final Set<String> KEYWORD_FIELDS = Set.of("id", "description", "terms");
    static final int MAX_RULES = 100;
    static final int MAX_PATTERNS = 20;
    /** The largest estimated compiled size of one pattern ({@link PatternSize}), and of all of them together. */
    static final int MAX_PATTERN_SIZE = 300;
    static final int MAX_PATTERNS_SIZE = 1000;
    static final int MAX_KEYWORD_LISTS = 50;
    static final int MAX_TERMS = 1000;
    static final int MAX_TERM_LENGTH = 200;
    static final int MAX_REGEX_LENGTH = 1000;
    static final int MAX_WEIGHT = 100;
    private static final DlpPolicy NONE = new DlpPolicy(List.of(), Map.of(), List.of());

    private final List<DlpRule> rules;
    private final Map<String, Detector> custom;
    private final List<String> notifyTo;

    private DlpPolicy(List<DlpRule> rules, Map<String, Detector> custom, List<String> notifyTo) {
        this.rules = List.copyOf(rules);
        this.custom = ImmutableMap.copyOf(custom);
        this.notifyTo = List.copyOf(notifyTo);
    }

    /**
     * Who a {@code notify} rule tells (the tenant's administrators): addresses in the tenant's own domains (checked
     * when a notification is sent, since domains change), so the gateway never relays a notification elsewhere.
     */
    public List<String> notifyTo() {
        return notifyTo;
    }

    /** The policy of a tenant whose document has no {@code dlp} section: no rules. */
    public static DlpPolicy none() {
        return NONE;
    }

    public static DlpPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(DlpPolicy::parse).orElse(NONE);
    }

    /**
     * Reads and validates the value of the {@code dlp} section.
     *
     * @throws InvalidFieldException naming the path from the document root, e.g. {@code dlp.patterns[0].regex}
     */
    public static DlpPolicy parse(JsonNode section) {
        String path = SECTION;
        DlpJson.object(section, path, FIELDS);
        Map<String, Detector> custom = new LinkedHashMap<>();
        Optional.ofNullable(section.get("patterns")).ifPresent(node -> DlpJson.array(node, path + ".patterns", MAX_PATTERNS,
            (element, at) -> add(custom, pattern(element, at), at)));
        long patternsSize = custom.values().stream().mapToLong(detector -> ((CustomPatternDetector) detector).size()).sum();
        if (patternsSize > MAX_PATTERNS_SIZE) {
            throw new InvalidFieldException(path + ".patterns", "are too large together: about " + patternsSize
                + " states with counted repetitions expanded, at most " + MAX_PATTERNS_SIZE + " allowed");
        }
        Optional.ofNullable(section.get("keywords")).ifPresent(node -> DlpJson.array(node, path + ".keywords",
            MAX_KEYWORD_LISTS, (element, at) -> add(custom, keywords(element, at), at)));
        List<DlpRule> rules = new ArrayList<>();
        Set<String> ruleIds = new HashSet<>();
        Optional.ofNullable(section.get("rules")).ifPresent(node -> DlpJson.array(node, path + ".rules", MAX_RULES,
            (element, at) -> {
                DlpRule rule = DlpRule.parse(element, at, custom);
                if (!ruleIds.add(rule.id())) {
                    throw new InvalidFieldException(at + ".id", "another rule has the id '" + rule.id() + "'");
                }
                rules.add(rule);
                return rule;
            }));
        List<String> notifyTo = new ArrayList<>();
        Optional.ofNullable(section.get("notifyTo")).ifPresent(node -> DlpJson.array(node, path + ".notifyTo", MAX_NOTIFY,
            (element, at) -> {
                String address = address(element, at);
                notifyTo.add(address);
                return address;
            }));
        return new DlpPolicy(rules, custom, notifyTo);
    }

    private static String address(JsonNode node, String path) {
        String value = DlpJson.text(node, path);
        int at = value.lastIndexOf('@');
        if (at <= 0 || value.length() > 254 || !LOCAL_PART.matcher(value.substring(0, at)).matches()) {
            throw new InvalidFieldException(path, "'" + value + "' is not an email address");
        }
        return value.substring(0, at) + "@" + org.gatehouse.tenant.DomainName.of(path, value.substring(at + 1)).asString();
    }

    private static Detector add(Map<String, Detector> custom, Detector detector, String path) {
        if (BuiltInDetector.byId(detector.id()).isPresent()) {
            throw new InvalidFieldException(path + ".id", "'" + detector.id() + "' is a built-in detector");
        }
        if (custom.putIfAbsent(detector.id(), detector) != null) {
            throw new InvalidFieldException(path + ".id", "another pattern or keyword list has the id '" + detector.id() + "'");
        }
        return detector;
    }

    private static Detector pattern(JsonNode node, String path) {
        DlpJson.object(node, path, PATTERN_FIELDS);
        String id = DlpJson.id(node, path);
        Optional.ofNullable(node.get("description")).ifPresent(value -> DlpJson.description(value, path + ".description"));
        String regex = DlpJson.required(node, "regex", path);
        if (regex.isEmpty() || regex.length() > MAX_REGEX_LENGTH) {
            throw new InvalidFieldException(path + ".regex", "must have 1 to " + MAX_REGEX_LENGTH + " characters");
        }
        long size = PatternSize.estimate(regex);
        if (size > MAX_PATTERN_SIZE) {
            throw new InvalidFieldException(path + ".regex", "is too large: about " + (size == Long.MAX_VALUE ? "unbounded" : size)
                + " states with its counted repetitions expanded, at most " + MAX_PATTERN_SIZE + " allowed");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException(path + ".regex", "is not a valid RE2 pattern: " + e.getMessage());
        }
        if (compiled.matcher("").find()) {
            throw new InvalidFieldException(path + ".regex", "must not match the empty text");
        }
        return new CustomPatternDetector(id, compiled, size);
    }

    private static Detector keywords(JsonNode node, String path) {
        DlpJson.object(node, path, KEYWORD_FIELDS);
        String id = DlpJson.id(node, path);
        Optional.ofNullable(node.get("description")).ifPresent(value -> DlpJson.description(value, path + ".description"));
        JsonNode termsNode = node.get("terms");
        String termsPath = path + ".terms";
        if (termsNode == null || !termsNode.isObject() || termsNode.isEmpty()) {
            throw new InvalidFieldException(termsPath, "must be an object of 1 to " + MAX_TERMS
                + " terms, each mapped to its weight (1 to " + MAX_WEIGHT + ")");
        }
        if (termsNode.size() > MAX_TERMS) {
            throw new InvalidFieldException(termsPath, "must have at most " + MAX_TERMS + " terms, has " + termsNode.size());
        }
        List<String> terms = new ArrayList<>();
        int[] weights = new int[termsNode.size()];
        Map<String, String> normalised = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = termsNode.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String term = entry.getKey();
            String termPath = termsPath + "." + term;
            String[] words = PhraseSet.wordsOf(term);
            if (term.length() > MAX_TERM_LENGTH || words.length == 0) {
                throw new InvalidFieldException(termPath, "a term has at most " + MAX_TERM_LENGTH
                    + " characters and at least one letter or digit");
            }
            String previous = normalised.putIfAbsent(String.join(" ", words), term);
            if (previous != null) {
                throw new InvalidFieldException(termPath, "is the same words as '" + previous
                    + "' (case and punctuation are ignored)");
            }
            weights[terms.size()] = DlpJson.integer(entry.getValue(), termPath, 1, MAX_WEIGHT);
            terms.add(term);
        }
        return new KeywordListDetector(id, terms, weights);
    }

    public List<DlpRule> rules() {
        return rules;
    }

    /** The ids of the tenant's patterns and keyword lists. */
    public Set<String> customDetectorIds() {
        return custom.keySet();
    }

    @Override
    public String toString() {
        return "DlpPolicy[rules=" + rules + ", custom=" + custom.keySet() + "]";
    }
}
