package org.gatehouse.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.phishing.ExtractedUrl;
import org.gatehouse.phishing.MessageUrls;
import org.gatehouse.phishing.PhishingDetector;
import org.gatehouse.phishing.UrlSignals;
import org.gatehouse.verdict.Finding;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link PhishingUrlBenchmark} and prints median and p99 per message of URL extraction plus URL signals.
 *   PhishingUrlBenchmarkRunner [RESULT_JSON]
 */
public final class PhishingUrlBenchmarkRunner {
    private PhishingUrlBenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path resultFile = Path.of(args.length > 0 ? args[0] : "benchmarks/target/phishing-jmh.json");
        byte[] raw = PhishingUrlBenchmark.create();
        ParsedMessage message = ParsedMessage.parse(raw);
        List<ExtractedUrl> urls = MessageUrls.extract(message);
        List<Finding> findings = new UrlSignals(Set.of("example-shop.com")).findings(urls, message);

        Options options = new OptionsBuilder()
            .include(PhishingUrlBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(5))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(5))
            .threads(1)
            .resultFormat(ResultFormatType.JSON)
            .result(resultFile.toString())
            .build();
        java.util.Map<String, Statistics> byMethod = new java.util.TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark();
            byMethod.put(method.substring(method.lastIndexOf('.') + 1), result.getPrimaryResult().getStatistics());
        }
        List<Finding> all = PhishingDetector.offline().findings(PhishingUrlBenchmark.TENANT, new org.gatehouse.phishing.PhishingPolicy(
            org.gatehouse.verdict.Action.QUARANTINE, 40, 1.0, List.of("partner.example"), List.of("Jane Smith"), true,
            Set.of("example-shop.com"), List.of()), message);
        System.out.println();
        System.out.printf(Locale.ROOT, "Phishing pass on one %d-byte HTML message (%d anchors, %d URLs extracted), JMH SampleTime, 1 thread%n",
            raw.length, 200, urls.size());
        System.out.println("  URL findings: " + findings.stream().map(Finding::ruleId).toList());
        System.out.println("  all phishing findings: " + all.stream().map(Finding::ruleId).toList());
        Statistics baseline = byMethod.get("contentScoring");
        for (java.util.Map.Entry<String, String> row : java.util.List.of(
                java.util.Map.entry("extractAndJudge", "MessageUrls.extract + UrlSignals"),
                java.util.Map.entry("wholeDetector", "PhishingDetector.findings (all)"),
                java.util.Map.entry("contentScoring", "baseline: ScoringEngine.score"))) {
            Statistics statistics = byMethod.get(row.getKey());
            System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   p99 %10.1f us   samples %6d   p50 / baseline %.2f%n", row.getValue(),
                statistics.getPercentile(50), statistics.getPercentile(99), statistics.getN(),
                statistics.getPercentile(50) / baseline.getPercentile(50));
        }
        Statistics parseOnly = byMethod.get("unseenHostsParseOnly");
        Statistics parseAndDetect = byMethod.get("unseenHostsDetector");
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   p99 %10.1f us   samples %6d%n", "unseen hosts: parse only",
            parseOnly.getPercentile(50), parseOnly.getPercentile(99), parseOnly.getN());
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   p99 %10.1f us   samples %6d%n", "unseen hosts: parse + detector",
            parseAndDetect.getPercentile(50), parseAndDetect.getPercentile(99), parseAndDetect.getN());
        double cold = parseAndDetect.getPercentile(50) - parseOnly.getPercentile(50);
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   (difference of the medians)   / baseline %.2f%n", "detector, unseen hosts",
            cold, cold / baseline.getPercentile(50));
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   / baseline %.2f%n", "unseen hosts: parse + detector",
            parseAndDetect.getPercentile(50), parseAndDetect.getPercentile(50) / baseline.getPercentile(50));
        System.out.println("  JMH results: " + resultFile);
    }
}
