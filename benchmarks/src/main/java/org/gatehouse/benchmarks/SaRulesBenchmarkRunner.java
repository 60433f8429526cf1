package org.gatehouse.benchmarks;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.spamassassin.RuleFiles;
import org.gatehouse.scoring.spamassassin.SaMessage;
import org.gatehouse.scoring.spamassassin.SpamAssassinRules;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link SaRulesBenchmark} (both methods, one JMH run) and prints median and p99 per message for SpamAssassin's
 * rules inside Gatehouse and for spamd, and their ratio.
 *   SaRulesBenchmarkRunner SPAMD_PORT [RESULT_JSON]
 */
public final class SaRulesBenchmarkRunner {
    private SaRulesBenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: SaRulesBenchmarkRunner SPAMD_PORT [RESULT_JSON]");
        }
        int spamdPort = Integer.parseInt(args[0]);
        Path resultFile = Path.of(args.length > 1 ? args[1] : "benchmarks/target/sa-rules-jmh.json");
        byte[] message = ScoringMessage.create();
        ParsedMessage parsed = ParsedMessage.parse(message);
        String spamdVerdict = new SpamcClient("127.0.0.1", spamdPort).check(message);

        Options options = new OptionsBuilder()
            .include(SaRulesBenchmark.class.getName() + "\\.")
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
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Statistics> byMethod = new TreeMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            byMethod.put(method.substring(method.lastIndexOf('.') + 1), result.getPrimaryResult().getStatistics());
        }
        Statistics gatehouse = byMethod.get("gatehouseSpamAssassinRules");
        Statistics spamd = byMethod.get("spamdCheck");
        System.out.println();
        System.out.printf(Locale.ROOT, "SpamAssassin's rules on one %d-byte message (multipart/alternative, %d links), JMH SampleTime, 1 thread%n",
            message.length, parsed.links().size());
        SpamAssassinRules rules = SpamAssassinRules.load(RuleFiles.system(), 0);
        System.out.printf(Locale.ROOT, "  Gatehouse: %d SpamAssassin rules, hits %s (total %.1f); spamd verdict: %s%n",
            rules.size(), rules.check(SaMessage.of(parsed, message), java.time.Duration.ofSeconds(10)).names(),
            rules.check(SaMessage.of(parsed, message), java.time.Duration.ofSeconds(10)).total(), spamdVerdict);
        print("Gatehouse parse + SpamAssassin rules", gatehouse);
        print("spamd CHECK (SPAMC/1.5, --local)", spamd);
        System.out.printf(Locale.ROOT, "  ratio spamd p50 / Gatehouse p50: %.2fx   (p99: %.2fx)%n",
            spamd.getPercentile(50) / gatehouse.getPercentile(50), spamd.getPercentile(99) / gatehouse.getPercentile(99));
        System.out.println("  JMH results: " + resultFile);
    }

    private static void print(String label, Statistics statistics) {
        System.out.printf(Locale.ROOT, "  %-36s p50 %10.1f us   p99 %10.1f us   samples %d%n",
            label, statistics.getPercentile(50), statistics.getPercentile(99), statistics.getN());
    }
}
