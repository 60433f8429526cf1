package org.gatehouse.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.webadmin.QuarantineDigests;
import org.gatehouse.webadmin.QuarantineService;
import org.gatehouse.webadmin.SelfServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the quarantine in order: at start the index is checked against the repositories (missing entries indexed,
 * stale ones dropped); then, on a schedule, expired entries are purged ({@code quarantine.purge.interval}, default
 * 1 hour), due digests are sent ({@code quarantine.digest.interval}, default 5 minutes) and the index is committed
 * ({@code quarantine.index.commitInterval}, default 30 seconds).
 */
public class QuarantineHousekeeping implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineHousekeeping.class);

    private final QuarantineRepositories repositories;
    private final QuarantineService service;
    private final QuarantineDigests digests;
    private final Optional<SelfServiceServer> selfService;
    private final Duration purgeInterval;
    private final Duration digestInterval;
    private final Duration commitInterval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-quarantine-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public QuarantineHousekeeping(QuarantineRepositories repositories, QuarantineService service, QuarantineDigests digests,
                                  Optional<SelfServiceServer> selfService, GatehouseConfiguration configuration) {
        this.repositories = repositories;
        this.service = service;
        this.digests = digests;
        this.selfService = selfService;
        this.digestInterval = configuration.duration("quarantine.digest.interval", Duration.ofMinutes(5));
        this.purgeInterval = configuration.duration("quarantine.purge.interval", Duration.ofHours(1));
        this.commitInterval = configuration.duration("quarantine.index.commitInterval", Duration.ofSeconds(30));
    }

    public void start() throws Exception {
        QuarantineRepositories.Reconciliation reconciliation = repositories.reconcile();
        LOGGER.info("Quarantine index checked against the repositories: {} held, {} indexed now, {} stale entries dropped",
            reconciliation.held(), reconciliation.indexed(), reconciliation.dropped());
        scheduler.scheduleWithFixedDelay(this::purge, purgeInterval.toMillis(), purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::sendDigests, digestInterval.toMillis(), digestInterval.toMillis(), TimeUnit.MILLISECONDS);
        selfService.ifPresent(SelfServiceServer::start);
        scheduler.scheduleWithFixedDelay(this::commit, commitInterval.toMillis(), commitInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendDigests() {
        try {
            digests.sendDue();
        } catch (Exception e) {
            LOGGER.warn("Sending the quarantine digests failed; they are tried again in {}", digestInterval, e);
        }
    }

    /** The index is written at once and searchable at once; it is made durable here (what a crash loses, the start-up check redoes). */
    private void commit() {
        try {
            repositories.index().commit();
        } catch (Exception e) {
            LOGGER.warn("Cannot commit the quarantine index; the start-up check re-indexes what a crash would lose", e);
        }
    }

    private void purge() {
        try {
            int purged = service.purgeExpired();
            if (purged > 0) {
                LOGGER.info("Quarantine retention: {} expired entries purged", purged);
            }
        } catch (Exception e) {
            LOGGER.warn("Quarantine retention purge failed; it runs again in {}", purgeInterval, e);
        }
        try {
            int learnt = service.retryLearning();
            if (learnt > 0) {
                LOGGER.info("Token classifier: {} quarantine decisions whose learning had failed are learnt now", learnt);
            }
        } catch (Exception e) {
            LOGGER.warn("Cannot read the decisions waiting to be learnt; tried again in {}", purgeInterval, e);
        }
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
        selfService.ifPresent(SelfServiceServer::close);
        try {
            repositories.index().close();
        } catch (Exception e) {
            LOGGER.warn("Cannot close the quarantine index cleanly", e);
        }
    }
}
