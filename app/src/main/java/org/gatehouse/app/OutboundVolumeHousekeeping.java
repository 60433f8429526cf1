package org.gatehouse.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.gatehouse.outbound.JdbcOutboundVolumes;
import org.gatehouse.outbound.OutboundAnomaly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the outbound senders' hourly counts that no baseline can reach any more (docs/outbound-abuse.md), every
 * {@code outbound.volume.purgeInterval} (default 1 hour; first a minute after start), on its own thread: mail flow
 * never waits for it.
 */
public class OutboundVolumeHousekeeping implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OutboundVolumeHousekeeping.class);

    private final OutboundAnomaly anomaly;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-outbound-volume-purge");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public OutboundVolumeHousekeeping(JdbcOutboundVolumes volumes, GatehouseConfiguration configuration) {
        this(new OutboundAnomaly(volumes), Clock.systemUTC(), configuration.duration("outbound.volume.purgeInterval", Duration.ofHours(1)));
    }

    OutboundVolumeHousekeeping(OutboundAnomaly anomaly, Clock clock, Duration interval) {
        this.anomaly = anomaly;
        this.clock = clock;
        this.interval = interval;
    }

    public void start() {
        long first = Math.min(Duration.ofMinutes(1).toMillis(), interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::purge, first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Purges now; for the scheduler and for tests. The rows deleted, 0 when the database could not be reached. */
    int purge() {
        try {
            int deleted = anomaly.purge(clock.instant());
            if (deleted > 0) {
                LOGGER.info("Outbound volume: forgot {} hourly counts older than the longest baseline", deleted);
            }
            return deleted;
        } catch (RuntimeException e) {
            LOGGER.warn("Outbound volume purge failed; it runs again in {}", interval, e);
            return 0;
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
