package org.gatehouse.content;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.tika.langdetect.optimaize.OptimaizeLangDetector;
import org.apache.tika.language.detect.LanguageDetector;
import org.apache.tika.language.detect.LanguageResult;

/**
 * The language of a text, by Tika's wrapper of the optimaize n-gram detector (about 70 languages). The models are
 * loaded once, the first time a policy or a message needs them (about a second, about 100 MB of heap), and shared; the
 * detector keeps state between calls, so detection is serialised (a fraction of a millisecond for the 2,000 characters
 * it reads).
 */
public final class LanguageDetection {
    /** Characters of a text that are read: enough for a confident answer, bounded in cost. */
    public static final int MAX_CHARS = 2000;

    /** A detected language (ISO 639-1, or optimaize's {@code zh-CN}/{@code zh-TW}) and the detector's probability. */
    public record Detected(String language, double probability) {
    }

    private static final class Holder {
        private static final LanguageDetector DETECTOR = new OptimaizeLangDetector().loadModels();
    }

    private LanguageDetection() {
    }

    /** The most probable language, when the text has any letters at all. */
    public static Optional<Detected> detect(String text) {
        String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        if (sample.codePoints().noneMatch(Character::isLetter)) {
            return Optional.empty();
        }
        List<LanguageResult> results;
        synchronized (Holder.DETECTOR) {
            results = Holder.DETECTOR.detectAll(sample);
        }
        return results.stream().filter(result -> !result.getLanguage().isEmpty()).findFirst()
            .map(result -> new Detected(result.getLanguage(), result.getRawScore()));
    }

    /** Whether the detector knows this language code. */
    public static boolean supports(String language) {
        return Holder.DETECTOR.hasModel(language);
    }

    /** Every language code the detector knows, sorted. */
    public static Set<String> supported() {
        Set<String> codes = new TreeSet<>();
        for (String code : java.util.Locale.getISOLanguages()) {
            if (supports(code)) {
                codes.add(code);
            }
        }
        for (String special : List.of("zh-CN", "zh-TW")) {
            if (supports(special)) {
                codes.add(special);
            }
        }
        return codes;
    }
}
