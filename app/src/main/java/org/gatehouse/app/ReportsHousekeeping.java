package org.gatehouse.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.gatehouse.messagelog.MessageLogRetention;
import org.gatehouse.reports.JdbcRollups;
import org.gatehouse.webadmin.ScheduledReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports' background work (docs/reports.md), on its own thread so that mail flow never waits for it: the rollups
 * catch up with the message log every {@code reports.rollup.interval} (default 1 minute; off with
 * {@code reports.rollup.enabled=false}), rollups older than {@code reports.rollup.retentionDays} (default 730) are
 * deleted, and the scheduled reports that are due are sent every {@code reports.send.interval} (default 5 minutes).
 */
public class ReportsHousekeeping implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportsHousekeeping.class);
    static final int DEFAULT_ROLLUP_RETENTION_DAYS = 730;

    private final JdbcRollups rollups;
    private final ScheduledReports scheduledReports;
    private final Clock clock;
    private final boolean enabled;
    private final Duration interval;
    private final Duration sendInterval;
    private final Duration logRetention;
    private final Duration rollupRetention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-reports");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public ReportsHousekeeping(JdbcRollups rollups, ScheduledReports scheduledReports, GatehouseConfiguration configuration) {
        this.rollups = rollups;
        this.scheduledReports = scheduledReports;
        this.clock = Clock.systemUTC();
        this.enabled = configuration.bool("reports.rollup.enabled", true);
        this.interval = configuration.duration("reports.rollup.interval", Duration.ofMinutes(1));
        this.sendInterval = configuration.duration("reports.send.interval", Duration.ofMinutes(5));
        this.logRetention = Duration.ofDays(configuration.integer(MessageLogHousekeeping.RETENTION_DAYS,
            MessageLogRetention.DEFAULT_RETENTION_DAYS));
        int retentionDays = configuration.integer("reports.rollup.retentionDays", DEFAULT_ROLLUP_RETENTION_DAYS);
        if (retentionDays < 1) {
            throw new IllegalStateException("gatehouse.properties: reports.rollup.retentionDays must be at least 1, not " + retentionDays);
        }
        this.rollupRetention = Duration.ofDays(retentionDays);
    }

    public void start() {
        if (enabled) {
            scheduler.scheduleWithFixedDelay(this::catchUp, Math.min(interval.toMillis(), 10_000), interval.toMillis(), TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::sendDue, sendInterval.toMillis(), sendInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOGGER.warn("Report rollups are off (reports.rollup.enabled=false): reports and scheduled reports stay as they are");
        }
    }

    /** Catches up now (and purges rollups past their retention); for the scheduler and for tests. */
    void catchUp() {
        try {
            // an hour whose records may be purged already is never computed again: its rollups are all that is left of it
            rollups.catchUp(clock.instant().minus(logRetention).plus(Duration.ofDays(1)));
            rollups.purgeBefore(clock.instant().minus(rollupRetention));
        } catch (RuntimeException e) {
            LOGGER.warn("The report rollups could not catch up with the message log; they try again in {}", interval, e);
        }
    }

    private void sendDue() {
        try {
            // the report reads the rollups: they first take in what was written up to now
            catchUp();
            scheduledReports.sendDue();
        } catch (Exception e) {
            LOGGER.warn("Sending the scheduled reports failed; they are tried again in {}", sendInterval, e);
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
