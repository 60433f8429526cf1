package org.gatehouse.antivirus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.gatehouse.verdict.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * Scans a message with every configured clamd, failing closed: each clamd (in parallel) scans the raw message and
 * then every extra payload the caller unpacked; any signature found makes the message INFECTED (with every name),
 * otherwise any failure or too-large payload makes it not clean. The whole scan stays within the per-message
 * budget. Never throws.
 */
public final class VirusScanner {
    private static final Logger LOGGER = LoggerFactory.getLogger(VirusScanner.class);
    /** How long past the budget a scanner's own watchdog may take to give up before it is abandoned. */
    private static final long GRACE_MILLIS = 1000;
    private static final ExecutorService PARALLEL = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("clamd-scan-%d").setDaemon(true).build());

    private final List<ClamdClient> clients;
    private final AntivirusSettings settings;

    private VirusScanner(List<ClamdClient> clients, AntivirusSettings settings) {
        this.clients = List.copyOf(clients);
        this.settings = Objects.requireNonNull(settings);
    }

    public static VirusScanner create(AntivirusSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** The clock stamps the {@link #health()} entries. */
    public static VirusScanner create(AntivirusSettings settings, Clock clock) {
        return new VirusScanner(settings.clamdSettings().stream().map(clamd -> new ClamdClient(clamd, clock)).toList(), settings);
    }

    public AntivirusSettings settings() {
        return settings;
    }

    /** Scans the raw message and then each extra payload with every clamd. */
    public VirusScanReport scan(byte[] raw, List<NamedPayload> extra) {
        return scan(raw, extra, 0);
    }

    /**
     * Scans like {@link #scan(byte[], List)} a message whose MIME parts nest {@code mimeDepth} levels deep: deeper than
     * the clamds open ({@link AntivirusSettings#maxNesting()}), it is not completely scanned whatever clamd answers.
     */
    public VirusScanReport scan(byte[] raw, List<NamedPayload> extra, int mimeDepth) {
        long start = System.nanoTime();
        long deadline = start + settings.budget().toNanos();
        List<NamedPayload> payloads = Stream.concat(Stream.of(NamedPayload.message(raw)), extra.stream()).toList();
        List<Future<List<VirusScanReport.Scan>>> others = new ArrayList<>();
        for (ClamdClient client : clients.subList(1, clients.size())) {
            others.add(PARALLEL.submit(() -> scanWith(client, payloads, deadline)));
        }
        List<VirusScanReport.Scan> scans = new ArrayList<>(scanWith(clients.get(0), payloads, deadline));
        for (int i = 0; i < others.size(); i++) {
            scans.addAll(await(others.get(i), clients.get(i + 1), deadline));
        }
        ScanResult combined = ScanResult.combine(scans.stream().map(VirusScanReport.Scan::result).toList());
        List<Finding> nesting = AntivirusFindings.ofNesting(mimeDepth, settings);
        if (!nesting.isEmpty() && combined.status() != ScanResult.Status.INFECTED) {
            combined = ScanResult.combine(List.of(combined, ScanResult.incomplete(nesting.get(0).reason())));
            List<Finding> findings = new ArrayList<>(AntivirusFindings.of(scans, combined, settings));
            findings.addAll(nesting);
            return new VirusScanReport(combined, scans, Duration.ofNanos(System.nanoTime() - start), findings);
        }
        return new VirusScanReport(combined, scans, Duration.ofNanos(System.nanoTime() - start),
            AntivirusFindings.of(scans, combined, settings));
    }

    /** {@link ClamdClient#probe() Probes} every clamd now. */
    public List<ScannerHealth> probe() {
        return clients.stream().map(ClamdClient::probe).toList();
    }

    /** Every clamd's state as its last exchange left it. */
    public List<ScannerHealth> health() {
        return clients.stream().map(ClamdClient::health).toList();
    }

    /** One clamd through the payloads in order; it stops at its first error (it is down or stuck: more would only wait). */
    private List<VirusScanReport.Scan> scanWith(ClamdClient client, List<NamedPayload> payloads, long deadline) {
        List<VirusScanReport.Scan> scans = new ArrayList<>();
        for (NamedPayload payload : payloads) {
            long left = deadline - System.nanoTime();
            ScanResult result = left <= 0
                ? ScanResult.error("clamd at " + client.address() + " was not asked: the budget of " + settings.budget().toMillis()
                    + " ms per message was used up")
                : client.scan(payload.content(), Duration.ofNanos(left));
            if (result.status() == ScanResult.Status.TOO_LARGE) {
                result = ScanResult.tooLarge(payload.name() + ": " + result.reason());
            }
            scans.add(new VirusScanReport.Scan(client.address().toString(), payload.name(), payload.content().length, result));
            if (result.status() == ScanResult.Status.ERROR) {
                LOGGER.warn("Virus scan of {} failed: {}", payload, result.reason());
                break;
            }
        }
        return scans;
    }

    private List<VirusScanReport.Scan> await(Future<List<VirusScanReport.Scan>> pending, ClamdClient client, long deadline) {
        String scanner = client.address().toString();
        try {
            long left = Math.max(0, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            return pending.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return List.of(failed(scanner, "clamd at " + scanner + " did not finish within the budget of "
                + settings.budget().toMillis() + " ms per message"));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return List.of(failed(scanner, "the scan with clamd at " + scanner + " was interrupted"));
        } catch (ExecutionException e) {
            LOGGER.warn("Virus scan with clamd at {} failed", scanner, e.getCause());
            return List.of(failed(scanner, "the scan with clamd at " + scanner + " failed (" + e.getCause().getClass().getSimpleName() + ")"));
        }
    }

    private static VirusScanReport.Scan failed(String scanner, String reason) {
        return new VirusScanReport.Scan(scanner, NamedPayload.MESSAGE, 0, ScanResult.error(reason));
    }
}
