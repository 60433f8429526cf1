package org.gatehouse.messagelog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log's retention ({@code messageLog.retentionDays}, default 180: six months, as providers keep mail
 * history): records received longer ago are deleted in batches of {@code batchSize}, each its own short transaction,
 * with a pause between batches, so that a first purge of millions of rows never holds the log or starves mail flow.
 */
public final class MessageLogRetention {
    public static final int DEFAULT_RETENTION_DAYS = 180;
    public static final int DEFAULT_BATCH_SIZE = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageLogRetention.class);

    /** What one purge deleted, and before when. */
    public record Purge(Instant cutoff, long deleted, int batches) {
    }

    private final JdbcMessageLog messageLog;
    private final Duration retention;
    private final int batchSize;
    private final Duration pause;
    private final Clock clock;

    public MessageLogRetention(JdbcMessageLog messageLog, Duration retention, int batchSize, Duration pause, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("messageLog.retentionDays: must be at least 1, not " + retention.toDays());
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("messageLog.retention.batchSize: must be at least 1, not " + batchSize);
        }
        this.messageLog = messageLog;
        this.retention = retention;
        this.batchSize = batchSize;
        this.pause = pause;
        this.clock = clock;
    }

    public Duration retention() {
        return retention;
    }

    /** Deletes every record received before now minus the retention, batch by batch. */
    public Purge purge() throws InterruptedException {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = 0;
        int batches = 0;
        while (true) {
            int batch = messageLog.purgeReceivedBefore(cutoff, batchSize);
            deleted += batch;
            if (batch > 0) {
                batches++;
            }
            if (batch < batchSize) {
                break;
            }
            Thread.sleep(pause.toMillis());
        }
        if (deleted > 0) {
            LOGGER.info("Message log retention: {} records received before {} deleted in {} batches", deleted, cutoff, batches);
        }
        return new Purge(cutoff, deleted, batches);
    }
}
