package org.gatehouse.james;

import javax.inject.Inject;

import org.apache.james.utils.UserDefinedStartable;
import org.gatehouse.app.MessageLogHousekeeping;
import org.gatehouse.app.OutboundVolumeHousekeeping;
import org.gatehouse.app.QuarantineHousekeeping;
import org.gatehouse.app.ReportsHousekeeping;

/**
 * Gatehouse's start-up work in a host James server ({@code guice.extension.startable} in extensions.properties): what
 * the standalone gateway runs as James {@code InitializationOperation}s, a set a child injector cannot add to. Starts
 * message-log retention, quarantine housekeeping (index check, purge, digests, the recipients' self-service page) and
 * the scheduled reports, and the outbound volume purge.
 */
public class GatehouseExtensionStartable implements UserDefinedStartable {
    private final MessageLogHousekeeping messageLog;
    private final QuarantineHousekeeping quarantine;
    private final ReportsHousekeeping reports;
    private final OutboundVolumeHousekeeping outboundVolumes;

    @Inject
    public GatehouseExtensionStartable(MessageLogHousekeeping messageLog, QuarantineHousekeeping quarantine, ReportsHousekeeping reports,
                                       OutboundVolumeHousekeeping outboundVolumes) {
        this.messageLog = messageLog;
        this.quarantine = quarantine;
        this.reports = reports;
        this.outboundVolumes = outboundVolumes;
    }

    @Override
    public void start() {
        messageLog.start();
        try {
            quarantine.start();
        } catch (Exception e) {
            throw new IllegalStateException("Gatehouse's quarantine cannot start", e);
        }
        reports.start();
        outboundVolumes.start();
    }
}
