package org.gatehouse.app;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;

import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.metrics.GatehouseMetrics;

/**
 * The writer of the SMTP refusals to the message log, with its flood control ({@code messageLog.refusals.perIpPerMinute}
 * in conf/gatehouse.properties, default 30; 0 = every refusal written one by one). Closed when the server stops, so that
 * what is pending and the current minute's aggregated counts are written.
 */
class RefusalLogProvider implements Provider<RefusalLog> {
    static final String PER_IP_PER_MINUTE = "messageLog.refusals.perIpPerMinute";

    private final MessageLog messageLog;
    private final GatehouseMetrics metrics;
    private final GatehouseConfiguration configuration;
    private RefusalLog refusalLog;

    @Inject
    RefusalLogProvider(MessageLog messageLog, GatehouseMetrics metrics, GatehouseConfiguration configuration) {
        this.messageLog = messageLog;
        this.metrics = metrics;
        this.configuration = configuration;
    }

    @Override
    public synchronized RefusalLog get() {
        if (refusalLog == null) {
            int perIpPerMinute;
            try {
                perIpPerMinute = configuration.integer(PER_IP_PER_MINUTE, RefusalLog.DEFAULT_PER_IP_PER_MINUTE);
            } catch (RuntimeException e) {
                throw new IllegalStateException("gatehouse.properties: " + PER_IP_PER_MINUTE + ": must be a whole number", e);
            }
            try {
                refusalLog = RefusalLog.start(messageLog, perIpPerMinute, metrics);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("gatehouse.properties: " + e.getMessage(), e);
            }
        }
        return refusalLog;
    }

    @PreDestroy
    public synchronized void close() {
        if (refusalLog != null) {
            refusalLog.close();
        }
    }
}
