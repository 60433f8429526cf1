package org.gatehouse.outbound;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * The compromised-account guard: counts each outbound message of a sender and says when its current hour is far above
 * its own past. Volume: more messages this hour than {@code max(minMessages, factor × its hourly average over the
 * baseline days)}. Spam: more spam this hour than {@code max(minSpam, factor × its hourly spam average)}. A new
 * sender has an average of 0, so the minimums alone apply until it has a history.
 */
public class OutboundAnomaly {
    /** Why a sender's mail is held; {@code first} for the one message that crossed the limit (the one to tell about). */
    public record Finding(String ruleId, String explanation, boolean first) {
    }

    public static final String VOLUME_RULE = "OUTBOUND_VOLUME_ANOMALY";
    public static final String SPAM_RULE = "OUTBOUND_SPAM_ANOMALY";

    private final JdbcOutboundVolumes volumes;

    public OutboundAnomaly(JdbcOutboundVolumes volumes) {
        this.volumes = volumes;
    }

    /**
     * Forgets the hourly counts no baseline can reach any more: those older than the longest baseline a policy may ask
     * for ({@link OutboundPolicy#MAX_BASELINE_DAYS}) plus a day. The number of hourly rows deleted.
     */
    public int purge(Instant now) {
        return volumes.purge(now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(OutboundPolicy.MAX_BASELINE_DAYS + 1L)));
    }

    /** Counts the message and judges the sender's hour; empty when it is within its baseline (or the guard is off). */
    public Optional<Finding> count(TenantId tenant, String sender, Instant at, boolean spam, Optional<OutboundPolicy.Anomaly> guard) {
        JdbcOutboundVolumes.Counts now = volumes.count(tenant, sender, at, spam);
        if (guard.isEmpty()) {
            return Optional.empty();
        }
        OutboundPolicy.Anomaly anomaly = guard.get();
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        Duration window = Duration.ofDays(anomaly.baselineDays());
        JdbcOutboundVolumes.Counts past = volumes.between(tenant, sender, hour.minus(window), hour);
        double hours = window.toHours();
        double volumeLimit = Math.max(anomaly.minMessages(), anomaly.factor() * (past.messages() / hours));
        if (now.messages() > volumeLimit) {
            return Optional.of(new Finding(VOLUME_RULE, String.format(java.util.Locale.ROOT,
                "%s: %d messages this hour, over %.0f (%d times its hourly average of %.2f over %d days, at least %d)", VOLUME_RULE,
                now.messages(), volumeLimit, anomaly.factor(), past.messages() / hours, anomaly.baselineDays(), anomaly.minMessages()),
                now.messages() == (long) Math.floor(volumeLimit) + 1));
        }
        double spamLimit = Math.max(anomaly.minSpam(), anomaly.factor() * (past.spam() / hours));
        if (now.spam() > spamLimit) {
            return Optional.of(new Finding(SPAM_RULE, String.format(java.util.Locale.ROOT,
                "%s: %d spam messages this hour, over %.0f (%d times its hourly spam average of %.2f over %d days, at least %d)", SPAM_RULE,
                now.spam(), spamLimit, anomaly.factor(), past.spam() / hours, anomaly.baselineDays(), anomaly.minSpam()),
                spam && now.spam() == (long) Math.floor(spamLimit) + 1));
        }
        return Optional.empty();
    }
}
