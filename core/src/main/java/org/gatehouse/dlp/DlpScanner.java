package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs detectors over a message's texts within the {@link DlpLimits} and counts distinct values per detector across
 * the whole message. The clear values exist only inside one {@link #scan} call, to tell values apart; what leaves it
 * is masked.
 */
final class DlpScanner {
    /** Matches kept per detector; counts stay exact beyond it. */
    static final int MAX_MATCHES_PER_DETECTOR = 100;

    private final DlpLimits limits;

    DlpScanner(DlpLimits limits) {
        this.limits = limits;
    }

    /** One distinct value at one location. */
    private static final class Seen {
        final String masked;
        int occurrences;

        Seen(String masked) {
            this.masked = masked;
        }
    }

    DlpScan scan(DlpContent content, Collection<Detector> detectors) {
        Map<String, Map<String, Integer>> weightsByDetector = new HashMap<>();
        Map<String, Map<DlpLocation, Map<String, Seen>>> seenByDetector = new HashMap<>();
        long budget = limits.maxTotalChars();
        long scanned = 0;
        long skipped = 0;
        long patternsSize = detectors.stream().filter(CustomPatternDetector.class::isInstance)
            .mapToLong(detector -> ((CustomPatternDetector) detector).size()).sum();
        long patternBudget = patternsSize == 0 ? Long.MAX_VALUE : limits.maxPatternWork() / patternsSize;
        long patternSkipped = 0;
        for (DlpContent.Part part : content.parts()) {
            String text = part.text();
            int read = (int) Math.min(Math.min(text.length(), limits.maxCharsPerText()), budget);
            skipped += text.length() - read;
            if (read == 0) {
                continue;
            }
            budget -= read;
            scanned += read;
            ScanText prepared = ScanText.of(text.subSequence(0, read));
            int patternRead = (int) Math.min(prepared.length(), patternBudget);
            if (patternsSize > 0) {
                patternSkipped += prepared.length() - patternRead;
                patternBudget -= patternRead;
            }
            for (Detector detector : detectors) {
                ScanText input = detector instanceof CustomPatternDetector ? prepared.prefix(patternRead) : prepared;
                Map<String, Integer> weights = weightsByDetector.computeIfAbsent(detector.id(), id -> new HashMap<>());
                Map<String, Seen> seen = seenByDetector.computeIfAbsent(detector.id(), id -> new LinkedHashMap<>())
                    .computeIfAbsent(part.location(), location -> new LinkedHashMap<>());
                detector.scan(input, (key, masked, weight) -> {
                    weights.merge(key, weight, Math::max);
                    seen.computeIfAbsent(key, value -> new Seen(masked)).occurrences++;
                });
            }
        }
        List<DlpMatch> matches = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (Detector detector : detectors) {
            Map<String, Integer> weights = weightsByDetector.getOrDefault(detector.id(), Map.of());
            if (weights.isEmpty() || weights.size() < detector.floor()) {
                continue;
            }
            counts.put(detector.id(), weights.values().stream().mapToInt(Integer::intValue).sum());
            distinct.put(detector.id(), weights.size());
            int kept = 0;
            for (Map.Entry<DlpLocation, Map<String, Seen>> location : seenByDetector.get(detector.id()).entrySet()) {
                for (Seen value : location.getValue().values()) {
                    if (kept++ < MAX_MATCHES_PER_DETECTOR) {
                        matches.add(new DlpMatch(detector.id(), detector.category(), location.getKey(), value.masked,
                            value.occurrences));
                    }
                }
            }
        }
        return new DlpScan(matches, counts, distinct, scanned, skipped, patternSkipped);
    }
}
