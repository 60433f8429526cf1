package org.gatehouse.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;

/**
 * Pushes M messages over C SMTP connections into a server relaying to a local sink, and measures the time until
 * every accepted message reached the sink or was held (end to end) and until the last 250 (acceptance). Runs plain
 * James (the same durable ActiveMQ queue, an empty pipeline) and Gatehouse (its pipelines) alternately in one
 * invocation, on the same box, and prints the throughputs and their ratios, and for every run what became of the
 * messages: accepted or refused at SMTP, delivered, or held (the message log's quarantined, rejected, bounced).
 *
 * <p>A run never waits forever: when no message reaches the sink for {@code --stall-seconds} (and the message log does
 * not account for the rest), the benchmark stops with the reason (what the server refused or held, and the message
 * log's most frequent reasons) and exits 2.
 *
 * <p>Usage: {@code benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2]
 * [--stall-seconds 60] [--profile] [--content-suite [--kinds PLAIN,PDF,ZIP]]}. {@code --content-suite} compares the
 * foundation pipeline without and with the content checks on three messages. {@code --profile} records the CPU of one
 * Gatehouse server (the full pipeline; in the content suite the one with the content checks) with JDK Flight Recorder
 * during every measured phase, keeps the recordings in the work directory and prints its hot methods.
 */
public final class SmtpLoadBenchmark {
    private static final List<String> JVM_OPTIONS = withExtra(List.of("-Xmx512m"));
    /** For the profiled server: deep James/Reactor stacks would otherwise be cut at JFR's default of 64 frames. */
    private static final List<String> PROFILED_JVM_OPTIONS = withExtra(List.of("-Xmx512m", "-XX:FlightRecorderOptions:stackdepth=256"));

    private static final int WARMUP_MESSAGES = 300;
    /** How long no message may reach the sink before the message log is asked what became of the rest. */
    private static final Duration QUIET_BEFORE_ASKING = Duration.ofSeconds(2);
    /** However steady the progress, a run stops after this. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(30);

    private static List<String> withExtra(List<String> options) {
        List<String> all = new ArrayList<>(options);
        Optional.ofNullable(System.getenv("GATEHOUSE_BENCH_JVM")).filter(s -> !s.isBlank())
            .ifPresent(extra -> all.addAll(List.of(extra.trim().split("\\s+"))));
        return List.copyOf(all);
    }

    record Settings(int messages, int connections, int size, int rounds, Duration stall, boolean profile,
                    Set<ContentMessages.Kind> kinds, int warmup) {
    }

    /** What the SMTP conversations answered. */
    record Sent(int accepted, int refused, int tempfailed, Optional<String> firstRefusal) {
        int total() {
            return accepted + refused + tempfailed;
        }
    }

    /** What the message log says became of the accepted messages that did not reach the sink. */
    record Held(int quarantined, int rejected, int bounced, int queued, Map<String, Long> reasons) {
        static final Held NONE = new Held(0, 0, 0, 0, Map.of());

        int finalNotDelivered() {
            return quarantined + rejected + bounced;
        }

        String describe() {
            return quarantined + " quarantined, " + rejected + " rejected, " + bounced + " bounced, " + queued + " still queued";
        }
    }

