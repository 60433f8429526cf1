package org.gatehouse.benchmarks;

import java.io.IOException;
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
 * <p>Usage: {@code benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2]}
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

    private static Result run(Server server, int round, Settings settings, String message, Path dataDir, DownstreamSmtpServer sink)
        throws Exception {
        try (GatewayProcess process = server.start(dataDir, sink)) {
            String recipient = "load@" + server.recipientDomain();
            send(process.smtpPort(), recipient, message, WARMUP_MESSAGES, settings.connections());
            awaitSink(sink, 0, WARMUP_MESSAGES, recipient);
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

        private static final String SCORE_MESSAGE = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ScoreMessage\">\n"
            + "                <quarantineProcessor>quarantine</quarantineProcessor>\n            </mailet>";
        private static final String APPLY_SENDER_VERDICT = "<mailet match=\"All\" class=\"org.gatehouse.mailets.ApplySenderVerdict\">\n"
            + "                <quarantineProcessor>quarantine</quarantineProcessor>\n            </mailet>";

        private final Variant variant;
        private final LoadMessage load;

        Gatehouse(Variant variant, LoadMessage load) {
            this.variant = variant;
            this.load = load;
        }

        @Override
        public String name() {
            return switch (variant) {
                case FOUNDATION -> "Gatehouse foundation pipeline";
                case SENDER_CHECKS -> "Gatehouse with sender checks (local DNS)";
                case FULL -> "Gatehouse full pipeline (sender + scoring)";
            };
        }

        @Override
        public String recipientDomain() {
            return variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".bench.test";
        }

        @Override
        public GatewayProcess start(Path dataDir, DownstreamSmtpServer sink) throws Exception {
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + load.dnsAddress() + "\n");
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
            ShippedConfiguration.write(dataDir, "smtpserver.xml", smtp);
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
            GatewayProcess process = GatewayProcess.start(dataDir, JVM_OPTIONS);
            new WebAdmin(process.webAdminPort()).createTenant(variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                List.of(recipientDomain()), sink.port(), List.of());
            return process;
        }
    }

    private SmtpLoadBenchmark() {
    }
}
