package org.gatehouse.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;

/**
 * Pushes M messages over C SMTP connections into a server relaying to a local sink, and measures the time until
 * the sink has them all (end to end) and until the last 250 (acceptance). Runs plain James (the same durable
 * ActiveMQ queue, an empty pipeline) and Gatehouse (its whole pipeline) alternately in one invocation, on the
 * same box, and prints both throughputs and their ratio.
 *
 * <p>Usage: {@code benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2] [--content-suite]};
 * {@code --content-suite} compares the foundation pipeline without and with the content checks on three messages.
 */
public final class SmtpLoadBenchmark {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m");
    private static final int WARMUP_MESSAGES = 300;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    record Settings(int messages, int connections, int size, int rounds) {
    }

    record Result(String server, int round, int messages, Duration accepted, Duration delivered) {
        double acceptedPerSecond() {
            return messages / (accepted.toNanos() / 1e9);
        }

        double deliveredPerSecond() {
            return messages / (delivered.toNanos() / 1e9);
        }
    }

    interface Server {
        String name();

        GatewayProcess start(Path dataDir, DownstreamSmtpServer sink) throws Exception;

        String recipientDomain();
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--content-suite")) {
            contentSuite(parse(List.of(args).stream().filter(arg -> !arg.equals("--content-suite")).toArray(String[]::new)));
            return;
        }
        Settings settings = parse(args);
        Path work = Files.createTempDirectory("gatehouse-bench");
        LoadMessage load = LoadMessage.create(settings.size());
        List<Server> servers = List.of(new PlainJames(), new Gatehouse(Gatehouse.Variant.FOUNDATION, load),
            new Gatehouse(Gatehouse.Variant.SENDER_CHECKS, load), new Gatehouse(Gatehouse.Variant.FULL, load));
        List<Result> results = new ArrayList<>();
        System.out.printf(Locale.ROOT, "SMTP load: %d messages of %d bytes over %d connections, %d rounds, JVM %s%n",
            settings.messages(), settings.size(), settings.connections(), settings.rounds(), JVM_OPTIONS);
        try (DownstreamSmtpServer sink = DownstreamSmtpServer.start();
             LoopbackDnsServer dns = load.startDns(work.resolve("dns"))) {
            load.useDns(dns);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Server server : servers) {
                    Result result = run(server, round, settings, load.message(), work.resolve(server.recipientDomain() + "-" + round), sink);
                    results.add(result);
                    System.out.printf(Locale.ROOT, "  round %d %-45s accepted %7.1f msg/s   delivered end to end %7.1f msg/s%n",
                        round, server.name(), result.acceptedPerSecond(), result.deliveredPerSecond());
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
        System.out.printf(Locale.ROOT, "SMTP load, content checks: %d messages (PDF: %d) over %d connections, %d rounds, JVM %s%n",
            settings.messages(), Math.max(20, settings.messages() / 10), settings.connections(), settings.rounds(), JVM_OPTIONS);
        try (org.gatehouse.antivirus.LoopbackClamd clamd = new org.gatehouse.antivirus.LoopbackClamd("100M");
             DownstreamSmtpServer sink = DownstreamSmtpServer.start();
             LoopbackDnsServer dns = load.startDns(work.resolve("dns"))) {
            clamd.start();
            load.useDns(dns);
            List<Server> servers = List.of(new Gatehouse(Gatehouse.Variant.FOUNDATION, load, Gatehouse.Content.NONE, ""),
                new Gatehouse(Gatehouse.Variant.FOUNDATION, load, Gatehouse.Content.WITH_CLAMD, clamd.tcpAddress()));
            for (int round = 1; round <= settings.rounds(); round++) {
                for (ContentMessages.Kind kind : ContentMessages.Kind.values()) {
                    int messages = kind == ContentMessages.Kind.PDF ? Math.max(20, settings.messages() / 10) : settings.messages();
                    Settings forKind = new Settings(messages, settings.connections(), settings.size(), settings.rounds());
                    for (Server server : servers) {
                        String message = ContentMessages.message(kind, "load@" + server.recipientDomain());
                        Result result = run(server, round, forKind, message, work.resolve(server.recipientDomain() + "-" + kind + "-" + round),
                            sink, Math.min(WARMUP_MESSAGES, messages / 4));
                        results.add(new Result(kind + " " + server.name(), round, messages, result.accepted(), result.delivered()));
                        System.out.printf(Locale.ROOT, "  round %d %-5s %-50s accepted %7.1f msg/s   delivered end to end %7.1f msg/s%n",
                            round, kind, server.name(), result.acceptedPerSecond(), result.deliveredPerSecond());
                    }
                }
            }
            System.out.println();
            for (ContentMessages.Kind kind : ContentMessages.Kind.values()) {
                Result without = median(results, kind + " " + servers.get(0).name());
                Result with = median(results, kind + " " + servers.get(1).name());
                System.out.printf(Locale.ROOT, "RATIO %-5s delivered (with content checks / foundation without) = %.2f   accepted = %.2f   "
                    + "(median: %.1f / %.1f msg/s delivered)%n", kind, with.deliveredPerSecond() / without.deliveredPerSecond(),
                    with.acceptedPerSecond() / without.acceptedPerSecond(), with.deliveredPerSecond(), without.deliveredPerSecond());
            }
        }
    }

