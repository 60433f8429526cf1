package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.spamassassin.RuleFiles;
import org.gatehouse.scoring.spamassassin.SaMessage;
import org.gatehouse.scoring.spamassassin.SpamAssassinRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per message of SpamAssassin's installed rules run inside Gatehouse (parse once, SpamAssassin's view, every
 * supported rule) against one spamd {@code CHECK} of the same message with the same rules, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SaRulesBenchmark {
    /** The loopback port of the spamd the benchmark script started; 0 when there is none. */
    @Param("0")
    public int spamdPort;

    private byte[] message;
    private SpamAssassinRules rules;
    private SpamcClient spamd;
    /** Makes every message's body one the parser has not seen (a body read before is taken from memory). */
    private long unseen;

    @Setup
    public void setUp() throws IOException {
        message = ScoringMessage.create();
        rules = SpamAssassinRules.load(RuleFiles.system(), 0);
        if (spamdPort > 0) {
            spamd = new SpamcClient("127.0.0.1", spamdPort);
        }
    }

    @Benchmark
    public void gatehouseSpamAssassinRules(Blackhole blackhole) {
        byte[] suffix = ("\r\n" + (unseen++) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] unseenBody = Arrays.copyOf(message, message.length + suffix.length);
        System.arraycopy(suffix, 0, unseenBody, message.length, suffix.length);
        ParsedMessage parsed = ParsedMessage.parse(unseenBody);
        blackhole.consume(rules.check(SaMessage.of(parsed, unseenBody), Duration.ofSeconds(10)));
    }

    @Benchmark
    public String spamdCheck() throws IOException {
        if (spamd == null) {
            throw new IllegalStateException("no spamd: run with -p spamdPort=PORT (benchmarks/scoring-jmh.sh sa-rules does)");
        }
        return spamd.check(message);
    }
}
