package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * How well the language detector classifies Tika's own language test texts (16 languages,
 * {@code corpora/langdetect-tika}, see its PROVENANCE.md), cut into chunks of 300 characters at word boundaries as
 * mail bodies are; prints per-language and overall accuracy. The floor below is the measured figure rounded down.
 */
class LanguageAccuracyTest {
    private static final List<String> LANGUAGES = List.of("da", "de", "el", "en", "es", "et", "fi", "fr", "it", "ja", "lt", "nl",
        "pt", "sv", "th", "zh");
    private static final int CHUNK = 300;

    private static String text(String language) throws IOException {
        try (InputStream in = LanguageAccuracyTest.class.getResourceAsStream("/corpora/langdetect-tika/" + language + ".test")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> chunks(String text) {
        List<String> chunks = new java.util.ArrayList<>();
        String flat = text.replaceAll("\\s+", " ").trim();
        int start = 0;
        while (start + CHUNK <= flat.length()) {
            int end = flat.lastIndexOf(' ', start + CHUNK);
            end = end <= start ? start + CHUNK : end;
            chunks.add(flat.substring(start, end));
            start = end + 1;
        }
        return chunks;
    }

    @Test
    void detectShouldClassifyTikaLanguageTestsAboveTheMeasuredFloor() throws Exception {
        LanguageDetection.detect("warm up the models before timing");
        long started = System.nanoTime();
        Map<String, int[]> byLanguage = new TreeMap<>();
        int total = 0;
        int right = 0;
        for (String language : LANGUAGES) {
            int[] counts = new int[2];
            for (String chunk : chunks(text(language))) {
                String detected = LanguageDetection.detect(chunk).map(LanguageDetection.Detected::language).orElse("none");
                counts[0]++;
                if (detected.equals(language) || detected.startsWith(language + "-")) {
                    counts[1]++;
                }
            }
            byLanguage.put(language, counts);
            total += counts[0];
            right += counts[1];
        }
        byLanguage.forEach((language, counts) -> System.out.printf(Locale.ROOT, "LANGUAGE %s %d/%d = %.1f%%%n", language, counts[1], counts[0],
            100.0 * counts[1] / counts[0]));
        double accuracy = (double) right / total;
        System.out.printf(Locale.ROOT, "LANGUAGE cost %.3f ms per chunk (informative, not asserted)%n", (System.nanoTime() - started) / 1e6 / total);
        System.out.printf(Locale.ROOT, "LANGUAGE ACCURACY overall %d/%d = %.1f%% (chunks of %d characters)%n", right, total, accuracy * 100, CHUNK);

        assertThat(total).isGreaterThan(900);
        assertThat(byLanguage.values()).allSatisfy(counts -> assertThat(counts[0]).isPositive());
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }
}
