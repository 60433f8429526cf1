package org.gatehouse.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A tenant's header and body rules (the {@code content.textRules} list): regular expressions, run with RE2J so that a
 * hostile message cannot make an administrator's pattern backtrack, and weighted keyword lists with a threshold
 * (TextCensor-style), each over one target — the subject, all headers or one header, the body text, the text extracted
 * from attachments, or everything — with its own action. Every rule is validated when the policy is written: a bad
 * pattern is refused with RE2J's reason and the rule's path.
 */
public final class TextRules {
    public static final String FIELD = "textRules";
    public static final int MAX_RULES = 200;
    public static final int MAX_PATTERN_LENGTH = 1000;
    public static final int MAX_TERMS = 500;
    /** Text considered per target: the inspection already caps extracted text, this caps headers and joins. */
    static final int MAX_TEXT_CHARS = 1_000_000;
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,47}");
    private static final Set<String> REGEX_FIELDS = Set.of("id", "target", "pattern", "caseInsensitive", "action", "description");
    private static final Set<String> KEYWORD_FIELDS = Set.of("id", "target", "keywords", "threshold", "action", "description");
    private static final Set<String> TERM_FIELDS = Set.of("phrase", "weight");

    /** What a rule reads. */
    public sealed interface Target {
        String describe();

        /** The message's decoded Subject. */
        record Subject() implements Target {
            public String describe() {
                return "subject";
            }
        }

        /** Every header field, one {@code Name: value} line each. */
        record Headers() implements Target {
            public String describe() {
                return "headers";
            }
        }

        /** The values of one header field. */
        record Header(String name) implements Target {
            public String describe() {
                return "header " + name;
            }
        }

        /** The message's own text and HTML parts. */
        record Body() implements Target {
            public String describe() {
                return "body";
            }
        }

        /** Text extracted from attachments, archive entries and nested messages. */
        record Attachments() implements Target {
            public String describe() {
                return "attachments";
            }
        }

        /** The subject, body and attachment text together. */
        record Any() implements Target {
            public String describe() {
                return "message";
            }
        }
    }

    /** A weighted phrase of a keyword list. */
    public record Term(String phrase, int weight, Pattern pattern) {
    }

    /** One rule: a pattern or a keyword list, its target and action ({@code log}: none). */
    public record Rule(String id, Target target, Optional<Pattern> pattern, List<Term> keywords, int threshold, Optional<Action> action) {
        public Rule {
            keywords = List.copyOf(keywords);
        }

        public String ruleId() {
            return "CONTENT_RULE_" + id;
        }
    }

    private final List<Rule> rules;

    private TextRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static TextRules none() {
        return new TextRules(List.of());
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Reads the list.
     *
     * @param path the list's path from the document root, e.g. {@code content.textRules}
     * @throws InvalidFieldException naming the field, e.g. {@code content.textRules[2].pattern}, and why
     */
    public static TextRules parse(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return none();
        }
        if (!node.isArray() || node.size() > MAX_RULES) {
            throw new InvalidFieldException(path, "must be an array of at most " + MAX_RULES + " rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            Rule rule = rule(node.get(i), at);
            if (!ids.add(rule.id())) {
                throw new InvalidFieldException(at + ".id", "'" + rule.id() + "' is used by another rule");
            }
            rules.add(rule);
        }
        return new TextRules(rules);
    }

    private static Rule rule(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path, "must be an object with id, target, action and either pattern or keywords");
        }
        boolean keywords = node.has("keywords");
        if (keywords == node.has("pattern")) {
            throw new InvalidFieldException(path, "must have either a pattern or keywords (not both)");
        }
        JsonFields.object(node, path, keywords ? KEYWORD_FIELDS : REGEX_FIELDS);
        String id = text(node.get("id"), path + ".id");
        if (!ID.matcher(id).matches()) {
            throw new InvalidFieldException(path + ".id", "must be upper case letters, digits and _, starting with a letter, at most 48 characters");
        }
        Target target = target(node.get("target"), path + ".target");
        Optional<Action> action = action(node.get("action"), path + ".action");
        if (!keywords) {
            boolean caseInsensitive = Optional.ofNullable(node.get("caseInsensitive")).map(value -> {
                if (!value.isBoolean()) {
                    throw new InvalidFieldException(path + ".caseInsensitive", "must be true or false");
                }
                return value.booleanValue();
            }).orElse(true);
            String source = text(node.get("pattern"), path + ".pattern");
            if (source.length() > MAX_PATTERN_LENGTH) {
                throw new InvalidFieldException(path + ".pattern", "must be at most " + MAX_PATTERN_LENGTH + " characters");
            }
            try {
                Pattern pattern = Pattern.compile(source, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
                return new Rule(id, target, Optional.of(pattern), List.of(), 0, action);
            } catch (PatternSyntaxException e) {
                throw new InvalidFieldException(path + ".pattern", "is not a valid RE2 regular expression: "
                    + e.getDescription() + " (" + e.getPattern() + "); backreferences and lookaround are not supported");
            }
        }
        JsonNode list = node.get("keywords");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_TERMS) {
            throw new InvalidFieldException(path + ".keywords", "must be an array of 1 to " + MAX_TERMS + " {phrase, weight}");
        }
        List<Term> terms = new ArrayList<>();
        Set<String> phrases = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".keywords[" + i + "]";
            JsonFields.object(list.get(i), at, TERM_FIELDS);
            String phrase = normalise(text(list.get(i).get("phrase"), at + ".phrase"));
            if (phrase.isEmpty() || phrase.length() > 200) {
                throw new InvalidFieldException(at + ".phrase", "must be 1 to 200 characters");
            }
            if (!phrases.add(phrase)) {
                throw new InvalidFieldException(at + ".phrase", "'" + phrase + "' is listed twice");
            }
            JsonNode weight = list.get(i).get("weight");
            int value = 1;
            if (weight != null) {
                if (!weight.isIntegralNumber() || weight.intValue() < 1 || weight.intValue() > 1000) {
                    throw new InvalidFieldException(at + ".weight", "must be a whole number from 1 to 1000");
                }
                value = weight.intValue();
            }
            terms.add(new Term(phrase, value, phrasePattern(phrase)));
        }
        JsonNode threshold = node.get("threshold");
        if (threshold == null || !threshold.isIntegralNumber() || threshold.intValue() < 1) {
            throw new InvalidFieldException(path + ".threshold", "must be a whole number of at least 1");
        }
        return new Rule(id, target, Optional.empty(), terms, threshold.intValue(), action);
    }

    /** A phrase matches whole words, case-insensitively, with any run of white space between its words. */
    private static Pattern phrasePattern(String phrase) {
        String body = java.util.Arrays.stream(phrase.split(" ")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
        return Pattern.compile("(?:^|[^\\p{L}\\p{N}_])" + body + "(?:$|[^\\p{L}\\p{N}_])", Pattern.CASE_INSENSITIVE);
    }

    private static String normalise(String phrase) {
        return phrase.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string");
        }
        return node.textValue();
    }

    private static Target target(JsonNode node, String path) {
        String value = text(node, path).trim();
        String lower = value.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "subject" -> new Target.Subject();
            case "headers" -> new Target.Headers();
            case "body" -> new Target.Body();
            case "attachments" -> new Target.Attachments();
            case "any" -> new Target.Any();
            default -> {
                if (lower.startsWith("header:") && value.substring(7).matches("[!-9;-~]{1,76}")) {
                    yield new Target.Header(value.substring(7));
                }
                throw new InvalidFieldException(path, "must be subject, headers, header:<Name>, body, attachments or any");
            }
        };
    }

    private static Optional<Action> action(JsonNode node, String path) {
        String value = text(node, path);
        return switch (value) {
            case "block" -> Optional.of(Action.BLOCK);
            case "quarantine" -> Optional.of(Action.QUARANTINE);
            case "redirect" -> Optional.of(Action.REDIRECT);
            case "copy" -> Optional.of(Action.COPY);
            case "tag" -> Optional.of(Action.TAG);
            case "log" -> Optional.empty();
            default -> throw new InvalidFieldException(path, "must be one of block, quarantine, redirect, copy, tag, log");
        };
    }

    /** Whether some rule asks for the administrator's address (copy or redirect). */
    boolean needsAdminAddress() {
        return rules.stream().anyMatch(rule -> rule.action().filter(action -> action == Action.COPY || action == Action.REDIRECT).isPresent());
    }

    /** One finding per rule that matched, with the rule's action; the reason quotes the match, shortened and printable. */
    public List<Finding> evaluate(ContentInspection inspection) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Map<Target, String> texts = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            String text = texts.computeIfAbsent(rule.target(), target -> textOf(target, inspection));
            Optional<String> reason = rule.pattern().isPresent() ? matchPattern(rule, text) : matchKeywords(rule, text);
            reason.ifPresent(because -> {
                Finding finding = Finding.of(rule.ruleId(), ContentPolicy.CHECK, "matched", because);
                findings.add(rule.action().map(finding::withAction).orElse(finding));
            });
        }
        return findings;
    }

    private static Optional<String> matchPattern(Rule rule, String text) {
        Matcher matcher = rule.pattern().orElseThrow().matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of("rule " + rule.id() + " matched the " + rule.target().describe() + ": \"" + quote(matcher.group()) + "\"");
    }

    private static Optional<String> matchKeywords(Rule rule, String text) {
        int total = 0;
        List<String> hits = new ArrayList<>();
        for (Term term : rule.keywords()) {
            if (term.pattern().matcher(text).find()) {
                total += term.weight();
                hits.add(term.phrase() + " +" + term.weight());
            }
        }
        if (total < rule.threshold()) {
            return Optional.empty();
        }
        return Optional.of("rule " + rule.id() + " scored " + total + " (threshold " + rule.threshold() + ") in the "
            + rule.target().describe() + ": " + quote(String.join(", ", hits)));
    }

    private static String textOf(Target target, ContentInspection inspection) {
        String text;
        if (target instanceof Target.Subject) {
            text = inspection.subject().orElse("");
        } else if (target instanceof Target.Headers) {
            text = inspection.headers().stream().map(header -> header.name() + ": " + header.value()).collect(Collectors.joining("\n"));
        } else if (target instanceof Target.Header header) {
            text = String.join("\n", inspection.header(header.name()));
        } else if (target instanceof Target.Body) {
            text = inspection.bodyText();
        } else if (target instanceof Target.Attachments) {
            text = inspection.attachmentText();
        } else {
            text = inspection.subject().orElse("") + "\n" + inspection.bodyText() + "\n" + inspection.attachmentText();
        }
        return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    }

    /** What a reason may show of the message: printable, at most 80 characters. */
    private static String quote(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", " ").replace('"', '\'').trim();
        return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
    }
}
