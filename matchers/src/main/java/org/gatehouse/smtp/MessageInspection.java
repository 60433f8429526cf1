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
    /**
     * The inspection and the reading of the message view its parse fed: the view is read out of it (HTML parsed, text
     * joined) only when a hook asks for it, so mail no hook reads the view of (a tenant's outbound mail) does not pay.
     */
    private record Read(ContentInspection inspection, ParsedMessage.Reading reading) {
    }

    private static final ProtocolSession.AttachmentKey<Read> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.contentInspection", Read.class);
    /** The view with the envelope sender on top, as every hook of the transaction reads it. */
    private static final ProtocolSession.AttachmentKey<ParsedMessage> VIEW =
        ProtocolSession.AttachmentKey.of("org.gatehouse.messageView", ParsedMessage.class);
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
        session.setAttachment(KEY, new Read(inspection, reading), ProtocolSession.State.Transaction);
        return inspection;
    }

    /**
     * The message view as the delivering server will see it, with the envelope sender as {@code Return-Path} on top,
     * made once for the transaction: from the content inspection's parse when there is one, or else from a parse of its
     * own (no content hook ran, the inspection was remembered from an earlier copy, or its parse stopped at a content
     * limit).
     */
    static ParsedMessage view(SMTPSession session, Mail mail) throws MessagingException, IOException {
        Optional<ParsedMessage> made = session.getAttachment(VIEW, ProtocolSession.State.Transaction);
        if (made.isPresent()) {
            return made.get();
        }
        String returnPath = "<" + mail.getMaybeSender().asString("") + ">";
        byte[] received = ReceivedBytes.of(session, mail);
        ParsedMessage view;
        if (received.length > 0 && (received[0] == ' ' || received[0] == '\t')) {
            // a message that starts with a continuation line would fold it into the field put on top
            view = ParsedMessage.parse(withReturnPath(returnPath, received));
        } else {
            view = sharedView(session).orElseGet(() -> ParsedMessage.parse(received)).withFieldOnTop("Return-Path", returnPath);
        }
        session.setAttachment(VIEW, view, ProtocolSession.State.Transaction);
        return view;
    }

    /** The view the content inspection's parse gave this transaction, if it gave one. */
    static Optional<ParsedMessage> sharedView(SMTPSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).flatMap(read -> read.reading().view());
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
