package org.gatehouse.scoring;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant's spam-score policy (the {@code scoring} section): score thresholds, the subject prefix, the redirect
 * address, an action per category and weight overrides. Read strictly: unknown keys, wrong types, thresholds out of
 * order and unknown rule ids are refused with their path. A section starts from the operator's {@link ScoringDefaults}; an absent one gives them unchanged.
 */
public final class ScoringPolicy {
    public static final String SECTION = "scoring";
    public static final String DEFAULT_SUBJECT_PREFIX = "[SPAM]";
    static final int MAX_SUBJECT_PREFIX_LENGTH = 64;

    /** The score thresholds, each off when empty; the ones set are strictly increasing in this order. */
    public record Thresholds(OptionalInt tagHeader, OptionalInt tagSubject, OptionalInt redirect, OptionalInt quarantine,
                             OptionalInt block) {
        static final List<String> NAMES = List.of("tagHeader", "tagSubject", "redirect", "quarantine", "block");
        static final List<Action> ACTIONS = List.of(Action.TAG, Action.TAG_SUBJECT, Action.REDIRECT, Action.QUARANTINE,
            Action.BLOCK);

        static final Thresholds BUILT_IN = new Thresholds(OptionalInt.of(20), OptionalInt.of(50), OptionalInt.empty(),
            OptionalInt.of(70), OptionalInt.of(90));

        /**
         * The base thresholds with some replaced: a name mapped to empty turns that threshold off, a name not in the
         * map keeps the base value. The result must be strictly increasing in the order of {@link #NAMES}.
         *
         * @param pathPrefix prepended to a threshold's name in errors, e.g. {@code scoring.thresholds.}
         * @throws InvalidFieldException at the changed threshold that breaks the order, saying which value it meets
         */
        static Thresholds merge(Thresholds base, Map<String, Optional<Integer>> changes, String pathPrefix) {
            List<OptionalInt> values = new java.util.ArrayList<>(base.inOrder());
            changes.forEach((name, value) -> values.set(NAMES.indexOf(name), value.map(OptionalInt::of).orElse(OptionalInt.empty())));
            for (int later = 0; later < values.size(); later++) {
                for (int earlier = 0; earlier < later; earlier++) {
                    if (values.get(earlier).isPresent() && values.get(later).isPresent()
                        && values.get(later).getAsInt() <= values.get(earlier).getAsInt()) {
                        boolean laterChanged = changes.containsKey(NAMES.get(later));
                        int blamed = laterChanged ? later : earlier;
                        int other = laterChanged ? earlier : later;
                        String origin = changes.containsKey(NAMES.get(other)) ? "" : ", the default";
                        throw new InvalidFieldException(pathPrefix + NAMES.get(blamed), "must be "
                            + (laterChanged ? "greater" : "less") + " than " + NAMES.get(other) + " ("
                            + values.get(other).getAsInt() + origin + "); thresholds increase in the order " + NAMES);
                    }
                }
            }
            return new Thresholds(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4));
        }

        List<OptionalInt> inOrder() {
            return List.of(tagHeader, tagSubject, redirect, quarantine, block);
        }

