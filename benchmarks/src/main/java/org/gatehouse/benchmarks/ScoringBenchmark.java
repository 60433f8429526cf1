package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.CategoryClassifier;
import org.gatehouse.scoring.ScoringEngine;
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
 * Time per message of Gatehouse's spam scoring (parse once, score, classify; no external engine) against one
 * spamd {@code CHECK} of the same message, so the two can be compared as a same-run ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {
    /** The loopback port of the spamd the benchmark script started; 0 when there is none. */
    @Param("0")
    public int spamdPort;

    private byte[] message;
    private ScoringEngine engine;
    private CategoryClassifier classifier;
    private SpamcClient spamd;

    @Setup
    public void setUp() throws IOException {
        message = ScoringMessage.create();
        engine = ScoringEngine.withDefaults();
        classifier = new CategoryClassifier();
        if (spamdPort > 0) {
            spamd = new SpamcClient("127.0.0.1", spamdPort);
        }
    }

    /** Makes every message's body one the scorer has not seen: a body read before is taken from memory (BodyMemo). */
    private long unseen;

    @Benchmark
    public void gatehouseParseScoreClassify(Blackhole blackhole) {
        byte[] suffix = ("\r\n" + (unseen++) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] unseenBody = Arrays.copyOf(message, message.length + suffix.length);
        System.arraycopy(suffix, 0, unseenBody, message.length, suffix.length);
        ParsedMessage parsed = ParsedMessage.parse(unseenBody);
        blackhole.consume(engine.score(parsed));
        blackhole.consume(classifier.classify(parsed));
    }

    @Benchmark
    public String spamdCheck() throws IOException {
        if (spamd == null) {
            throw new IllegalStateException("no spamd: run with -p spamdPort=PORT (benchmarks/scoring-jmh.sh does)");
        }
        return spamd.check(message);
    }
}
