package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;

import com.google.common.util.concurrent.RateLimiter;

/**
 * Soak with faults: the shipped pipeline with a real clamd, a real DNS server (unbound) and PostgreSQL, all on loopback.
 * First the capacity is measured (as fast as {@code --connections} clients can send, {@code --probe-seconds}); then
 * mail is sent at half that rate for {@code --minutes}, while clamd is killed and restarted, the DNS server is paused
 * and resumed, PostgreSQL is restarted (immediate shutdown) and the gateway is killed with SIGKILL and restarted.
 * Every message has its own recipient and its own sender domain (so that every message's sender checks ask the DNS
 * server, past any cache); at the end (after the queues drained) each message the gateway answered 250 must
 * have been delivered or held. Prints accepted, delivered, held, tempfailed, refused, lost, and the gateway's RSS over
 * time. Exits 1 when anything was lost.
 */
public final class SoakBenchmark {
    /** Each message comes from a sender domain of its own under this zone: every message's sender checks ask DNS. */
    private static final String SENDER_ZONE = "mailer.example";
    private static final Duration FAULT_LENGTH = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofMinutes(10);

    private record Settings(double minutes, int probeSeconds, int connections, String postgresql) {
    }

    private enum Outcome { ACCEPTED, TEMPFAILED, REFUSED, NOT_CONNECTED }

    private final Settings settings;
    private final Path work;
    private final Map<String, Outcome> ledger = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicReference<GatewayProcess> gateway = new AtomicReference<>();
    private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> rss = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> notAccepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Instant began = Instant.now();

    private SoakBenchmark(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Path work = Files.createTempDirectory("gatehouse-soak");
        int lost = new SoakBenchmark(settings, work).run();
        System.exit(lost == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        try (LoopbackClamd clamd = new LoopbackClamd();
             LoopbackDnsServer dns = LoopbackDnsServer.builder()
                 .redirectZone(SENDER_ZONE + ".")
                 .record(SENDER_ZONE + ". IN TXT \"v=spf1 ip4:127.0.0.1 -all\"")
                 .record(SENDER_ZONE + ". IN A 127.0.0.1")
                 .ptr("127.0.0.1", "mx.mailer-relay.example.")
                 .record("mx.mailer-relay.example. IN A 127.0.0.1")
                 .start(Files.createDirectories(work.resolve("dns")));
             DownstreamSmtpServer sink = DownstreamSmtpServer.start()) {
            clamd.start();
            Path dataDir = work.resolve("gateway");
            StringBuilder properties = new StringBuilder("antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=5s\n"
                + "dns.servers=" + dns.address() + "\ndns.timeout=1s\nsender.budget=3s\n");
            if (!settings.postgresql().isEmpty()) {
                properties.append("store.jdbc.url=").append(settings.postgresql()).append('\n');
            }
            ShippedConfiguration.write(dataDir, "gatehouse.properties", properties.toString());
            // retries every second instead of every 5 minutes, so the drain at the end is short
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", ShippedConfiguration.withFastRetries(ShippedConfiguration.read("mailetcontainer.xml")));
            gateway.set(GatewayProcess.start(dataDir, List.of("-Xmx512m")));
            new WebAdmin(gateway.get().webAdminPort()).createTenant("acme", List.of("acme.example"), sink.port(), List.of());
            say("gateway pid " + gateway.get().pid() + ", store " + (settings.postgresql().isEmpty() ? "Derby" : "PostgreSQL"));

            double capacity = probe();
            double rate = capacity / 2;
            say(String.format("capacity %.1f msg/s accepted; soak at %.1f msg/s for %.1f minutes", capacity, rate, settings.minutes()));
            ledger.clear();
            soak(rate, clamd, dns, dataDir);
            return report(sink);
        } finally {
            GatewayProcess last = gateway.get();
            if (last != null) {
                last.close();
            }
        }
    }

    /** As fast as the clients can: the accepted rate. */
    private double probe() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(settings.connections());
        AtomicInteger accepted = new AtomicInteger();
        for (int c = 0; c < settings.connections(); c++) {
            clients.submit(() -> {
                while (running.get()) {
                    if (sendOne("probe") == Outcome.ACCEPTED) {
                        accepted.incrementAndGet();
                    }
                }
            });
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(settings.probeSeconds()));
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        return accepted.get() / (double) settings.probeSeconds();
    }

