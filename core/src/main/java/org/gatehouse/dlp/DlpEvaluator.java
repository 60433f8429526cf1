package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a tenant's DLP rules to one message: selects the rules whose direction and sender/recipient conditions
 * hold, scans the texts once with the union of their detectors (within the {@link DlpLimits}), and fires each rule
 * whose detectors together reach its minimum count.
 */
public final class DlpEvaluator {
    private final DlpScanner scanner;

    public DlpEvaluator(DlpLimits limits) {
        this.scanner = new DlpScanner(limits);
    }

    public DlpEvaluator() {
        this(DlpLimits.DEFAULTS);
    }

    public DlpResult evaluate(DlpPolicy policy, DlpContent content, DlpEnvelope envelope) {
        List<DlpRule> applicable = policy.rules().stream().filter(rule -> rule.appliesTo(envelope)).toList();
        if (applicable.isEmpty()) {
            return DlpResult.nothing();
        }
        Map<String, Detector> detectors = new LinkedHashMap<>();
        applicable.forEach(rule -> rule.detectors().forEach(detector -> detectors.putIfAbsent(detector.id(), detector)));
        DlpScan scan = scanner.scan(content, detectors.values());
        List<DlpResult.FiredRule> fired = new ArrayList<>();
        for (DlpRule rule : applicable) {
            int count = rule.detectors().stream().mapToInt(detector -> scan.count(detector.id())).sum();
            if (count >= rule.minCount()) {
                Set<String> ids = rule.detectors().stream().map(Detector::id).collect(Collectors.toSet());
                fired.add(new DlpResult.FiredRule(rule, count,
                    scan.matches().stream().filter(match -> ids.contains(match.detectorId())).toList()));
            }
        }
        return new DlpResult(fired, scan);
    }
}
