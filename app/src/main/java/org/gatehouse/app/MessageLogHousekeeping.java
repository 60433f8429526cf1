package org.gatehouse.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageLogRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log's retention on a schedule (docs/message-log.md): {@code messageLog.retentionDays} (default 180),
 * purged every {@code messageLog.retention.interval} (default 1 hour; first a minute after start, or sooner when
 * the interval is shorter) in batches of
 * {@code messageLog.retention.batchSize} records (default 500) with {@code messageLog.retention.pause} between them
 * (default 100 ms), on its own thread: mail flow never waits for it.
 */
public class MessageLogHousekeeping implements Startable {
    static final String RETENTION_DAYS = "messageLog.retentionDays";
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageLogHousekeeping.class);

    private final MessageLogRetention retention;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-message-log-retention");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public MessageLogHousekeeping(JdbcMessageLog messageLog, GatehouseConfiguration configuration) {
        try {
            this.retention = new MessageLogRetention(messageLog,
                Duration.ofDays(configuration.integer(RETENTION_DAYS, MessageLogRetention.DEFAULT_RETENTION_DAYS)),
                configuration.integer("messageLog.retention.batchSize", MessageLogRetention.DEFAULT_BATCH_SIZE),
                configuration.duration("messageLog.retention.pause", Duration.ofMillis(100)),
                Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.properties: " + e.getMessage(), e);
        }
        this.interval = configuration.duration("messageLog.retention.interval", Duration.ofHours(1));
    }

    public void start() {
        long first = Math.min(Duration.ofMinutes(1).toMillis(), interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::purge, first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            retention.purge();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.warn("Message log retention failed; it runs again in {}", interval, e);
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
