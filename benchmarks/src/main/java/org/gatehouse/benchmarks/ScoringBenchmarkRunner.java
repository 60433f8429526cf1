package org.gatehouse.benchmarks;

import java.nio.file.Path;
import java.util.Locale;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.CategoryClassifier;
import org.gatehouse.scoring.ScoringEngine;

/**
 * Runs {@link ScoringBenchmark} (both methods, one JMH run) and prints median and p99 per message for Gatehouse
 * and spamd, and their ratio.
 *   ScoringBenchmarkRunner SPAMD_PORT [RESULT_JSON]
 */
public final class ScoringBenchmarkRunner {
    private ScoringBenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ScoringBenchmarkRunner SPAMD_PORT [RESULT_JSON]");
        }
        int spamdPort = Integer.parseInt(args[0]);
        Path resultFile = Path.of(args.length > 1 ? args[1] : "benchmarks/target/scoring-jmh.json");
        byte[] message = ScoringMessage.create();
        ParsedMessage parsed = ParsedMessage.parse(message);
        String spamdVerdict = new SpamcClient("127.0.0.1", spamdPort).check(message);

        SpamdComparison comparison = SpamdComparison.run(ScoringBenchmark.class, spamdPort, resultFile);
        System.out.println();
        System.out.printf(Locale.ROOT, "Scoring one %d-byte message (multipart/alternative, %d links), JMH SampleTime, 1 thread%n",
            message.length, parsed.links().size());
        System.out.printf(Locale.ROOT, "  Gatehouse verdict: score %d, category %s; spamd verdict: %s%n",
            ScoringEngine.withDefaults().score(parsed).score(), new CategoryClassifier().classify(parsed).category(),
            spamdVerdict);
        comparison.print("gatehouseParseScoreClassify", "Gatehouse parse + score + classify");
    }
}
