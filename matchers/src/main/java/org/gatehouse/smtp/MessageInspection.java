package org.gatehouse.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.message.MessageMemo;
import org.gatehouse.message.ParsedMessage;

/**
 * What the end of DATA reads out of the message being received, once per SMTP transaction and shared by the hooks that
 * need it: one MIME parse gives both the content inspection (the antivirus for what clamd cannot unpack, the content
 * policy) and the message view (sender checks, spam score, phishing). A new transaction starts afresh.
 */
final class MessageInspection {
    /** The inspection and, when the same parse gave it, the message view of the received bytes. */
    private record Read(ContentInspection inspection, Optional<ParsedMessage> view) {
    }

    private static final ProtocolSession.AttachmentKey<Read> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.contentInspection", Read.class);
    private static final ProtocolSession.AttachmentKey<ParsedMessage> OWN_VIEW =
        ProtocolSession.AttachmentKey.of("org.gatehouse.messageView", ParsedMessage.class);
    /** The view with the envelope sender on top, as every hook of the transaction reads it. */
    private static final ProtocolSession.AttachmentKey<ParsedMessage> DELIVERED_VIEW =
        ProtocolSession.AttachmentKey.of("org.gatehouse.deliveredView", ParsedMessage.class);
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    static ContentInspection of(SMTPSession session, Mail mail) throws MessagingException, IOException {
        Optional<Read> made = session.getAttachment(KEY, ProtocolSession.State.Transaction);
        if (made.isPresent()) {
            return made.get().inspection();
        }
        ParsedMessage.Reading reading = new ParsedMessage.Reading();
        // kept on this node too, for the checks after the queue (DLP, the quarantine's text); a message this node has
        // inspected already is not parsed for it, and its view is then read on its own when asked for
        ContentInspection inspection = MessageMemo.shared()
            .inspection(ReceivedBytes.of(session, mail), bytes -> INSPECTOR.inspectMessage(bytes, reading));
        session.setAttachment(KEY, new Read(inspection, reading.view()), ProtocolSession.State.Transaction);
        return inspection;
    }

    /**
     * The message view as the delivering server will see it, with the envelope sender as {@code Return-Path} on top:
     * the view the content inspection's parse gave when there is one, or else a parse of its own, made once for the
     * transaction (no content hook ran, the inspection was remembered from an earlier copy, or its parse stopped at a
     * content limit).
     */
    static ParsedMessage view(SMTPSession session, Mail mail) throws MessagingException, IOException {
        String returnPath = "<" + mail.getMaybeSender().asString("") + ">";
        byte[] received = ReceivedBytes.of(session, mail);
        if (received.length > 0 && (received[0] == ' ' || received[0] == '\t')) {
            // a message that starts with a continuation line would fold it into the field put on top
            return ParsedMessage.parse(withReturnPath(returnPath, received));
        }
        Optional<ParsedMessage> made = session.getAttachment(DELIVERED_VIEW, ProtocolSession.State.Transaction);
        if (made.isPresent()) {
            return made.get();
        }
        ParsedMessage view = madeView(session).orElseGet(() -> {
            ParsedMessage own = ParsedMessage.parse(received);
            session.setAttachment(OWN_VIEW, own, ProtocolSession.State.Transaction);
            return own;
        }).withFieldOnTop("Return-Path", returnPath);
        session.setAttachment(DELIVERED_VIEW, view, ProtocolSession.State.Transaction);
        return view;
    }

    /** The view made for this transaction so far: the inspection's, else one parsed on its own. */
    static Optional<ParsedMessage> madeView(SMTPSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).flatMap(Read::view)
            .or(() -> session.getAttachment(OWN_VIEW, ProtocolSession.State.Transaction));
    }

    /** Whether the content inspection's parse gave this transaction's view. */
    static boolean viewFromInspection(SMTPSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).flatMap(Read::view).isPresent();
    }

    /** The received bytes with the envelope sender on top, as the delivering server will write it. */
    static byte[] withReturnPath(String returnPath, byte[] received) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(received.length + 80);
        out.write(("Return-Path: " + returnPath + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(received);
        return out.toByteArray();
    }

    private MessageInspection() {
    }
}
