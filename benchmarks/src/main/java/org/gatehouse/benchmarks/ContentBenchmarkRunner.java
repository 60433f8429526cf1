package org.gatehouse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link ContentBenchmark} and prints, per message kind, the p50 of each check and its ratio to the foundation's parse. */
public final class ContentBenchmarkRunner {
    public static void main(String[] args) throws Exception {
        Path resultFile = Path.of(args.length > 0 ? args[0] : "benchmarks/target/content-jmh.json");
        Options options = new OptionsBuilder()
            .include(ContentBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(3))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(4))
            .threads(1)
            .jvmArgs("-Xmx1g")
            .resultFormat(ResultFormatType.JSON)
            .result(resultFile.toString())
            .build();
        Map<String, Statistics> results = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark();
            results.put(result.getParams().getParam("kind") + " " + method.substring(method.lastIndexOf('.') + 1),
                result.getPrimaryResult().getStatistics());
        }
        System.out.println();
        System.out.println("Content checks per message, JMH SampleTime, 1 thread (p50; ratio to the foundation's parse of the same message)");
        ContentInspector inspector = ContentInspector.withDefaults();
        for (ContentMessages.Kind kind : ContentMessages.Kind.values()) {
            byte[] raw = ContentMessages.messages(kind, "bob@content.bench.test").apply(0).getBytes(StandardCharsets.US_ASCII);
            ContentInspection inspection = inspector.inspectMessage(raw);
            System.out.printf(Locale.ROOT, "  %-5s %8d bytes, %d parts inspected, families %s%n", kind, raw.length, inspection.parts().size(),
                inspection.families());
            Statistics baseline = results.get(kind + " foundationParse");
            for (Map.Entry<String, String> row : Map.of("foundationParse", "baseline: ParsedMessage.parse", "contentPolicy",
                    "inspection + default content policy", "clamdOnly", "clamd INSTREAM (TCP)").entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                Statistics statistics = results.get(kind + " " + row.getKey());
                System.out.printf(Locale.ROOT, "        %-38s p50 %10.1f us   p99 %10.1f us   ratio %6.2f%n", row.getValue(),
                    statistics.getPercentile(50), statistics.getPercentile(99), statistics.getPercentile(50) / baseline.getPercentile(50));
            }
        }
        System.out.println("  JMH results: " + resultFile);
    }

    private ContentBenchmarkRunner() {
    }
}
