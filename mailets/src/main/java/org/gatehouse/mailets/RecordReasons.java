package org.gatehouse.mailets;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.MessageLog;

/**
 * Writes the reasons the checks gave a part to its message-log record as the part enters delivery: one write for all
 * of them (see {@link PendingReasons}). First in the {@code transport} processor.
 */
public class RecordReasons extends GenericMailet {
    private final MessageLog messageLog;

    @Inject
    public RecordReasons(MessageLog messageLog) {
        this.messageLog = messageLog;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        PendingReasons.write(mail, messageLog, List.of());
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse message log: the checks' reasons";
    }
}
