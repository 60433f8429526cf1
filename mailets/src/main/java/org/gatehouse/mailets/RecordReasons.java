package org.gatehouse.mailets;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.store.StoreException;

/**
 * Writes the part's message-log record, given at routing and kept with the part ({@link PendingRecords}), with the
 * reasons the checks gave it, as the part enters delivery: one write (see {@link PendingReasons}). First in the
 * {@code transport} processor. Fail closed: when the policy database cannot be written, the part goes back to the queue
 * and comes here again later ({@link StoreOutageDeferral}: {@code deferDelay}, {@code maxDeferrals}); it never leaves
 * without its record.
 * <p>
 * {@code write}: {@code now} (the default, for James's own {@code RemoteDelivery}) or {@code withOutcome}, for
 * Gatehouse's {@link RemoteDelivery}, which writes the record once, with the first attempt's outcome or as queued
 * before the part waits in the outgoing queue. With {@code withOutcome} this mailet writes nothing: it only checks that
 * the database answers ({@link MessageLog#writable}), and sends the part back to the queue while it does not, so that
 * nothing in {@code transport} delivers a part whose record cannot be written, or reads the database during an outage.
 */
public class RecordReasons extends GenericMailet {
    private final MessageLog messageLog;
    private StoreOutageDeferral storeOutage;
    private boolean withOutcome;

    @Inject
    public RecordReasons(MessageLog messageLog) {
        this.messageLog = messageLog;
    }

    @Override
    public void init() throws MessagingException {
        storeOutage = StoreOutageDeferral.from(getMailetConfig());
        String write = Optional.ofNullable(getInitParameter("write")).map(String::trim).orElse("now");
        switch (write) {
            case "now" -> withOutcome = false;
            case "withOutcome" -> withOutcome = true;
            default -> throw new MessagingException("RecordReasons: 'write' must be now or withOutcome, got '" + write + "'");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            if (withOutcome) {
                if (!messageLog.writable()) {
                    throw new StoreException("the policy database does not answer", new SQLException("no valid connection"));
                }
                return;
            }
            PendingReasons.write(mail, messageLog, List.of());
        } catch (StoreException e) {
            storeOutage.defer(mail, getMailetContext(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse message log: the part's record and the checks' reasons";
    }
}
