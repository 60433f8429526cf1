package org.gatehouse.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.mail.MessagingException;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;

/**
 * The message being received, serialised once per SMTP transaction and shared by every end-of-DATA hook (antivirus,
 * content, sender checks, scoring): none of them changes the message, so one copy of its bytes serves them all.
 */
final class ReceivedBytes {
    private record Serialised(String mailName, byte[] bytes) {
    }

    private static final ProtocolSession.AttachmentKey<Serialised> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.receivedBytes", Serialised.class);

    static byte[] of(SMTPSession session, Mail mail) throws MessagingException, IOException {
        var cached = session.getAttachment(KEY, ProtocolSession.State.Transaction)
            .filter(serialised -> serialised.mailName().equals(mail.getName()));
        if (cached.isPresent()) {
            return cached.get().bytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        byte[] bytes = out.toByteArray();
        session.setAttachment(KEY, new Serialised(mail.getName(), bytes), ProtocolSession.State.Transaction);
        return bytes;
    }

    private ReceivedBytes() {
    }
}