        /** The action of the highest threshold the score reaches; PASS below them all. */
        public Action actionFor(int score) {
            Action action = Action.PASS;
            List<OptionalInt> values = inOrder();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isPresent() && score >= values.get(i).getAsInt()) {
                    action = ACTIONS.get(i);
                }
            }
            return action;
        }
    }

    /** What a tenant does with a category, whatever the score. */
    public enum CategoryAction {
        DELIVER(Action.PASS), TAG(Action.TAG), QUARANTINE(Action.QUARANTINE), BLOCK(Action.BLOCK);

        private final Action action;

        CategoryAction(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }

        String asString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a tenant redirects spam; the mailet checks the domain is one of the tenant's. */
    public record RedirectAddress(String address, DomainName domain) {
    }

    private static final java.util.regex.Pattern LOCAL_PART =
        java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Set<String> FIELDS = Set.of("thresholds", "subjectPrefix", "redirectTo", "categories", "weights");

    private final Thresholds thresholds;
    private final String subjectPrefix;
    private final Optional<RedirectAddress> redirectTo;
    private final Map<Category, CategoryAction> categories;
    private final ScoringWeights weights;
    private final ScoringEngine engine;

    private ScoringPolicy(Thresholds thresholds, String subjectPrefix, Optional<RedirectAddress> redirectTo,
                          Map<Category, CategoryAction> categories, ScoringWeights weights) {
        this.thresholds = thresholds;
        this.subjectPrefix = subjectPrefix;
        this.redirectTo = redirectTo;
        this.categories = Map.copyOf(categories);
        this.weights = weights;
        this.engine = new ScoringEngine(Signals.all(), weights);
    }

    /** The policy of a tenant whose document has no {@code scoring} section: the operator's defaults. */
    public static ScoringPolicy defaults(ScoringDefaults defaults) {
        return new ScoringPolicy(defaults.thresholds(), defaults.subjectPrefix(), Optional.empty(), Map.of(), defaults.weights());
    }

    /** The tenant's policy: its {@code scoring} section over the operator's defaults. */
    public static ScoringPolicy of(PolicyDocument document, ScoringDefaults defaults) {
        return document.section(SECTION).map(section -> parse(section, defaults)).orElseGet(() -> defaults(defaults));
    }

    /**
     * Reads a {@code scoring} section over the operator's defaults. Each threshold the section names replaces the
     * default one ({@code null} turns it off); the others keep their default. Weights replace single rules.
     *
     * @throws InvalidFieldException with the path from the document root, e.g. {@code scoring.thresholds.block}
     */
    public static ScoringPolicy parse(JsonNode section, ScoringDefaults defaults) {
        String path = SECTION;
        JsonFields.object(section, path, FIELDS);
        Thresholds thresholds = Optional.ofNullable(section.get("thresholds"))
            .map(node -> thresholds(node, path + ".thresholds", defaults.thresholds())).orElse(defaults.thresholds());
        String prefix = Optional.ofNullable(section.get("subjectPrefix"))
            .map(node -> checkedSubjectPrefix(node.isTextual() ? node.textValue() : null, path + ".subjectPrefix"))
            .orElse(defaults.subjectPrefix());
        Optional<RedirectAddress> redirectTo = Optional.ofNullable(section.get("redirectTo")).filter(node -> !node.isNull())
            .map(node -> address(node, path + ".redirectTo"));
        if (thresholds.redirect().isPresent() && redirectTo.isEmpty()) {
            throw new InvalidFieldException(path + ".redirectTo", "is required when thresholds.redirect is set");
        }
        Map<Category, CategoryAction> categories = Optional.ofNullable(section.get("categories"))
            .map(node -> categories(node, path + ".categories")).orElse(Map.of());
        ScoringWeights weights = Optional.ofNullable(section.get("weights"))
            .map(node -> weights(node, path + ".weights", defaults.weights())).orElse(defaults.weights());
        return new ScoringPolicy(thresholds, prefix, redirectTo, categories, weights);
    }

    private static Thresholds thresholds(JsonNode node, String path, Thresholds defaults) {
        JsonFields.object(node, path, Set.copyOf(Thresholds.NAMES));
        Map<String, Optional<Integer>> changes = new LinkedHashMap<>();
        for (String name : Thresholds.NAMES) {
            JsonNode value = node.get(name);
            if (value == null) {
                continue;
            }
            if (value.isNull()) {
                changes.put(name, Optional.empty());
            } else if (!value.isIntegralNumber() || value.intValue() < 0 || value.intValue() > 100) {
                throw new InvalidFieldException(path + "." + name, "must be an integer from 0 to 100, or null (off)");
            } else {
                changes.put(name, Optional.of(value.intValue()));
            }
        }
        return Thresholds.merge(defaults, changes, path + ".");
    }

    static String checkedSubjectPrefix(String value, String path) {
        if (value == null || value.isBlank() || value.length() > MAX_SUBJECT_PREFIX_LENGTH
            || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidFieldException(path, "must be a non-blank string of at most " + MAX_SUBJECT_PREFIX_LENGTH
                + " characters without control characters");
        }
        return value;
    }

    private static RedirectAddress address(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be an email address");
        }
        String value = node.textValue();
        int at = value.lastIndexOf('@');
        if (at <= 0 || !LOCAL_PART.matcher(value.substring(0, at)).matches()) {
            throw new InvalidFieldException(path, "'" + value + "' is not an email address");
        }
        DomainName domain = DomainName.of(path, value.substring(at + 1));
        return new RedirectAddress(value.substring(0, at) + "@" + domain.asString(), domain);
    }

    private static Map<Category, CategoryAction> categories(JsonNode node, String path) {
        Map<String, Category> known = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            known.put(category.asString(), category);
        }
        JsonFields.object(node, path, known.keySet());
        Map<Category, CategoryAction> categories = new EnumMap<>(Category.class);
        node.fields().forEachRemaining(entry -> {
            String field = path + "." + entry.getKey();
            String value = entry.getValue().isTextual() ? entry.getValue().textValue() : null;
            CategoryAction action = java.util.Arrays.stream(CategoryAction.values())
                .filter(candidate -> candidate.asString().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidFieldException(field, "must be one of deliver, tag, quarantine, block"));
            categories.put(known.get(entry.getKey()), action);
        });
        return categories;
    }

    private static ScoringWeights weights(JsonNode node, String path, ScoringWeights defaults) {
        JsonFields.object(node, path, Signals.ruleIds());
        Map<String, Double> overrides = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || Math.abs(value.doubleValue()) > 100) {
                throw new InvalidFieldException(path + "." + entry.getKey(), "must be a number from -100 to 100");
            }
            overrides.put(entry.getKey(), value.doubleValue());
        });
        return defaults.withOverrides(overrides);
    }


    public Thresholds thresholds() {
        return thresholds;
    }

    public String subjectPrefix() {
        return subjectPrefix;
    }

    public Optional<RedirectAddress> redirectTo() {
        return redirectTo;
    }

    /** The tenant's action for a category; deliver when it set none. */
    public CategoryAction categoryAction(Category category) {
        return categories.getOrDefault(category, CategoryAction.DELIVER);
    }

    public ScoringWeights weights() {
        return weights;
    }

    /** The engine scoring with this tenant's weights. */
    public ScoringEngine engine() {
        return engine;
    }
}
