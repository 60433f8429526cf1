package org.gatehouse.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.quarantine.HoldingCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a check's header changes on a mail's message, even when JavaMail cannot write it back. A message nothing has
 * changed through JavaMail (as James stored it, or as the last such edit left it) is edited on its stored bytes, header
 * section included, which JavaMail then never reads. Otherwise the raw bytes first, when the body is the one James read
 * (no mailet changed it): the
 * header lines as they were, with the changes made by {@link HeaderEdits#applyTo(byte[])} (fields added on top, where
 * trace fields such as Authentication-Results belong), and the body as received, never parsed; the message is rebuilt
 * from those bytes. JavaMail's {@code saveChanges()} re-parsed the whole MIME tree for every change (2 % of the
 * gateway's CPU under load) and throws on a multipart without its start boundary or a Content-Type it cannot parse.
 * JavaMail only when the raw bytes cannot be read; when that fails too, the mail is held in the quarantine with the
 * reason (unless it was released from that check, or the check holds it anyway: then it goes on unchanged). A
 * malformed message is delivered or held, never sent to the error processor because a check could not write a header.
 */
final class HeaderEditing {
    static final String UNMODIFIABLE_RULE = "MESSAGE_UNMODIFIABLE";
    private static final Logger LOGGER = LoggerFactory.getLogger(HeaderEditing.class);
    private static final AtomicLong SOURCES = new AtomicLong();
    /** James's own threshold (MimeMessageInputStreamSource): a message past it is kept in a file. */
    private static final int IN_MEMORY_BYTES = 100 * 1024;

