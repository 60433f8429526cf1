package org.gatehouse.mailets;

import java.util.List;

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
 */
public class RecordReasons extends GenericMailet {
    private final MessageLog messageLog;
    private StoreOutageDeferral storeOutage;

    @Inject
    public RecordReasons(MessageLog messageLog) {
        this.messageLog = messageLog;
    }

    @Override
    public void init() throws MessagingException {
        storeOutage = StoreOutageDeferral.from(getMailetConfig());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
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
