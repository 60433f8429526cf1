package org.gatehouse.smtp;

import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.message.MessageMemo;

/**
 * The content inspection of the message being received, made once per SMTP transaction and shared by the hooks that
 * need it (the antivirus for what clamd cannot unpack, then the content policy); a new transaction starts afresh.
 */
final class MessageInspection {
    private static final ProtocolSession.AttachmentKey<ContentInspection> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.contentInspection", ContentInspection.class);
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    static ContentInspection of(SMTPSession session, Mail mail) throws Exception {
        Optional<ContentInspection> made = session.getAttachment(KEY, ProtocolSession.State.Transaction);
        if (made.isPresent()) {
            return made.get();
        }
        // kept on this node too, for the checks after the queue (DLP, the quarantine's text)
        ContentInspection inspection = MessageMemo.shared().inspection(ReceivedBytes.of(session, mail), INSPECTOR::inspectMessage);
        session.setAttachment(KEY, inspection, ProtocolSession.State.Transaction);
        return inspection;
    }

    private MessageInspection() {
    }
}