    /**
     * @param check the check making the changes: the quarantine family, and what a release skips
     * @param quarantineProcessor where a mail whose message cannot be changed at all goes
     */
    static void apply(Mail mail, HeaderEdits edits, HoldingCheck check, String quarantineProcessor) throws MessagingException {
        if (edits.isEmpty()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (message instanceof MimeMessageWrapper wrapper && !wrapper.isModified() && editedAsStored(mail, wrapper, edits)) {
            return;
        }
        List<String> headerLines;
        try {
            headerLines = Collections.list(message.getAllHeaderLines());
        } catch (MessagingException | RuntimeException e) {
            holdUnmodifiable(mail, check, quarantineProcessor, e);
            return;
        }
        boolean asReceived = bodyAsReceived(message);
        Optional<Exception> rawFailure = Optional.empty();
        if (asReceived) {
            rawFailure = appliedOnRawBytes(mail, message, headerLines, edits);
            if (rawFailure.isEmpty()) {
                return;
            }
        }
        try {
            applyWithJavaMail(message, edits);
            message.saveChanges();
            return;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.info("{}: JavaMail cannot write the message back ({}); the {} headers are written on its raw bytes",
                mail.getName(), e.toString(), check.asString());
        }
        Optional<Exception> failure = asReceived ? rawFailure : appliedOnRawBytes(mail, message, headerLines, edits);
        failure.ifPresent(e -> holdUnmodifiable(mail, check, quarantineProcessor, e));
    }

    /**
     * A message as James stored it, or as the last raw edit left it (nothing changed it through JavaMail since): the
     * changes made on its stored bytes, headers included, without JavaMail reading its header section. False, with
     * nothing changed, when those bytes cannot be read or edited.
     */
    private static boolean editedAsStored(Mail mail, MimeMessageWrapper message, HeaderEdits edits) {
        try (InputStream stored = message.getMessageInputStream()) {
            replace(mail, edits.applyTo(stored.readAllBytes()));
            return true;
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.info("{}: the headers cannot be written on the message's stored bytes ({})", mail.getName(), e.toString());
            return false;
        }
    }

    /**
     * The mail's message replaced by one read from these bytes: kept as they are when the mail is James's and they are
     * small; a larger message is copied into James's own storage, which keeps what passes 100 KB in a file, not in the
     * heap for the rest of the pipeline.
     */
    static void replace(Mail mail, byte[] bytes) throws MessagingException {
        MimeMessageWrapper rebuilt = new MimeMessageWrapper(new BytesSource(bytes));
        if (mail instanceof MailImpl james && bytes.length <= IN_MEMORY_BYTES) {
            james.setMessageNoCopy(rebuilt);
        } else {
            mail.setMessage(rebuilt);
        }
    }

    /** The changes made on the raw bytes and the message rebuilt from them; the failure, when that could not be done. */
    private static Optional<Exception> appliedOnRawBytes(Mail mail, MimeMessage message, List<String> headerLines, HeaderEdits edits) {
        try {
            replace(mail, edits.applyTo(raw(headerLines, message)));
            return Optional.empty();
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.info("{}: the headers cannot be written on the message's raw bytes ({})", mail.getName(), e.toString());
            return Optional.of(e);
        }
    }

    /**
     * Whether the message's raw body is the body it has: a message as James read it, whose body no mailet changed (a
     * stripped attachment, a disclaimer: those exist only in JavaMail's tree until it is written).
     */
    private static boolean bodyAsReceived(MimeMessage message) {
        return message instanceof MimeMessageWrapper wrapper && !wrapper.isBodyModified();
    }

    private static void applyWithJavaMail(MimeMessage message, HeaderEdits edits) throws MessagingException {
        for (HeaderEdits.Edit edit : edits.edits()) {
            if (edit instanceof HeaderEdits.Remove remove) {
                message.removeHeader(remove.name());
            } else if (edit instanceof HeaderEdits.Add add) {
                message.addHeader(add.name(), add.value());
            } else if (edit instanceof HeaderEdits.Set set) {
                message.setHeader(set.name(), set.value());
            } else if (edit instanceof HeaderEdits.PrefixSubject prefix) {
                String subject = Optional.ofNullable(message.getSubject()).orElse("");
                if (!subject.startsWith(prefix.prefix())) {
                    message.setSubject(prefix.prefix() + " " + subject, "UTF-8");
                }
            }
        }
    }

    /** The header lines as they were before the change, a blank line, then the body as received (not decoded, not parsed). */
    private static byte[] raw(List<String> headerLines, MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : headerLines) {
            // JavaMail reads header bytes one character per byte (unless mail.mime.allowutf8 is set)
            boolean oneBytePerChar = line.chars().allMatch(c -> c <= 0xFF);
            out.write(line.getBytes(oneBytePerChar ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            out.write(new byte[] {'\r', '\n'});
        }
        out.write(new byte[] {'\r', '\n'});
        try (InputStream body = message.getRawInputStream()) {
            body.transferTo(out);
        }
        return out.toByteArray();
    }

    private static void holdUnmodifiable(Mail mail, HoldingCheck check, String quarantineProcessor, Exception cause) {
        String reason = "the message cannot be modified (" + printable(cause.toString()) + "), so the " + check.asString()
            + " verdict headers could not be added";
        if (Hold.isReleasedFrom(mail, check) || quarantineProcessor.equals(mail.getState())) {
            // released from this check, or already held by it with its own reason: goes on without the headers
            LOGGER.warn("{}: {} headers not added: {}", mail.getName(), check.asString(), reason);
            return;
        }
        LOGGER.warn("{}: held: {}", mail.getName(), reason, cause);
        Hold.hold(mail, check, List.of(UNMODIFIABLE_RULE), "held: " + reason, quarantineProcessor);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /** A rebuilt message, in memory. */
    private record BytesSource(String id, byte[] bytes) implements MimeMessageSource {
        BytesSource(byte[] bytes) {
            this("HeaderEditing-" + SOURCES.incrementAndGet(), bytes);
        }

        @Override
        public String getSourceId() {
            return id;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public long getMessageSize() {
            return bytes.length;
        }
    }

    private HeaderEditing() {
    }
}
