package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * What a tenant's DLP rules decided about one message: the rules that fired, each with its masked matches, and the
 * scan behind them. It turns into {@link Finding}s (check {@code dlp}) and, for blocking rules, the text of the bounce.
 */
public record DlpResult(List<FiredRule> fired, DlpScan scan) {
    public static final String CHECK = "dlp";
    /** Emitted when the {@link DlpLimits} left text unread. */
    public static final String SCAN_TRUNCATED = "DLP_SCAN_TRUNCATED";
    static final int SAMPLES = 3;

    /** A rule that reached its minimum count: the count and the matches of its detectors. */
    public record FiredRule(DlpRule rule, int count, List<DlpMatch> matches) {
        public FiredRule {
            matches = List.copyOf(matches);
        }

        /**
         * What was found, masked: {@code 5 payment card numbers in body, attachment a.zip/b.xlsx (minimum 3):
         * ****-****-****-1111, ****-****-****-4444, ****-****-****-0004 and 2 more}.
         */
        public String summary(DlpScan scan) {
            String counts = rule.detectors().stream().filter(detector -> scan.count(detector.id()) > 0)
                .map(detector -> scan.count(detector.id()) + " " + detector.label()).collect(Collectors.joining(", "));
            Set<String> locations = new LinkedHashSet<>();
            matches.forEach(match -> locations.add(match.location().asString()));
            List<String> samples = new ArrayList<>(new LinkedHashSet<>(matches.stream().map(DlpMatch::masked).toList()));
            String shown = String.join(", ", samples.subList(0, Math.min(SAMPLES, samples.size())));
            int values = rule.detectors().stream().mapToInt(detector -> scan.distinct().getOrDefault(detector.id(), 0)).sum();
            int more = values - Math.min(SAMPLES, samples.size());
            return counts + " in " + String.join(", ", locations) + " (minimum " + rule.minCount() + "): " + shown
                + (more > 0 ? " and " + more + " more" : "");
        }
    }

    public DlpResult {
        fired = List.copyOf(fired);
    }

    public static DlpResult nothing() {
        return new DlpResult(List.of(), DlpScan.empty());
    }

    /** The most severe action among the fired rules; empty when none fired. */
    public Optional<DlpAction> action() {
        return fired.stream().map(rule -> rule.rule().action()).max(Enum::compareTo);
    }

    /** Whether a fired rule asks to tell the tenant's administrator. */
    public boolean notifyAdmin() {
        return fired.stream().anyMatch(rule -> rule.rule().action() == DlpAction.NOTIFY);
    }

    /** One finding per fired rule ({@code DLP_<RULE_ID>}, result the rule's action), and one if text went unread. */
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (FiredRule rule : fired) {
            Finding finding = Finding.of(rule.rule().findingRuleId(), CHECK, rule.rule().action().asString(), rule.summary(scan));
            findings.add(rule.rule().action().verdictAction().map(finding::withAction).orElse(finding));
        }
        if (scan.truncated()) {
            findings.add(Finding.of(SCAN_TRUNCATED, CHECK, "truncated", "scanned the first " + scan.scannedChars()
                + " characters; " + scan.skippedChars() + " were left unread"
                + (scan.patternSkippedChars() > 0 ? ", and " + scan.patternSkippedChars() + " more by the tenant's patterns" : "")));
        }
        return findings;
    }

    public Verdict verdict() {
        return Verdict.of(findings());
    }

    /**
     * For the bounce to the sender, one line per blocking rule: which rule, and what it found, masked. Never the data.
     */
    public List<String> senderExplanation() {
        return fired.stream().filter(rule -> rule.rule().action() == DlpAction.BLOCK)
            .map(rule -> "Rule " + rule.rule().id() + rule.rule().description().map(text -> " (" + text + ")").orElse("")
                + ": " + rule.summary(scan))
            .toList();
    }
}
