package org.gatehouse.benchmarks;

import java.nio.file.Path;
import java.util.Locale;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.spamassassin.RuleFiles;
import org.gatehouse.scoring.spamassassin.SaMessage;
import org.gatehouse.scoring.spamassassin.SpamAssassinRules;

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

        SpamdComparison comparison = SpamdComparison.run(SaRulesBenchmark.class, spamdPort, resultFile);
        System.out.println();
        System.out.printf(Locale.ROOT, "SpamAssassin's rules on one %d-byte message (multipart/alternative, %d links), JMH SampleTime, 1 thread%n",
            message.length, parsed.links().size());
        SpamAssassinRules rules = SpamAssassinRules.load(RuleFiles.system(), 0);
        var hits = rules.check(SaMessage.of(parsed, message), java.time.Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "  Gatehouse: %d SpamAssassin rules, hits %s (total %.1f); spamd verdict: %s%n",
            rules.size(), hits.names(), hits.total(), spamdVerdict);
        comparison.print("gatehouseSpamAssassinRules", "Gatehouse parse + SpamAssassin rules");
    }
}