    private void soak(double rate, LoopbackClamd clamd, LoopbackDnsServer dns, Path dataDir) throws Exception {
        long total = (long) (settings.minutes() * 60_000);
        RateLimiter limiter = RateLimiter.create(rate);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(settings.connections() * 2);
        for (int c = 0; c < settings.connections() * 2; c++) {
            clients.submit(() -> {
                while (running.get()) {
                    limiter.acquire();
                    sendOne("soak");
                }
            });
        }
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                sampleRss();
                sleep(Duration.ofSeconds(30));
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.currentTimeMillis();
        Map<Double, Fault> faults = new LinkedHashMap<>();
        faults.put(0.15, () -> {
            say("clamd killed (SIGKILL)");
            clamd.kill9();
            sleep(FAULT_LENGTH);
            clamd.start();
            say("clamd restarted");
        });
        faults.put(0.35, () -> {
            say("DNS server paused (SIGSTOP)");
            dns.pause();
            sleep(FAULT_LENGTH);
            dns.resume();
            say("DNS server resumed");
        });
        if (!settings.postgresql().isEmpty()) {
            faults.put(0.55, () -> {
                say("PostgreSQL restart (immediate shutdown)");
                Process restart = new ProcessBuilder("scripts/test-services.sh", "restart-postgresql").inheritIO().start();
                restart.waitFor(2, TimeUnit.MINUTES);
                say("PostgreSQL back (exit " + restart.exitValue() + ")");
            });
        }
        faults.put(0.75, () -> {
            GatewayProcess killed = gateway.get();
            say("gateway killed (SIGKILL), pid " + killed.pid());
            killed.kill9();
            GatewayProcess restarted = GatewayProcess.start(dataDir, List.of("-Xmx512m"));
            gateway.set(restarted);
            say("gateway restarted, pid " + restarted.pid());
        });
        for (Map.Entry<Double, Fault> fault : faults.entrySet()) {
            long at = start + (long) (total * fault.getKey());
            sleep(Duration.ofMillis(Math.max(0, at - System.currentTimeMillis())));
            fault.getValue().run();
        }
        sleep(Duration.ofMillis(Math.max(0, start + total - System.currentTimeMillis())));
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        sampleRss();
        say("load stopped");
    }

    private Outcome sendOne(String kind) {
        String recipient = kind + sequence.incrementAndGet() + "@acme.example";
        Outcome outcome;
        GatewayProcess current = gateway.get();
        try (SmtpClient smtp = SmtpClient.connect(current.smtpPort(), "mx.mailer-relay.example")) {
            SmtpClient.Reply reply = smtp.send(sender(recipient), List.of(recipient), message(recipient));
            outcome = reply.code() == 250 ? Outcome.ACCEPTED : reply.code() >= 500 ? Outcome.REFUSED : Outcome.TEMPFAILED;
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.NOT_CONNECTED;
        }
        ledger.put(recipient, outcome);
        if (outcome != Outcome.ACCEPTED && kind.equals("soak")) {
            notAccepted.add(String.format("%.0f %s", Math.floor(minutes()), outcome));
        }
        if (outcome == Outcome.NOT_CONNECTED) {
            sleep(Duration.ofMillis(200));
        }
        return outcome;
    }

    private static String sender(String recipient) {
        return "news@" + recipient.substring(0, recipient.indexOf('@')) + "." + SENDER_ZONE;
    }

    private static String message(String recipient) {
        String id = recipient.substring(0, recipient.indexOf('@'));
        StringBuilder body = new StringBuilder();
        String line = "This week at the Mailer Gazette: the harbour festival, new opening hours, and letters from readers.\r\n";
        while (body.length() < 4096) {
            body.append(line);
        }
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: Mailer Gazette <" + sender(recipient) + ">\r\nTo: <" + recipient + ">\r\n"
            + "Subject: The Mailer Gazette, issue " + id + "\r\nMessage-ID: <" + id + "@mailer.example>\r\n"
            + "List-Unsubscribe: <mailto:unsubscribe@mailer.example>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body;
    }