    private static Result run(Server server, int round, Settings settings, String message, Path dataDir, DownstreamSmtpServer sink)
        throws Exception {
        return run(server, round, settings, message, dataDir, sink, WARMUP_MESSAGES);
    }

    private static Result run(Server server, int round, Settings settings, String message, Path dataDir, DownstreamSmtpServer sink,
                              int warmup) throws Exception {
        try (GatewayProcess process = server.start(dataDir, sink)) {
            String recipient = "load@" + server.recipientDomain();
            send(process.smtpPort(), recipient, message, warmup, settings.connections());
            awaitSink(sink, 0, warmup, recipient);
            int before = countFor(sink, recipient);
            long start = System.nanoTime();
            send(process.smtpPort(), recipient, message, settings.messages(), settings.connections());
            Duration accepted = Duration.ofNanos(System.nanoTime() - start);
            awaitSink(sink, before, settings.messages(), recipient);
            Duration delivered = Duration.ofNanos(System.nanoTime() - start);
            return new Result(server.name(), round, settings.messages(), accepted, delivered);
        }
    }

    private static int countFor(DownstreamSmtpServer sink, String recipient) {
        return (int) sink.received().stream().filter(received -> received.recipient().equals(recipient)).count();
    }

    private static void awaitSink(DownstreamSmtpServer sink, int before, int expected, String recipient) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (countFor(sink, recipient) < before + expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + (countFor(sink, recipient) - before) + " of " + expected + " delivered");
            }
            Thread.sleep(20);
        }
    }

    private static void send(int port, String recipient, String message, int count, int connections) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int share = count / connections + (c < count % connections ? 1 : 0);
                futures.add(executor.submit(() -> {
                    try (SmtpClient smtp = SmtpClient.connect(port, "load.sender.example")) {
                        for (int i = 0; i < share; i++) {
                            SmtpClient.Reply reply = smtp.send(LoadMessage.SENDER, List.of(recipient), message);
                            if (reply.code() != 250) {
                                throw new IllegalStateException("Refused: " + reply);
                            }
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
    }

    private static Settings parse(String[] args) {
        int messages = 2000;
        int connections = 4;
        int size = 4096;
        int rounds = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--messages" -> messages = value;
                case "--connections" -> connections = value;
                case "--size" -> size = value;
                case "--rounds" -> rounds = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Settings(messages, connections, size, rounds);
    }

    /** Plain James: the same composition and ActiveMQ queue, no Gatehouse hook or mailet, relaying for loopback. */
    static final class PlainJames implements Server {
        @Override
        public String name() {
            return "plain James (ActiveMQ queue, empty pipeline)";
        }

        @Override
        public String recipientDomain() {
            return "plain.test";
        }

        @Override
        public GatewayProcess start(Path dataDir, DownstreamSmtpServer sink) throws Exception {
            String pipeline;
            try (InputStream in = SmtpLoadBenchmark.class.getResourceAsStream("/baseline/mailetcontainer.xml")) {
                pipeline = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("SINK_PORT", String.valueOf(sink.port()));
            }
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
            String smtp = ShippedConfiguration.read("smtpserver.xml");
            smtp = ShippedConfiguration.replace(smtp, "<handler class=\"org.gatehouse.smtp.TenantSessionHook\"/>", "");
            smtp = ShippedConfiguration.replace(smtp, "<verifyIdentity>", "<authorizedAddresses>127.0.0.0/8</authorizedAddresses>\n        <verifyIdentity>");
            ShippedConfiguration.write(dataDir, "smtpserver.xml", smtp);
            return GatewayProcess.start(dataDir, JVM_OPTIONS);
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

        Gatehouse(Variant variant, LoadMessage load) {
            this(variant, load, Content.SHIPPED, "");
        }

        Gatehouse(Variant variant, LoadMessage load, Content content, String clamd) {
            this.variant = variant;
            this.load = load;
            this.content = content;
            this.clamd = clamd;
        }

        @Override
        public String name() {
            if (content == Content.NONE) {
                return "Gatehouse foundation, no content checks";
            }
            if (content == Content.WITH_CLAMD) {
                return "Gatehouse foundation + content policy + clamd";
            }
            return switch (variant) {
                case FOUNDATION -> "Gatehouse foundation pipeline";
                case SENDER_CHECKS -> "Gatehouse with sender checks (local DNS)";
                case FULL -> "Gatehouse full pipeline (sender + scoring)";
            };
        }

        @Override
        public String recipientDomain() {
            return variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + (content == Content.SHIPPED ? ""
                : "-" + content.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) + ".bench.test";
        }

        @Override
        public GatewayProcess start(Path dataDir, DownstreamSmtpServer sink) throws Exception {
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + load.dnsAddress() + "\n"
                + (content == Content.WITH_CLAMD ? "antivirus.scanners=" + clamd + "\nantivirus.timeout=30s\n" : ""));
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
            GatewayProcess process = GatewayProcess.start(dataDir, JVM_OPTIONS);
            new WebAdmin(process.webAdminPort()).createTenant(recipientDomain().replace(".bench.test", ""),
                List.of(recipientDomain()), sink.port(), List.of());
            return process;
        }
    }

    private SmtpLoadBenchmark() {
    }
}