    /**
     * One measured phase. {@code serverCpu} is the CPU time (user and system, all threads) the server process used
     * during it, the figure that does not depend on what else the machine ran.
     */
    record Result(String server, int round, Sent sent, int delivered, Held held, Duration accepted, Duration elapsed,
                  Optional<Duration> serverCpu, Optional<JvmTimes> jvm, Optional<ThreadCpu.Split> threads) {
        /** Server CPU milliseconds per delivered message, when the platform reports the process's CPU time. */
        Optional<Double> cpuMillisPerMessage() {
            return serverCpu.filter(cpu -> delivered > 0).map(cpu -> cpu.toNanos() / 1e6 / delivered);
        }

        double acceptedPerSecond() {
            return sent.accepted() / seconds(accepted);
        }

        double deliveredPerSecond() {
            return delivered / seconds(elapsed);
        }

        boolean clean() {
            return sent.refused() == 0 && sent.tempfailed() == 0 && held.finalNotDelivered() == 0;
        }

        String outcomes() {
            return String.format(Locale.ROOT, "sent %d: accepted %d, refused %d, tempfailed %d; delivered %d, held %d%s%s", sent.total(),
                sent.accepted(), sent.refused(), sent.tempfailed(), delivered, held.finalNotDelivered(),
                held.finalNotDelivered() == 0 ? "" : " (" + held.describe() + ")",
                cpuMillisPerMessage().map(ms -> String.format(Locale.ROOT, "; server CPU %.2f ms per message", ms)).orElse("")
                + threads.filter(any -> delivered > 0).map(split -> String.format(Locale.ROOT,
                    " (of which JIT compiler threads %.2f ms, GC and VM threads %.2f ms)",
                    split.compiler().toNanos() / 1e6 / delivered, split.gc().toNanos() / 1e6 / delivered)).orElse("")
                + jvm.filter(any -> delivered > 0).map(times -> String.format(Locale.ROOT, "; JIT compile tasks %.2f ms elapsed, GC pauses %.2f ms",
                    times.compile().toNanos() / 1e6 / delivered, times.gc().toNanos() / 1e6 / delivered)).orElse(""));
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    private static Optional<Duration> cpu(GatewayProcess process) {
        return ProcessHandle.of(process.pid()).flatMap(handle -> handle.info().totalCpuDuration());
    }

    /**
     * The server JVM's time spent compiling (JIT) and in GC pauses so far, from its performance counters
     * ({@code jcmd PerfCounter.print}): how far from steady state the measured phase is, and what the collector costs.
     */
    record JvmTimes(Duration compile, Duration gc) {
        JvmTimes minus(JvmTimes earlier) {
            return new JvmTimes(compile.minus(earlier.compile), gc.minus(earlier.gc));
        }
    }

    private static Optional<JvmTimes> jvmTimes(GatewayProcess process) {
        try {
            Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "PerfCounter.print").redirectErrorStream(true).start();
            Map<String, Long> counters = new HashMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().map(line -> line.split("=", 2)).filter(pair -> pair.length == 2).forEach(pair -> {
                    try {
                        counters.put(pair[0].trim(), Long.parseLong(pair[1].trim()));
                    } catch (NumberFormatException e) {
                        // a text counter
                    }
                });
            }
            jcmd.waitFor();
            long frequency = counters.getOrDefault("sun.os.hrt.frequency", 0L);
            if (frequency <= 0 || !counters.containsKey("java.ci.totalTime")) {
                return Optional.empty();
            }
            long gcTicks = counters.entrySet().stream()
                .filter(entry -> entry.getKey().matches("sun\\.gc\\.collector\\.\\d+\\.time"))
                .mapToLong(Map.Entry::getValue).sum();
            return Optional.of(new JvmTimes(ticks(counters.get("java.ci.totalTime"), frequency), ticks(gcTicks, frequency)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Duration ticks(long ticks, long frequency) {
        return Duration.ofNanos((long) (ticks * (1e9 / frequency)));
    }

    /** The benchmark cannot go on: a server delivered nothing, or stopped delivering. */
    static final class Stopped extends Exception {
        Stopped(String reason) {
            super(reason);
        }
    }

    interface Server {
        String name();

        GatewayProcess start(Path dataDir, DownstreamSmtpServer sink, List<String> jvmOptions) throws Exception;

        String recipientDomain();

        /** Gatehouse keeps a message log (WebAdmin /gatehouse/messages) that says what it held; plain James does not. */
        boolean keepsMessageLog();
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        boolean contentSuite = List.of(args).contains("--content-suite");
        boolean rollupsSuite = List.of(args).contains("--rollups-suite");
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2] [--stall-seconds 60] "
                + "[--profile] [--content-suite [--kinds PLAIN,PDF,ZIP]] [--rollups-suite]");
            System.exit(64);
            return;
        }
        try {
            if (contentSuite) {
                contentSuite(settings);
            } else if (rollupsSuite) {
                rollupsSuite(settings);
            } else {
                loadSuite(settings);
            }
        } catch (Stopped e) {
            System.out.println();
            System.out.println("STOPPED: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void loadSuite(Settings settings) throws Exception {
        Path work = Files.createTempDirectory("gatehouse-bench");
        LoadMessage load = LoadMessage.create(settings.size());
        List<Server> servers = List.of(new PlainJames(), new Gatehouse(Gatehouse.Variant.FOUNDATION, load),
            new Gatehouse(Gatehouse.Variant.SENDER_CHECKS, load), new Gatehouse(Gatehouse.Variant.FULL, load));
        List<Result> results = new ArrayList<>();
        Map<Server, List<Path>> recordings = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "SMTP load: %d messages of %d bytes over %d connections, %d rounds, JVM %s%n",
            settings.messages(), load.issue("load@example.test").withMessageId(0).length(), settings.connections(), settings.rounds(),
            JVM_OPTIONS);
        System.out.println("  (" + Instant.now() + ", work directory " + work + ")");
        try (LoopbackDnsServer dns = load.startDns(work.resolve("dns"))) {
            load.useDns(dns);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Server server : servers) {
                    String recipient = "load@" + server.recipientDomain();
                    LoadMessage.Issue issue = load.issue(recipient);
                    Optional<Path> recording = settings.profile()
                        ? Optional.of(work.resolve("profile-" + server.recipientDomain() + "-" + round + ".jfr")) : Optional.empty();
                    Result result = run(server, round, settings, issue::withMessageId, work.resolve(server.recipientDomain() + "-" + round),
                        settings.warmup(), recording);
                    recording.ifPresent(path -> recordings.computeIfAbsent(server, key -> new ArrayList<>()).add(path));
                    results.add(result);
                    System.out.printf(Locale.ROOT, "  round %d %-45s accepted %7.1f msg/s   delivered end to end %7.1f msg/s%s%n",
                        round, server.name(), result.acceptedPerSecond(), result.deliveredPerSecond(), result.clean() ? "" : "   *");
                    System.out.println("          " + result.outcomes());
                }
            }
        }
        Result plain = median(results, servers.get(0).name());
        Result foundation = median(results, servers.get(1).name());
        Result sender = median(results, servers.get(2).name());
        Result full = median(results, servers.get(3).name());
        System.out.println();
        System.out.printf(Locale.ROOT, "median delivered end to end: plain James %.1f msg/s, Gatehouse foundation %.1f msg/s, "
            + "Gatehouse with sender checks %.1f msg/s, Gatehouse full pipeline %.1f msg/s%n", plain.deliveredPerSecond(),
            foundation.deliveredPerSecond(), sender.deliveredPerSecond(), full.deliveredPerSecond());
        System.out.printf(Locale.ROOT, "RATIO delivered (Gatehouse foundation / plain James) = %.2f%n",
            foundation.deliveredPerSecond() / plain.deliveredPerSecond());
        System.out.printf(Locale.ROOT, "RATIO delivered (Gatehouse with sender checks / Gatehouse foundation) = %.2f%n",
            sender.deliveredPerSecond() / foundation.deliveredPerSecond());
        System.out.printf(Locale.ROOT, "RATIO accepted  (Gatehouse with sender checks / Gatehouse foundation) = %.2f%n",
            sender.acceptedPerSecond() / foundation.acceptedPerSecond());
        System.out.printf(Locale.ROOT, "RATIO delivered (Gatehouse full pipeline / Gatehouse with sender checks) = %.2f%n",
            full.deliveredPerSecond() / sender.deliveredPerSecond());
        System.out.printf(Locale.ROOT, "RATIO delivered (Gatehouse full pipeline / plain James) = %.2f%n",
            full.deliveredPerSecond() / plain.deliveredPerSecond());
        printCpu(results, servers);
        warnIfNotClean(results);
        for (Server server : servers) {
            printProfile(server.name(), recordings.getOrDefault(server, List.of()));
        }
    }