    private int report(DownstreamSmtpServer sink) throws Exception {
        Set<String> accepted = ledger.entrySet().stream().filter(entry -> entry.getValue() == Outcome.ACCEPTED)
            .map(Map.Entry::getKey).collect(Collectors.toSet());
        long deadline = System.nanoTime() + DRAIN.toNanos();
        Set<String> missing = missing(accepted, sink);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5000);
            missing = missing(accepted, sink);
            if (!missing.isEmpty()) {
                missing = notHeld(missing);
            }
        }
        Set<String> delivered = sink.received().stream().map(DownstreamSmtpServer.Received::recipient)
            .filter(accepted::contains).collect(Collectors.toSet());
        long duplicates = sink.received().stream().map(DownstreamSmtpServer.Received::recipient).filter(accepted::contains).count()
            - delivered.size();
        long held = accepted.size() - delivered.size() - missing.size();
        Map<Outcome, Long> counts = ledger.values().stream().collect(Collectors.groupingBy(outcome -> outcome, Collectors.counting()));
        System.out.println();
        System.out.println("Soak: " + settings.minutes() + " minutes, " + (settings.postgresql().isEmpty() ? "Derby" : "PostgreSQL"));
        events.forEach(System.out::println);
        System.out.println("| sent | accepted (250) | delivered | held | tempfailed (4xx) | refused (5xx) | not connected | lost | delivered twice |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", ledger.size(), accepted.size(), delivered.size(), held,
            counts.getOrDefault(Outcome.TEMPFAILED, 0L), counts.getOrDefault(Outcome.REFUSED, 0L),
            counts.getOrDefault(Outcome.NOT_CONNECTED, 0L), missing.size(), duplicates);
        System.out.println("RSS of the gateway (minute: MiB): " + String.join(", ", rss));
        synchronized (notAccepted) {
            System.out.println("Not accepted, by minute: " + notAccepted.stream()
                .collect(Collectors.groupingBy(entry -> entry, java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(entry -> entry.getKey() + " x" + entry.getValue()).collect(Collectors.joining(", ")));
        }
        if (!missing.isEmpty()) {
            System.out.println("LOST: " + missing.stream().sorted().limit(50).collect(Collectors.joining(", ")));
        }
        return missing.size();
    }

    private static Set<String> missing(Set<String> accepted, DownstreamSmtpServer sink) {
        Set<String> delivered = sink.received().stream().map(DownstreamSmtpServer.Received::recipient).collect(Collectors.toSet());
        return accepted.stream().filter(recipient -> !delivered.contains(recipient)).collect(Collectors.toSet());
    }

    /** Of the undelivered, those the message log does not show as held (quarantined) or refused after acceptance. */
    private Set<String> notHeld(Set<String> undelivered) {
        WebAdmin admin = new WebAdmin(gateway.get().webAdminPort());
        return undelivered.stream().filter(recipient -> {
            try {
                return admin.messages("recipient=" + recipient).stream()
                    .noneMatch(record -> "quarantined".equals(record.get("disposition")));
            } catch (RuntimeException e) {
                return true;
            }
        }).collect(Collectors.toSet());
    }

    private void sampleRss() {
        try {
            long pid = gateway.get().pid();
            String status = Files.readString(Paths.get("/proc", String.valueOf(pid), "status"));
            long kib = status.lines().filter(line -> line.startsWith("VmRSS:")).map(line -> line.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(0);
            rss.add(String.format("%.1f: %d", minutes(), kib / 1024));
        } catch (IOException | RuntimeException e) {
            rss.add(String.format("%.1f: -", minutes()));
        }
    }

    private double minutes() {
        return Duration.between(began, Instant.now()).toMillis() / 60_000.0;
    }

    private void say(String event) {
        String line = String.format("[%5.1f min] %s", minutes(), event);
        events.add(line);
        System.out.println(line);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Fault {
        void run() throws Exception;
    }

    private static Settings parse(String[] args) {
        double minutes = 30;
        int probe = 60;
        int connections = 4;
        String postgresql = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--probe-seconds" -> probe = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--postgresql" -> postgresql = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; usage: soak.sh [--minutes 30] [--probe-seconds 60] [--connections 4]");
            }
        }
        return new Settings(minutes, probe, connections, postgresql);
    }
}
