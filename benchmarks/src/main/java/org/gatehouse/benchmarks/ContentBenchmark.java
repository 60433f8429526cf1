package org.gatehouse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gatehouse.antivirus.AntivirusSettings;
import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusScanReport;
import org.gatehouse.antivirus.VirusScanner;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.message.ParsedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost per message of the content checks on a plain mail, a 1 MB PDF and a nested zip: the content inspection (true
 * types, unpacking, encryption, text) with the default content policy, and the clamd scan (a real clamd with a
 * one-signature database), against the foundation's one parse of the message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContentBenchmark {
    @Param({"PLAIN", "PDF", "ZIP"})
    public String kind;

    private byte[] raw;
    private ContentInspector inspector;
    private ContentPolicy policy;
    private LoopbackClamd clamd;
    private VirusScanner scanner;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        raw = ContentMessages.messages(ContentMessages.Kind.valueOf(kind), "bob@content.bench.test").apply(0).getBytes(StandardCharsets.US_ASCII);
        inspector = ContentInspector.withDefaults();
        policy = ContentPolicy.defaults();
        clamd = new LoopbackClamd("100M");
        clamd.start();
        scanner = VirusScanner.create(AntivirusSettings.forScanners(clamd.tcpAddress()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        clamd.close();
    }

    /** The baseline: the foundation pipeline's one parse of the message. */
    @Benchmark
    public ParsedMessage foundationParse() {
        return ParsedMessage.parse(raw);
    }

    /** The content policy: inspection at every depth and the default policy's judgement. */
    @Benchmark
    public ContentPolicy.Judgement contentPolicy() {
        return policy.judge(inspector.inspectMessage(raw));
    }

    /** The antivirus: one clamd exchange over TCP with the raw message (clamd decodes and unpacks it). */
    @Benchmark
    public VirusScanReport clamdOnly() {
        return scanner.scan(raw, List.of());
    }
}
