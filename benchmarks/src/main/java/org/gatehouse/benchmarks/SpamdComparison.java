package org.gatehouse.benchmarks;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH run of a benchmark class with a Gatehouse method and {@code spamdCheck} against a spamd on loopback (the
 * same settings for every such comparison), then the two methods' p50/p99 per message and their ratio.
 */
final class SpamdComparison {
    private final Map<String, Statistics> byMethod;
    private final Path resultFile;

    private SpamdComparison(Map<String, Statistics> byMethod, Path resultFile) {
        this.byMethod = byMethod;
        this.resultFile = resultFile;
    }

    static SpamdComparison run(Class<?> benchmark, int spamdPort, Path resultFile) throws Exception {
        Options options = new OptionsBuilder()
            .include(benchmark.getName() + "\\.")
            .param("spamdPort", Integer.toString(spamdPort))
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(5))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(5))
            .threads(1)
            .resultFormat(ResultFormatType.JSON)
            .result(resultFile.toString())
            .build();
        Map<String, Statistics> byMethod = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark();
            byMethod.put(method.substring(method.lastIndexOf('.') + 1), result.getPrimaryResult().getStatistics());
        }
        return new SpamdComparison(byMethod, resultFile);
    }

    /** The Gatehouse method's and spamd's lines, the ratio spamd / Gatehouse, and where JMH's results are. */
    void print(String gatehouseMethod, String gatehouseLabel) {
        Statistics gatehouse = byMethod.get(gatehouseMethod);
        Statistics spamd = byMethod.get("spamdCheck");
        print(gatehouseLabel, gatehouse);
        print("spamd CHECK (SPAMC/1.5, --local)", spamd);
        System.out.printf(Locale.ROOT, "  ratio spamd p50 / Gatehouse p50: %.1fx   (p99: %.1fx)%n",
            spamd.getPercentile(50) / gatehouse.getPercentile(50), spamd.getPercentile(99) / gatehouse.getPercentile(99));
        System.out.println("  JMH results: " + resultFile);
    }

    private static void print(String label, Statistics statistics) {
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   p99 %10.1f us   samples %d%n",
            label, statistics.getPercentile(50), statistics.getPercentile(99), statistics.getN());
    }
}
