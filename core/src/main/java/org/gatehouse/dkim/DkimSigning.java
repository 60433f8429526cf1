package org.gatehouse.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.BodyHasher;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;
import org.apache.james.mime4j.MimeException;
import org.gatehouse.sender.dkim.DkimMessage;
import org.gatehouse.tenant.DomainName;

/**
 * Signs a raw message with a domain's key through jDKIM (RFC 6376): rsa-sha256, relaxed/relaxed, over the fields of
 * {@link #SIGNED_FIELDS} the message has. Returns the {@code DKIM-Signature} field to put on top of the message,
 * folded between its tags.
 */
public final class DkimSigning {
    public static final String FIELD = "DKIM-Signature";
    /** The fields signed when present; a receiver's view of the message rests on them. */
    public static final List<String> SIGNED_FIELDS = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version",
        "Content-Type", "Reply-To", "In-Reply-To", "References");

    /** The message cannot be signed: the message's fault (unparseable, no From), or the key's (refused by the signer). */
    public static class SigningException extends Exception {
        private final boolean messageFault;

        SigningException(String message, Throwable cause, boolean messageFault) {
            super(message, cause);
            this.messageFault = messageFault;
        }

        /** The message itself cannot be signed, whatever the key; otherwise another key may sign it. */
        public boolean messageFault() {
            return messageFault;
        }
    }

    private DkimSigning() {
    }

    /** The {@code DKIM-Signature} field, without its line break, for the message's bytes as they will be sent. */
    public static String sign(byte[] raw, SigningKey key, Instant now) throws SigningException {
        DkimMessage message;
        try {
            message = DkimMessage.parse(new ByteArrayInputStream(raw));
        } catch (IOException | MimeException e) {
            throw new SigningException("The message cannot be parsed for DKIM signing: " + e.getMessage(), e, true);
        }
        try {
            List<String> present = SIGNED_FIELDS.stream().filter(name -> !message.getFields(name).isEmpty()).toList();
            if (present.stream().noneMatch("From"::equals)) {
                throw new SigningException("The message has no From field, which a DKIM signature must cover", null, true);
            }
            String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + key.domain().asString() + "; s=" + key.selector().asString()
                + "; t=" + now.getEpochSecond() + "; h=" + String.join(":", present) + "; bh=; b=;";
            DKIMSigner signer = new DKIMSigner(template, key.privateKey());
            SignatureRecord record = signer.newSignatureRecordTemplate(template);
            BodyHasher hasher = signer.newBodyHasher(record);
            try (OutputStream out = hasher.getOutputStream(); InputStream body = message.getBodyInputStream()) {
                if (body != null) {
                    body.transferTo(out);
                }
            }
            return fold(signer.sign(message, hasher));
        } catch (PermFailException | IOException | RuntimeException e) {
            throw new SigningException("DKIM signing failed for d=" + key.domain().asString() + ", s=" + key.selector().asString() + ": "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e, false);
        } finally {
            message.dispose();
        }
    }

    /** Whether the message already carries a signature with this {@code d=} (another pass, or the client signed it). */
    public static boolean signedBy(byte[] raw, DomainName domain) throws SigningException {
        DkimMessage message;
        try {
            message = DkimMessage.parse(new ByteArrayInputStream(raw));
        } catch (IOException | MimeException e) {
            throw new SigningException("The message cannot be parsed for DKIM signing: " + e.getMessage(), e, true);
        }
        try {
            return message.getFields(FIELD).stream().map(DkimSigning::dToken)
                .anyMatch(d -> d.filter(domain.asString()::equalsIgnoreCase).isPresent());
        } finally {
            message.dispose();
        }
    }

    private static Optional<String> dToken(String field) {
        try {
            String value = field.substring(field.indexOf(':') + 1);
            return Optional.ofNullable(new SignatureRecordImpl(value).getDToken()).map(d -> d.toString().trim().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            // an unreadable signature is no signature of ours
            return Optional.empty();
        }
    }

    /** Relaxed header canonicalisation unfolds: a line break with a tab after each tag changes nothing that is signed. */
    private static String fold(String field) {
        return field.replace("; ", ";\r\n\t");
    }
}
