package org.gatehouse.antivirus;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.gatehouse.verdict.Action;

import com.google.common.base.Preconditions;

/**
 * The gateway's antivirus configuration ({@code antivirus.*} in conf/gatehouse.properties, see docs/antivirus.md):
 * the clamd instances every message goes to, their timeouts, the per-message budget and what a message that could
 * not be scanned gets. There is no "deliver anyway": only TEMPFAIL, QUARANTINE or BLOCK.
 *
 * @param scanners every clamd that scans each message, at least one, no address twice
 * @param connectTimeout how long connecting to one clamd may take
 * @param timeout how long one exchange with one clamd (connect, send, answer) may take
 * @param budget how long scanning one message may take in all (every scanner, every payload)
 * @param onError the action of {@code VIRUS_SCAN_FAILED}: TEMPFAIL (the sender retries) or QUARANTINE
 * @param onTooLarge the action of {@code VIRUS_SCAN_TOO_LARGE}: QUARANTINE, BLOCK or TEMPFAIL
 * @param maxNesting how deep the clamds open nested MIME parts (clamd's {@code MaxRecursion} less one); a message nested
 *                   deeper is {@code VIRUS_SCAN_INCOMPLETE}
 * @param onIncomplete the action of {@code VIRUS_SCAN_INCOMPLETE}: QUARANTINE, BLOCK or TEMPFAIL
 */
public record AntivirusSettings(List<ClamdAddress> scanners, Duration connectTimeout, Duration timeout, Duration budget, Action onError,
                                Action onTooLarge, int maxNesting, Action onIncomplete) {
    /** clamd's default MaxRecursion is 17: it opens 16 levels of nested MIME parts. */
    public static final int DEFAULT_MAX_NESTING = 16;
    public static final Action DEFAULT_ON_INCOMPLETE = Action.QUARANTINE;
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);
    public static final Action DEFAULT_ON_ERROR = Action.TEMPFAIL;
    public static final Action DEFAULT_ON_TOO_LARGE = Action.QUARANTINE;
    private static final Set<Action> ON_ERROR = EnumSet.of(Action.TEMPFAIL, Action.QUARANTINE);
    private static final Set<Action> ON_TOO_LARGE = EnumSet.of(Action.TEMPFAIL, Action.QUARANTINE, Action.BLOCK);

    public AntivirusSettings {
        scanners = List.copyOf(scanners);
        Preconditions.checkArgument(!scanners.isEmpty(), "at least one clamd is required");
        Preconditions.checkArgument(scanners.stream().map(ClamdAddress::toString).distinct().count() == scanners.size(),
            "a clamd is listed twice: %s", scanners);
        Preconditions.checkArgument(ClamdSettings.isPositive(connectTimeout), "antivirus connect timeout must be positive");
        Preconditions.checkArgument(ClamdSettings.isPositive(timeout), "antivirus timeout must be positive");
        Preconditions.checkArgument(ClamdSettings.isPositive(budget), "antivirus budget must be positive");
        Objects.requireNonNull(onError);
        Objects.requireNonNull(onTooLarge);
        Preconditions.checkArgument(ON_ERROR.contains(onError), "antivirus onError must be tempfail or quarantine, got %s",
            onError.asString());
        Preconditions.checkArgument(ON_TOO_LARGE.contains(onTooLarge),
            "antivirus onTooLarge must be quarantine, reject or tempfail, got %s", onTooLarge.asString());
        Preconditions.checkArgument(maxNesting > 0, "antivirus maxNesting must be positive, got %s", maxNesting);
        Objects.requireNonNull(onIncomplete);
        Preconditions.checkArgument(ON_TOO_LARGE.contains(onIncomplete),
            "antivirus onIncomplete must be quarantine, reject or tempfail, got %s", onIncomplete.asString());
    }

    /** A comma-separated list of {@link ClamdAddress tcp:// and unix:// addresses} with every other setting at its default. */
    public static AntivirusSettings forScanners(String addresses) {
        List<ClamdAddress> parsed = Arrays.stream(addresses.split(",")).map(String::trim).filter(address -> !address.isEmpty())
            .map(ClamdAddress::parse).toList();
        return new AntivirusSettings(parsed, ClamdSettings.DEFAULT_CONNECT_TIMEOUT, ClamdSettings.DEFAULT_TIMEOUT, DEFAULT_BUDGET,
            DEFAULT_ON_ERROR, DEFAULT_ON_TOO_LARGE,
            DEFAULT_MAX_NESTING, DEFAULT_ON_INCOMPLETE);
    }

    public AntivirusSettings withTimeouts(Duration connect, Duration exchange) {
        return new AntivirusSettings(scanners, connect, exchange, budget, onError, onTooLarge, maxNesting, onIncomplete);
    }

    public AntivirusSettings withBudget(Duration perMessage) {
        return new AntivirusSettings(scanners, connectTimeout, timeout, perMessage, onError, onTooLarge, maxNesting, onIncomplete);
    }

    public AntivirusSettings withOnError(Action action) {
        return new AntivirusSettings(scanners, connectTimeout, timeout, budget, action, onTooLarge, maxNesting, onIncomplete);
    }

    public AntivirusSettings withOnTooLarge(Action action) {
        return new AntivirusSettings(scanners, connectTimeout, timeout, budget, onError, action, maxNesting, onIncomplete);
    }

    public AntivirusSettings withMaxNesting(int levels) {
        return new AntivirusSettings(scanners, connectTimeout, timeout, budget, onError, onTooLarge, levels, onIncomplete);
    }

    public AntivirusSettings withOnIncomplete(Action action) {
        return new AntivirusSettings(scanners, connectTimeout, timeout, budget, onError, onTooLarge, maxNesting, action);
    }

    /** One {@link ClamdSettings} per scanner, with these timeouts. */
    public List<ClamdSettings> clamdSettings() {
        return scanners.stream().map(address -> new ClamdSettings(address, connectTimeout, timeout)).toList();
    }
}
