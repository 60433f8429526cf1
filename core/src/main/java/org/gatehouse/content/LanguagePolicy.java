package org.gatehouse.content;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant's language and charset blocking (the {@code content.language} section): languages of the body text (Tika's
 * optimaize detector, only when it is confident), charsets declared by the message (text parts and encoded words) and
 * Unicode scripts making up a share of its letters, each list with the one action of the section. Short or mixed
 * text that the detector is not sure about is never blocked by language.
 */
public record LanguagePolicy(Set<String> blockLanguages, double minConfidence, Set<String> blockCharsets,
                             Set<Character.UnicodeScript> blockScripts, double minScriptShare, Optional<Action> action) {
    public static final String FIELD = "language";
    static final double DEFAULT_MIN_CONFIDENCE = 0.90;
    static final double DEFAULT_MIN_SCRIPT_SHARE = 0.20;
    /** Fewer letters than this: no language and no script is judged. */
    static final int MIN_LETTERS = 20;
    private static final Set<String> FIELDS = Set.of("blockLanguages", "minConfidence", "blockCharsets", "blockScripts",
        "minScriptShare", "action");

    public LanguagePolicy {
        blockLanguages = Set.copyOf(blockLanguages);
        blockCharsets = Set.copyOf(blockCharsets);
        blockScripts = Set.copyOf(blockScripts);
    }

    public static LanguagePolicy none() {
        return new LanguagePolicy(Set.of(), DEFAULT_MIN_CONFIDENCE, Set.of(), Set.of(), DEFAULT_MIN_SCRIPT_SHARE, Optional.of(Action.QUARANTINE));
    }

    public boolean isEmpty() {
        return blockLanguages.isEmpty() && blockCharsets.isEmpty() && blockScripts.isEmpty();
    }

    /**
     * Reads the section.
     *
     * @param path its path from the document root, {@code content.language}
     * @throws InvalidFieldException naming the field, e.g. {@code content.language.blockLanguages[1]}
     */
    public static LanguagePolicy parse(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return none();
        }
        JsonFields.object(node, path, FIELDS);
        Set<String> languages = new TreeSet<>();
        strings(node.get("blockLanguages"), path + ".blockLanguages", 200).forEach((index, value) -> {
            String code = value.trim();
            String normal = code.contains("-") ? code.substring(0, code.indexOf('-')).toLowerCase(Locale.ROOT)
                + code.substring(code.indexOf('-')).toUpperCase(Locale.ROOT) : code.toLowerCase(Locale.ROOT);
            if (!normal.matches("[a-z]{2,3}(-[A-Z]{2})?") || !LanguageDetection.supports(normal)) {
                throw new InvalidFieldException(path + ".blockLanguages[" + index + "]", "'" + code
                    + "' is not a language the detector knows; it knows " + LanguageDetection.supported());
            }
            languages.add(normal);
        });
        Set<String> charsets = new TreeSet<>();
        strings(node.get("blockCharsets"), path + ".blockCharsets", 200).forEach((index, value) -> {
            charsets.add(charset(value.trim(), path + ".blockCharsets[" + index + "]"));
        });
        Set<Character.UnicodeScript> scripts = new LinkedHashSet<>();
        strings(node.get("blockScripts"), path + ".blockScripts", 50).forEach((index, value) -> {
            try {
                Character.UnicodeScript script = Character.UnicodeScript.forName(value.trim());
                if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED
                        || script == Character.UnicodeScript.UNKNOWN) {
                    throw new IllegalArgumentException(value);
                }
                scripts.add(script);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(path + ".blockScripts[" + index + "]", "'" + value
                    + "' is not a Unicode script name such as CYRILLIC, HAN, ARABIC, HANGUL, THAI, GREEK");
            }
        });
        double confidence = fraction(node.get("minConfidence"), path + ".minConfidence", DEFAULT_MIN_CONFIDENCE);
        double share = fraction(node.get("minScriptShare"), path + ".minScriptShare", DEFAULT_MIN_SCRIPT_SHARE);
        Optional<Action> action = Optional.of(Action.QUARANTINE);
        JsonNode actionNode = node.get("action");
        if (actionNode != null) {
            String value = actionNode.isTextual() ? actionNode.textValue() : "";
            action = switch (value) {
                case "block" -> Optional.of(Action.BLOCK);
                case "quarantine" -> Optional.of(Action.QUARANTINE);
                case "redirect" -> Optional.of(Action.REDIRECT);
                case "copy" -> Optional.of(Action.COPY);
                case "tag" -> Optional.of(Action.TAG);
                case "log" -> Optional.empty();
                default -> throw new InvalidFieldException(path + ".action", "must be one of block, quarantine, redirect, copy, tag, log");
            };
        }
        return new LanguagePolicy(languages, confidence, charsets, scripts, share, action);
    }

    private static Map<Integer, String> strings(JsonNode node, String path, int max) {
        Map<Integer, String> values = new java.util.LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray() || node.size() > max) {
            throw new InvalidFieldException(path, "must be an array of at most " + max + " strings");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).textValue().isBlank()) {
                throw new InvalidFieldException(path + "[" + i + "]", "must be a non-empty string");
            }
            values.put(i, node.get(i).textValue());
        }
        return values;
    }

    /** The charset's canonical name, lower case, so that aliases ({@code cp1251}, {@code windows-1251}) match. */
    static String charset(String name, String path) {
        try {
            if (Charset.isSupported(name)) {
                return Charset.forName(name).name().toLowerCase(Locale.ROOT);
            }
        } catch (IllegalCharsetNameException e) {
            // refused below
        }
        if (path == null) {
            return name.toLowerCase(Locale.ROOT);
        }
        throw new InvalidFieldException(path, "'" + name + "' is not a charset name this Java knows (e.g. koi8-r, gb2312, big5, iso-2022-jp)");
    }

    private static double fraction(JsonNode node, String path, double fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.doubleValue() <= 0 || node.doubleValue() > 1) {
            throw new InvalidFieldException(path, "must be a number above 0 and at most 1");
        }
        return node.doubleValue();
    }

    /**
     * {@code CONTENT_LANGUAGE_BLOCKED} when the body (or, without one, the attachments' text) is in a blocked language
     * with at least {@code minConfidence}; {@code CONTENT_CHARSET_BLOCKED} per blocked charset the message declares;
     * {@code CONTENT_SCRIPT_BLOCKED} per blocked script making up at least {@code minScriptShare} of the letters of the
     * subject, body and attachment text.
     */
    public List<Finding> evaluate(ContentInspection inspection) {
        if (isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        String body = inspection.bodyText().isBlank() ? inspection.attachmentText() : inspection.bodyText();
        String subjectAndBody = inspection.subject().orElse("") + "\n" + body;
        if (!blockLanguages.isEmpty() && letters(body) >= MIN_LETTERS) {
            LanguageDetection.detect(body)
                .filter(detected -> detected.probability() >= minConfidence)
                .filter(detected -> blockLanguages.contains(detected.language())
                    || blockLanguages.contains(detected.language().replaceFirst("-.*", "")))
                .ifPresent(detected -> findings.add(finding("CONTENT_LANGUAGE_BLOCKED", "language",
                    String.format(Locale.ROOT, "the text is in %s (%.2f), a blocked language", detected.language(), detected.probability()))));
        }
        for (String declared : inspection.charsets()) {
            String canonical = charset(declared, null);
            if (blockCharsets.contains(canonical)) {
                findings.add(finding("CONTENT_CHARSET_BLOCKED", "charset", "the message declares charset " + canonical + ", a blocked charset"));
            }
        }
        if (!blockScripts.isEmpty()) {
            String text = subjectAndBody + "\n" + (inspection.bodyText().isBlank() ? "" : inspection.attachmentText());
            Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
            int letters = 0;
            int limit = Math.min(text.length(), 200_000);
            for (int i = 0; i < limit; ) {
                int codePoint = text.codePointAt(i);
                i += Character.charCount(codePoint);
                if (Character.isLetter(codePoint)) {
                    letters++;
                    counts.merge(Character.UnicodeScript.of(codePoint), 1, Integer::sum);
                }
            }
            if (letters >= MIN_LETTERS) {
                for (Character.UnicodeScript script : blockScripts) {
                    double share = counts.getOrDefault(script, 0) / (double) letters;
                    if (share >= minScriptShare) {
                        findings.add(finding("CONTENT_SCRIPT_BLOCKED", "script", String.format(Locale.ROOT,
                            "%.0f%% of the letters are %s, a blocked script", share * 100, script.name())));
                    }
                }
            }
        }
        return findings;
    }

    private Finding finding(String ruleId, String result, String reason) {
        Finding finding = Finding.of(ruleId, ContentPolicy.CHECK, result, reason);
        return action.map(finding::withAction).orElse(finding);
    }

    private static int letters(String text) {
        return (int) text.codePoints().limit(LanguageDetection.MAX_CHARS).filter(Character::isLetter).count();
    }

    boolean needsAdminAddress() {
        return !isEmpty() && action.filter(value -> value == Action.COPY || value == Action.REDIRECT).isPresent();
    }
}