    /**
     * Issue 17's write-path cost: the full shipped pipeline with the reports' rollup job off
     * ({@code reports.rollup.enabled=false}) against the same with it on as shipped (catching up every minute), alternating
     * in one invocation. Both write the message log's {@code changed_at}: it is part of the schema.
     */
    private static void rollupsSuite(Settings settings) throws Exception {
        Path work = Files.createTempDirectory("gatehouse-bench-rollups");
        LoadMessage load = LoadMessage.create(settings.size());
        List<Server> servers = List.of(new Gatehouse(Gatehouse.Variant.FULL, load, Gatehouse.Content.SHIPPED, "", false),
            new Gatehouse(Gatehouse.Variant.FULL, load, Gatehouse.Content.SHIPPED, "", true));
        List<Result> results = new ArrayList<>();
        System.out.printf(Locale.ROOT, "SMTP load, report rollups off and on: %d messages of %d bytes over %d connections, %d rounds, JVM %s%n",
            settings.messages(), load.issue("load@example.test").withMessageId(0).length(), settings.connections(), settings.rounds(),
            JVM_OPTIONS);
        System.out.println("  (" + Instant.now() + ", work directory " + work + ")");
        try (LoopbackDnsServer dns = load.startDns(work.resolve("dns"))) {
            load.useDns(dns);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Server server : servers) {
                    LoadMessage.Issue issue = load.issue("load@" + server.recipientDomain());
                    Result result = run(server, round, settings, issue::withMessageId, work.resolve(server.recipientDomain() + "-" + round),
                        settings.warmup(), Optional.empty());
                    results.add(result);
                    System.out.printf(Locale.ROOT, "  round %d %-45s accepted %7.1f msg/s   delivered end to end %7.1f msg/s%s%n",
                        round, server.name(), result.acceptedPerSecond(), result.deliveredPerSecond(), result.clean() ? "" : "   *");
                    System.out.println("          " + result.outcomes());
                }
            }
        }
        Result off = median(results, servers.get(0).name());
        Result on = median(results, servers.get(1).name());
        System.out.println();
        System.out.printf(Locale.ROOT, "RATIO delivered (rollups on / rollups off) = %.2f   accepted = %.2f   (median: %.1f / %.1f msg/s delivered)%n",
            on.deliveredPerSecond() / off.deliveredPerSecond(), on.acceptedPerSecond() / off.acceptedPerSecond(),
            on.deliveredPerSecond(), off.deliveredPerSecond());
        printCpu(results, servers);
        warnIfNotClean(results);
    }

    /**
     * The servers' CPU per delivered message (medians over the rounds), and each against plain James's: on a machine
     * that other work shares, this says what a server costs better than its rate does.
     */
    private static void printCpu(List<Result> results, List<Server> servers) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Server server : servers) {
            List<Double> cpu = results.stream().filter(result -> result.server().equals(server.name()))
                .flatMap(result -> result.cpuMillisPerMessage().stream()).sorted().toList();
            if (!cpu.isEmpty()) {
                medians.put(server.name(), cpu.get(cpu.size() / 2));
            }
        }
        if (medians.size() != servers.size()) {
            return;
        }
        double plain = medians.get(servers.get(0).name());
        System.out.println("median server CPU per delivered message (and against the first server's: " + servers.get(0).name() + "):");
        medians.forEach((name, ms) -> System.out.printf(Locale.ROOT, "  %-45s %6.2f ms   %.2fx%n", name, ms, ms / plain));
    }

    private static void warnIfNotClean(List<Result> results) {
        List<Result> unclean = results.stream().filter(result -> !result.clean()).toList();
        if (!unclean.isEmpty()) {
            System.out.println("* NOTE: " + unclean.size() + " run(s) refused or held messages (see their outcome lines): those servers did "
                + "less delivery work than the others, so their ratios are not like for like.");
        }
    }

    private static void printProfile(String server, List<Path> recordings) throws IOException {
        if (recordings.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("PROFILE of " + server + " (JFR, measured phases only, " + recordings.size() + " recording(s): "
            + recordings.stream().map(Path::toString).collect(Collectors.joining(" ")) + ")");
        JfrHotMethods profile = new JfrHotMethods();
        for (Path recording : recordings) {
            profile.read(recording);
        }
        profile.print(25);
    }

    private static Result median(List<Result> results, String server) {
        List<Result> sorted = results.stream().filter(result -> result.server().equals(server))
            .sorted(Comparator.comparingDouble(Result::deliveredPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Issue 5's comparison: for a plain mail, a 1 MB PDF and a nested zip, the Gatehouse foundation pipeline without
     * any content check against the same pipeline with the content policy (default policy) and the antivirus (a real
     * clamd on loopback with a one-signature database), alternating in one invocation. The PDF runs a tenth of the
     * messages.
     */
    private static void contentSuite(Settings settings) throws Exception {
        Path work = Files.createTempDirectory("gatehouse-bench-content");
        LoadMessage load = LoadMessage.create(settings.size());
        List<Result> results = new ArrayList<>();
        Map<ContentMessages.Kind, List<Path>> recordings = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "SMTP load, content checks: %d messages (PDF: %d) over %d connections, %d rounds, kinds %s, JVM %s%n",
            settings.messages(), pdfMessages(settings), settings.connections(), settings.rounds(), settings.kinds(), JVM_OPTIONS);
        System.out.println("  (" + Instant.now() + ", work directory " + work + ")");
        try (org.gatehouse.antivirus.LoopbackClamd clamd = new org.gatehouse.antivirus.LoopbackClamd("100M");
             LoopbackDnsServer dns = load.startDns(work.resolve("dns"))) {
            clamd.start();
            load.useDns(dns);
            List<Server> servers = List.of(new Gatehouse(Gatehouse.Variant.FOUNDATION, load, Gatehouse.Content.NONE, ""),
                new Gatehouse(Gatehouse.Variant.FOUNDATION, load, Gatehouse.Content.WITH_CLAMD, clamd.tcpAddress()));
            Server profiled = servers.get(1);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (ContentMessages.Kind kind : settings.kinds()) {
                    int messages = kind == ContentMessages.Kind.PDF ? pdfMessages(settings) : settings.messages();
                    Settings forKind = new Settings(messages, settings.connections(), settings.size(), settings.rounds(), settings.stall(),
                        settings.profile(), settings.kinds(), settings.warmup());
                    for (Server server : servers) {
                        IntFunction<String> kindMessages = ContentMessages.messages(kind, "load@" + server.recipientDomain());
                        Optional<Path> recording = settings.profile() && server == profiled
                            ? Optional.of(work.resolve("profile-" + kind + "-" + round + ".jfr")) : Optional.empty();
                        AtomicInteger unique = new AtomicInteger();
                        Result result = run(server, round, forKind, sequence -> {
                                // the warm-up and the measured phase both count from 0: the reference never repeats
                                int reference = unique.incrementAndGet();
                                return "Message-ID: <" + kind + "." + reference + "." + Long.toHexString(System.nanoTime()) + "@"
                                    + LoadMessage.DOMAIN + ">\r\n" + kindMessages.apply(reference);
                            },
                            work.resolve(server.recipientDomain() + "-" + kind + "-" + round), Math.min(settings.warmup(), messages / 4), recording);
                        recording.ifPresent(path -> recordings.computeIfAbsent(kind, k -> new ArrayList<>()).add(path));
                        results.add(new Result(kind + " " + server.name(), round, result.sent(), result.delivered(), result.held(),
                            result.accepted(), result.elapsed(), result.serverCpu(), result.jvm(), result.threads()));
                        System.out.printf(Locale.ROOT, "  round %d %-5s %-50s accepted %7.1f msg/s   delivered end to end %7.1f msg/s%s%n",
                            round, kind, server.name(), result.acceptedPerSecond(), result.deliveredPerSecond(), result.clean() ? "" : "   *");
                        System.out.println("          " + result.outcomes());
                    }
                }
            }
            System.out.println();
            for (ContentMessages.Kind kind : settings.kinds()) {
                Result without = median(results, kind + " " + servers.get(0).name());
                Result with = median(results, kind + " " + servers.get(1).name());
                System.out.printf(Locale.ROOT, "RATIO %-5s delivered (with content checks / foundation without) = %.2f   accepted = %.2f   "
                    + "(median: %.1f / %.1f msg/s delivered)%n", kind, with.deliveredPerSecond() / without.deliveredPerSecond(),
                    with.acceptedPerSecond() / without.acceptedPerSecond(), with.deliveredPerSecond(), without.deliveredPerSecond());
            }
            warnIfNotClean(results);
            for (Map.Entry<ContentMessages.Kind, List<Path>> entry : recordings.entrySet()) {
                printProfile(profiled.name() + ", " + entry.getKey(), entry.getValue());
            }
        }
    }

    private static int pdfMessages(Settings settings) {
        return Math.max(20, settings.messages() / 10);
    }

    /**
     * One server, one round, on its own sink: warm-up, then the measured phase. With a recording path, JDK Flight
     * Recorder records the server during the measured phase only (started before the clock, stopped after it).
     */
    private static Result run(Server server, int round, Settings settings, IntFunction<String> message, Path dataDir, int warmup,
                              Optional<Path> recording) throws Exception {
        try (DownstreamSmtpServer sink = DownstreamSmtpServer.start();
             GatewayProcess process = server.start(dataDir, sink, recording.isPresent() ? PROFILED_JVM_OPTIONS : JVM_OPTIONS)) {
            String recipient = "load@" + server.recipientDomain();
            String where = server.name() + ", round " + round;
            Instant warmupStart = Instant.now();
            Sent warm = send(process.smtpPort(), recipient, message, warmup, settings.connections());
            Delivery warmDelivery = await(server, process, sink, recipient, 0, warm, warmupStart, where + ", warm-up", settings.stall());
            if (warmDelivery.delivered() == 0 && warmup > 0) {
                throw new Stopped(where + ", warm-up: no message was delivered. " + explain(server, process, recipient, warm,
                    warmDelivery.delivered(), warmDelivery.held()));
            }
            int before = sink.received().size();
            if (recording.isPresent()) {
                jcmd(process, "JFR.start", "name=smtp-load", "settings=profile");
            }
            Instant measuredStart = Instant.now();
            Optional<JvmTimes> jvmBefore = jvmTimes(process);
            Optional<Duration> cpuBefore = cpu(process);
            Optional<ThreadCpu> threadCpu = ThreadCpu.start(process.pid());
            long start = System.nanoTime();
            Sent sent = send(process.smtpPort(), recipient, message, settings.messages(), settings.connections());
            Duration accepted = Duration.ofNanos(System.nanoTime() - start);
            Delivery delivery = await(server, process, sink, recipient, before, sent, measuredStart, where, settings.stall());
            Duration elapsed = Duration.ofNanos(delivery.at() - start);
            Optional<Duration> serverCpu = cpuBefore.flatMap(first -> cpu(process).map(last -> last.minus(first)));
            Optional<ThreadCpu.Split> threads = threadCpu.map(ThreadCpu::stop);
            Optional<JvmTimes> jvm = jvmBefore.flatMap(first -> jvmTimes(process).map(last -> last.minus(first)));
            if (recording.isPresent()) {
                jcmd(process, "JFR.stop", "name=smtp-load", "filename=" + recording.get().toAbsolutePath());
            }
            if (delivery.delivered() == 0) {
                throw new Stopped(where + ": no message was delivered. " + explain(server, process, recipient, sent, 0, delivery.held()));
            }
            return new Result(server.name(), round, sent, delivery.delivered(), delivery.held(), accepted, elapsed, serverCpu, jvm,
                threads);
        }
    }

    private record Delivery(long at, int delivered, Held held) {
    }

    /**
     * Until every accepted message reached the sink, or the message log shows the ones that did not as held for good
     * (quarantined, rejected, bounced). Stops the benchmark when no message reached the sink for {@code stall}.
     */
    private static Delivery await(Server server, GatewayProcess process, DownstreamSmtpServer sink, String recipient, int before, Sent sent,
                                  Instant since, String where, Duration stall) throws Exception {
        long begin = System.nanoTime();
        long lastProgress = begin;
        long lastAsked = 0;
        int seen = -1;
        Held held = Held.NONE;
        while (true) {
            int delivered = sink.received().size() - before;
            long now = System.nanoTime();
            if (delivered >= sent.accepted()) {
                return new Delivery(now, delivered, held);
            }
            if (delivered != seen) {
                seen = delivered;
                lastProgress = now;
            }
            long quiet = now - lastProgress;
            if (server.keepsMessageLog() && quiet > QUIET_BEFORE_ASKING.toNanos() && now - lastAsked > QUIET_BEFORE_ASKING.toNanos()) {
                held = held(process, recipient, since);
                lastAsked = System.nanoTime();
                if (delivered + held.finalNotDelivered() >= sent.accepted()) {
                    return new Delivery(now, delivered, held);
                }
            }
            if (quiet > stall.toNanos() || now - begin > RUN_LIMIT.toNanos()) {
                throw new Stopped(where + ": " + (quiet > stall.toNanos() ? "no message reached the sink for " + stall.toSeconds() + " s"
                    : "not done after " + RUN_LIMIT.toMinutes() + " minutes") + ". " + explain(server, process, recipient, sent, delivered,
                    server.keepsMessageLog() ? held(process, recipient, since) : held));
            }
            Thread.sleep(20);
        }
    }

    private static String explain(Server server, GatewayProcess process, String recipient, Sent sent, int delivered, Held held) {
        StringBuilder reason = new StringBuilder();
        reason.append(String.format(Locale.ROOT, "Sent %d to %s: accepted %d, refused %d (5xx), tempfailed %d (4xx)", sent.total(), recipient,
            sent.accepted(), sent.refused(), sent.tempfailed()));
        sent.firstRefusal().ifPresent(reply -> reason.append("; first refusal: ").append(reply));
        reason.append(". Delivered ").append(delivered).append(" of ").append(sent.accepted()).append(" accepted");
        if (server.keepsMessageLog()) {
            reason.append("; message log: ").append(held.describe());
            if (!held.reasons().isEmpty()) {
                reason.append("; most frequent reasons: ").append(held.reasons().entrySet().stream().limit(4)
                    .map(entry -> entry.getValue() + " x \"" + entry.getKey() + "\"").collect(Collectors.joining(", ")));
            }
        }
        try {
            reason.append(". Server output: ").append(logTail(process));
        } catch (IOException e) {
            reason.append(". (server output unreadable: ").append(e.getMessage()).append(')');
        }
        return reason.toString();
    }

    /** The last lines of the server's output that say WARN or ERROR. */
    private static String logTail(GatewayProcess process) throws IOException {
        List<String> lines = process.output().lines().filter(line -> line.contains("WARN") || line.contains("ERROR")).toList();
        return lines.isEmpty() ? "no warning or error" : "\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** A reason that explains nothing about a hold: a check that passed or found nothing to check. */
    private static final java.util.regex.Pattern INFORMATIONAL = java.util.regex.Pattern.compile("\\((spf|dkim|dmarc|iprev|ptr)=(pass|none|neutral)\\)");

    /** The message log's records for the recipient since the phase began, counted by disposition, with their reasons. */
    private static Held held(GatewayProcess process, String recipient, Instant since) {
        WebAdmin admin = new WebAdmin(process.webAdminPort());
        Map<String, Integer> dispositions = new LinkedHashMap<>();
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (int offset = 0; ; offset += 1000) {
            List<Map<String, Object>> page = admin.messages("recipient=" + recipient + "&from=" + since + "&limit=1000&offset=" + offset);
            for (Map<String, Object> record : page) {
                String disposition = String.valueOf(record.get("disposition"));
                dispositions.merge(disposition, 1, Integer::sum);
                if (!disposition.equals("delivered") && !disposition.equals("queued") && record.get("reasons") instanceof List<?> list) {
                    list.stream().map(String::valueOf).filter(text -> !INFORMATIONAL.matcher(text).find())
                        .forEach(text -> reasons.merge(abbreviate(text), 1L, Long::sum));
                }
            }
            if (page.size() < 1000) {
                break;
            }
        }
        Map<String, Long> sorted = reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return new Held(dispositions.getOrDefault("quarantined", 0), dispositions.getOrDefault("rejected", 0),
            dispositions.getOrDefault("bounced", 0), dispositions.getOrDefault("queued", 0), sorted);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static void jcmd(GatewayProcess process, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(process.pid())));
        line.addAll(Arrays.asList(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** Over {@code connections} connections; every answer counted, the first refusal kept for the report. */
    private static Sent send(int port, String recipient, IntFunction<String> message, int count, int connections) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(connections);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger tempfailed = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int share = count / connections + (c < count % connections ? 1 : 0);
                futures.add(executor.submit(() -> {
                    try (SmtpClient smtp = SmtpClient.connect(port, LoadMessage.HELO)) {
                        for (int i = 0; i < share; i++) {
                            SmtpClient.Reply reply = smtp.send(LoadMessage.SENDER, List.of(recipient), message.apply(sequence.incrementAndGet()));
                            if (reply.code() == 250) {
                                accepted.incrementAndGet();
                                continue;
                            }
                            (reply.code() >= 500 ? refused : tempfailed).incrementAndGet();
                            firstRefusal.compareAndSet(null, reply.code() + " " + reply.text());
                            smtp.reset();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        return new Sent(accepted.get(), refused.get(), tempfailed.get(), Optional.ofNullable(firstRefusal.get()));
    }

    private static Settings parse(String[] args) {
        int messages = 2000;
        int connections = 4;
        int size = 4096;
        int rounds = 2;
        int stall = 60;
        int warmup = WARMUP_MESSAGES;
        boolean profile = false;
        Set<ContentMessages.Kind> kinds = EnumSet.allOf(ContentMessages.Kind.class);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--content-suite", "--rollups-suite" -> { }
                case "--profile" -> profile = true;
                case "--kinds" -> kinds = Arrays.stream(value(args, ++i, option).split(","))
                    .map(kind -> ContentMessages.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(ContentMessages.Kind.class)));
                case "--messages" -> messages = number(args, ++i, option);
                case "--connections" -> connections = number(args, ++i, option);
                case "--size" -> size = number(args, ++i, option);
                case "--rounds" -> rounds = number(args, ++i, option);
                case "--stall-seconds" -> stall = number(args, ++i, option);
                case "--warmup" -> warmup = number(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new Settings(messages, connections, size, rounds, Duration.ofSeconds(stall), profile, kinds, warmup);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String[] args, int index, String option) {
        try {
            int value = Integer.parseInt(value(args, index, option));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, not " + args[index]);
    }

    /**
     * Plain James: the same composition and ActiveMQ queue, James's SMTP handlers and mailets only (no Gatehouse hook or
     * mailet), relaying for loopback.
     */
    static final class PlainJames implements Server {
        private static final java.util.regex.Pattern GATEHOUSE_HANDLER =
            java.util.regex.Pattern.compile("<handler class=\"org\\.gatehouse\\.[^\"]+\"\\s*/>");

        @Override
        public String name() {
            return "plain James (ActiveMQ queue, empty pipeline)";
        }

        @Override
        public String recipientDomain() {
            return "plain.test";
        }

        @Override
        public boolean keepsMessageLog() {
            return false;
        }

        @Override
        public GatewayProcess start(Path dataDir, DownstreamSmtpServer sink, List<String> jvmOptions) throws Exception {
            String pipeline;
            try (InputStream in = SmtpLoadBenchmark.class.getResourceAsStream("/baseline/mailetcontainer.xml")) {
                pipeline = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("SINK_PORT", String.valueOf(sink.port()));
            }
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
            // James's own handler chain: every Gatehouse hook out (until 2026-12-06 they stayed in, idle without tenants
            // but not free: the MIME structure check, rate control)
            String smtp = GATEHOUSE_HANDLER.matcher(ShippedConfiguration.read("smtpserver.xml")).replaceAll("");
            if (smtp.contains("org.gatehouse.")) {
                throw new IllegalStateException("plain James's smtpserver.xml still names a Gatehouse class");
            }
            smtp = ShippedConfiguration.replace(smtp, "<verifyIdentity>", "<authorizedAddresses>127.0.0.0/8</authorizedAddresses>\n        <verifyIdentity>");
            ShippedConfiguration.write(dataDir, "smtpserver.xml", smtp);
            return GatewayProcess.start(dataDir, jvmOptions);
        }
    }

    /**
     * Gatehouse with one tenant whose downstream is the sink, resolving through the benchmark's DNS server on
     * loopback, in three variants: the foundation pipeline (sender hooks, ApplySenderVerdict and ScoreMessage
     * removed), with the sender checks (ScoreMessage removed), and the full shipped pipeline.
     */
    static final class Gatehouse implements Server {
        enum Variant { FOUNDATION, SENDER_CHECKS, FULL }

        /** The content checks: as shipped (policy, antivirus hook without a scanner), none at all, or with a clamd. */
        enum Content { SHIPPED, NONE, WITH_CLAMD }

        private static final String APPLY_ANTIVIRUS = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ApplyAntivirusVerdict\">\n"
            + "                <virusProcessor>virus-quarantine</virusProcessor>\n            </mailet>";
        private static final String APPLY_CONTENT = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ApplyContentVerdict\">\n"
            + "                <quarantineProcessor>quarantine</quarantineProcessor>\n            </mailet>";

        private static final String SCORE_MESSAGE = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ScoreMessage\">\n"
            + "                <quarantineProcessor>quarantine</quarantineProcessor>\n            </mailet>";
        private static final String APPLY_SENDER_VERDICT = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ApplySenderVerdict\">\n"
            + "                <quarantineProcessor>quarantine</quarantineProcessor>\n            </mailet>";

        private final Variant variant;
        private final LoadMessage load;
        private final Content content;
        private final String clamd;
        /** The reports' rollup job: empty leaves the shipped setting; the rollups suite sets it on and off. */
        private final Optional<Boolean> rollups;

        Gatehouse(Variant variant, LoadMessage load) {
            this(variant, load, Content.SHIPPED, "");
        }

        Gatehouse(Variant variant, LoadMessage load, Content content, String clamd) {
            this.variant = variant;
            this.load = load;
            this.content = content;
            this.clamd = clamd;
            this.rollups = Optional.empty();
        }

        Gatehouse(Variant variant, LoadMessage load, Content content, String clamd, boolean rollups) {
            this.variant = variant;
            this.load = load;
            this.content = content;
            this.clamd = clamd;
            this.rollups = Optional.of(rollups);
        }

        @Override
        public String name() {
            if (content == Content.NONE) {
                return "Gatehouse foundation, no content checks";
            }
            if (content == Content.WITH_CLAMD) {
                return "Gatehouse foundation + content policy + clamd";
            }
            if (rollups.isPresent()) {
                return "Gatehouse full pipeline, rollups " + (rollups.get() ? "on" : "off");
            }
            return switch (variant) {
                case FOUNDATION -> "Gatehouse foundation pipeline";
                case SENDER_CHECKS -> "Gatehouse with sender checks (local DNS)";
                case FULL -> "Gatehouse full pipeline (sender + scoring)";
            };
        }

        @Override
        public boolean keepsMessageLog() {
            return true;
        }

        @Override
        public String recipientDomain() {
            return variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + (content == Content.SHIPPED ? ""
                : "-" + content.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                + rollups.map(on -> on ? "-rollups-on" : "-rollups-off").orElse("") + ".bench.test";
        }

        @Override
        public GatewayProcess start(Path dataDir, DownstreamSmtpServer sink, List<String> jvmOptions) throws Exception {
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + load.dnsAddress() + "\n"
                + (content == Content.WITH_CLAMD ? "antivirus.scanners=" + clamd + "\nantivirus.timeout=30s\n" : "")
                + rollups.map(on -> "reports.rollup.enabled=" + on + "\n").orElse(""));
            String pipeline = ShippedConfiguration.read("mailetcontainer.xml");
            String smtp = ShippedConfiguration.read("smtpserver.xml");
            if (variant != Variant.FULL) {
                // the score is decided at the end of DATA and applied by ScoreMessage: both go
                pipeline = ShippedConfiguration.replace(pipeline, SCORE_MESSAGE, "");
                smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.ScoringMessageHook\"/>", "");
            }
            if (variant == Variant.FOUNDATION) {
                pipeline = ShippedConfiguration.replace(pipeline, APPLY_SENDER_VERDICT, "");
                smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.SenderPolicyRcptHook\"/>", "");
                smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.SenderVerificationMessageHook\"/>", "");
            }
            if (content == Content.NONE) {
                pipeline = ShippedConfiguration.replace(pipeline, APPLY_ANTIVIRUS, "");
                pipeline = ShippedConfiguration.replace(pipeline, APPLY_CONTENT, "");
                smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.AntivirusMessageHook\"/>", "");
                smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.ContentPolicyMessageHook\"/>", "");
            }
            ShippedConfiguration.write(dataDir, "smtpserver.xml", smtp);
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
            GatewayProcess process = GatewayProcess.start(dataDir, jvmOptions);
            new WebAdmin(process.webAdminPort()).createTenant(recipientDomain().replace(".bench.test", ""),
                List.of(recipientDomain()), sink.port(), List.of());
            return process;
        }
    }

    private SmtpLoadBenchmark() {
    }
}
