package org.gatehouse.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;

import org.gatehouse.disclaimer.BodyInsertion;
import org.gatehouse.disclaimer.Disclaimer;
import org.gatehouse.disclaimer.SignedMessageHandling;

/**
 * Inserts disclaimers into a copy of a MIME message, never into the original: the text/plain and text/html parts
 * that are the message's body get the texts (in their charset, or UTF-8 when it cannot encode them); a signed or
 * encrypted message is skipped or gets a separate text part next to the untouched protected entity. The copy is
 * written and parsed back before it is returned: if its structure is not the one expected, the message is left
 * as it was.
 */
final class MimeDisclaimerInsertion {
    /** What happened to a message. */
    sealed interface Outcome permits Stamped, Unchanged {
    }

    /** The disclaimers are in {@code message}, a modified copy; {@code where} says where, for the log. */
    record Stamped(MimeMessage message, String where) implements Outcome {
    }

    /** The message is left as it was; {@code unsafe} when it could not be modified safely (a problem to log). */
    record Unchanged(String why, boolean unsafe) implements Outcome {
    }

    /** A message, or a part of one, that cannot be modified without risk; the reason goes to the log. */
    private static final class UnsafeMessageException extends Exception {
        UnsafeMessageException(String reason) {
            super(reason);
        }
    }

    /** A parsed copy of a message that keeps its Message-ID when saved, as James's own message wrappers do. */
    private static final class MessageCopy extends MimeMessage {
        MessageCopy(MimeMessage original) throws MessagingException {
            super(original);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getMessageID() == null) {
                super.updateMessageID();
            }
        }
    }

    /** A body part and its decoded text. */
    private record TextBody(MimePart part, boolean html, String text, Charset charset, ContentType contentType,
                            Optional<String> transferEncoding) {
    }

    /** The body parts of a message, and what protects it if anything (a signature, encryption). */
    private static final class BodyScan {
        final List<MimePart> bodies = new ArrayList<>();
        /** The body parts inside a signed entity: read to spot a disclaimer already there, never modified. */
        final List<MimePart> signedBodies = new ArrayList<>();
        Optional<String> protection = Optional.empty();
    }

    private static final Set<String> PROTECTED_TYPES = Set.of("multipart/signed", "multipart/encrypted",
        "application/pkcs7-mime", "application/x-pkcs7-mime", "application/pkcs7-signature",
        "application/x-pkcs7-signature", "application/pgp-encrypted", "application/pgp-signature");
    private static final Pattern INLINE_PGP = Pattern.compile("^-----BEGIN PGP (SIGNED )?MESSAGE-----", Pattern.MULTILINE);
    private static final Pattern META_CHARSET = Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)",
        Pattern.CASE_INSENSITIVE);
    private static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";
    private static final int MAX_LINE_LENGTH = 998;

    /**
     * @param disclaimers in the order they go in: the tenant's, then the provider's
     * @param mark the value of {@code markHeader} added to a stamped message
     */
    static Outcome insert(MimeMessage original, List<Disclaimer> disclaimers, SignedMessageHandling signed,
                          String markHeader, String mark) {
        try {
            MimeMessage copy = new MessageCopy(original);
            String shape = shape(copy);
            BodyScan scan = new BodyScan();
            scan(copy, scan);
            List<TextBody> bodies = new ArrayList<>();
            for (MimePart part : scan.bodies) {
                TextBody body = decode(part);
                if (INLINE_PGP.matcher(body.text()).find()) {
                    scan.protection = Optional.of("inline PGP");
                }
                bodies.add(body);
            }
            if (scan.protection.isPresent()) {
                return protectedMessage(copy, shape, scan, disclaimers, signed, markHeader, mark);
            }
            if (bodies.isEmpty()) {
                return new Unchanged("no text/plain or text/html body to put it in", false);
            }
            List<String> stamped = new ArrayList<>();
            for (TextBody body : bodies) {
                List<Disclaimer> missing = disclaimers.stream().filter(disclaimer -> !holds(body, disclaimer)).toList();
                if (!missing.isEmpty()) {
                    rewrite(body, missing);
                    stamped.add(body.html() ? "text/html" : "text/plain");
                }
            }
            if (stamped.isEmpty()) {
                return new Unchanged("already present in the body", false);
            }
            copy.addHeader(markHeader, mark);
            copy.saveChanges();
            verify(copy, shape);
            return new Stamped(copy, "into " + String.join(", ", stamped));
        } catch (UnsafeMessageException e) {
            return new Unchanged(e.getMessage(), true);
        } catch (MessagingException | IOException | RuntimeException e) {
            return new Unchanged("unreadable MIME: " + e, true);
        }
    }

    private static Outcome protectedMessage(MimeMessage copy, String shape, BodyScan scan, List<Disclaimer> disclaimers,
                                            SignedMessageHandling signed, String markHeader, String mark)
        throws MessagingException, IOException, UnsafeMessageException {
        String protection = scan.protection.orElseThrow();
        if (signed == SignedMessageHandling.SKIP) {
            return new Unchanged(protection + ": the tenant skips signed and encrypted messages", false);
        }
        List<TextBody> readable = new ArrayList<>();
        for (MimePart part : concat(scan.bodies, scan.signedBodies)) {
            readable.add(decode(part));
        }
        List<Disclaimer> missing = disclaimers.stream()
            .filter(disclaimer -> readable.stream().noneMatch(body -> holds(body, disclaimer)))
            .toList();
        if (missing.isEmpty()) {
            return new Unchanged("already present in the body", false);
        }
        byte[] protectedBody = copy.getRawInputStream().readAllBytes();
        wrap(copy, protectedBody, BodyInsertion.asSeparateText(missing));
        copy.addHeader(markHeader, mark);
        copy.saveChanges();
        MimeMessage reparsed = verify(copy, "multipart/mixed[" + shape + ",text/plain]");
        byte[] kept = ((MimeBodyPart) ((Multipart) reparsed.getContent()).getBodyPart(0)).getRawInputStream().readAllBytes();
        if (!Arrays.equals(kept, protectedBody)) {
            throw new UnsafeMessageException("the " + protection + " entity would not stay byte for byte");
        }
        return new Stamped(copy, "as a separate part next to the " + protection + " entity");
    }

    private static List<MimePart> concat(List<MimePart> first, List<MimePart> second) {
        List<MimePart> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Makes the message a multipart/mixed of the protected entity (its Content-* header lines and its body bytes
     * exactly as they were) and a text/plain part with the disclaimers.
     */
    private static void wrap(MimeMessage message, byte[] protectedBody, String text) throws MessagingException {
        InternetHeaders contentHeaders = new InternetHeaders();
        List<String> contentHeaderNames = new ArrayList<>();
        for (String line : Collections.list(message.getAllHeaderLines())) {
            String name = line.substring(0, Math.max(line.indexOf(':'), 0)).trim();
            if (name.toLowerCase(Locale.ROOT).startsWith("content-")) {
                contentHeaders.addHeaderLine(line);
                contentHeaderNames.add(name);
            }
        }
        boolean composite = Optional.ofNullable(contentHeaders.getHeader("Content-Type", null))
            .map(type -> type.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")).orElse(false);
        if (!composite && contentHeaders.getHeader(TRANSFER_ENCODING) == null) {
            // absent means 7bit; said explicitly so that JavaMail never guesses another encoding for the raw bytes
            contentHeaders.addHeader(TRANSFER_ENCODING, "7bit");
        }
        MimeBodyPart protectedPart = new MimeBodyPart(contentHeaders, protectedBody);

        MimeBodyPart disclaimerPart = new MimeBodyPart();
        String crlfText = text.replace("\n", "\r\n");
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(crlfText);
        disclaimerPart.setText(crlfText, ascii ? "us-ascii" : "UTF-8", "plain");
        disclaimerPart.setHeader(TRANSFER_ENCODING, ascii && shortLines(crlfText) ? "7bit" : "quoted-printable");
        disclaimerPart.setDisposition(Part.INLINE);

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(protectedPart);
        mixed.addBodyPart(disclaimerPart);
        for (String name : contentHeaderNames) {
            message.removeHeader(name);
        }
        message.setContent(mixed);
    }

    /** Replaces the part's text by the text with the disclaimers, in its charset if it can encode them, else UTF-8. */
    private static void rewrite(TextBody body, List<Disclaimer> disclaimers) throws MessagingException {
        String text = body.text();
        for (Disclaimer disclaimer : disclaimers) {
            text = body.html() ? BodyInsertion.intoHtml(text, disclaimer, body.charset()) : BodyInsertion.intoText(text, disclaimer);
        }
        ContentType contentType = body.contentType();
        if (!body.charset().newEncoder().canEncode(text)) {
            contentType.setParameter("charset", "UTF-8");
        } else if (contentType.getParameter("charset") == null) {
            contentType.setParameter("charset", body.charset().name());
        }
        String original = body.transferEncoding().orElse("7bit");
        String encoding = switch (original) {
            case "base64", "quoted-printable" -> original;
            default -> StandardCharsets.US_ASCII.newEncoder().canEncode(text) && shortLines(text) ? "7bit" : "quoted-printable";
        };
        body.part().setContent(text, contentType.toString());
        body.part().setHeader(TRANSFER_ENCODING, encoding);
    }

    private static boolean holds(TextBody body, Disclaimer disclaimer) {
        return body.html() ? BodyInsertion.htmlHolds(body.text(), disclaimer) : BodyInsertion.textHolds(body.text(), disclaimer);
    }

    /**
     * Finds the body: a text part; every text part of a multipart/alternative; the root of a multipart/related; the
     * first part of a multipart/mixed (or of any other multipart but a digest) unless it is an attachment. Never
     * attachments, never the inside of message/rfc822 parts. A signed or encrypted entity on the way stops the search.
     */
    private static void scan(Part part, BodyScan scan) throws MessagingException, IOException, UnsafeMessageException {
        ContentType type = contentType(part);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        if (PROTECTED_TYPES.contains(base)) {
            scan.protection = Optional.of(protection(base, type));
            if (base.equals("multipart/signed")) {
                BodyScan signed = new BodyScan();
                scan(multipart(part).getBodyPart(0), signed);
                scan.signedBodies.addAll(signed.bodies);
            }
            return;
        }
        if (base.equals("text/plain") || base.equals("text/html")) {
            if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                scan.bodies.add((MimePart) part);
            }
            return;
        }
        if (!base.startsWith("multipart/")) {
            return;
        }
        Multipart multipart = multipart(part);
        switch (type.getSubType().toLowerCase(Locale.ROOT)) {
            case "alternative" -> {
                for (int i = 0; i < multipart.getCount(); i++) {
                    scan(multipart.getBodyPart(i), scan);
                }
            }
            case "related" -> scan(relatedRoot(multipart, type), scan);
            case "digest" -> { }
            default -> {
                if (multipart.getCount() > 0 && !Part.ATTACHMENT.equalsIgnoreCase(multipart.getBodyPart(0).getDisposition())) {
                    scan(multipart.getBodyPart(0), scan);
                }
            }
        }
    }

    private static BodyPart relatedRoot(Multipart related, ContentType type) throws MessagingException {
        String start = type.getParameter("start");
        if (start != null) {
            for (int i = 0; i < related.getCount(); i++) {
                String[] ids = related.getBodyPart(i).getHeader("Content-ID");
                if (ids != null && ids.length > 0 && ids[0].trim().equals(start.trim())) {
                    return related.getBodyPart(i);
                }
            }
        }
        return related.getBodyPart(0);
    }

    private static String protection(String base, ContentType type) {
        String protocol = Optional.ofNullable(type.getParameter("protocol")).orElse("").toLowerCase(Locale.ROOT);
        return switch (base) {
            case "multipart/signed" -> protocol.contains("pgp") ? "PGP/MIME signed" : "S/MIME signed";
            case "multipart/encrypted" -> "PGP/MIME encrypted";
            case "application/pkcs7-mime", "application/x-pkcs7-mime" ->
                "S/MIME " + Optional.ofNullable(type.getParameter("smime-type")).orElse("protected");
            default -> base;
        };
    }

    /** The part's text, decoded strictly in its charset (for HTML without one: its meta charset, else US-ASCII). */
    private static TextBody decode(MimePart part) throws MessagingException, IOException, UnsafeMessageException {
        ContentType type = contentType(part);
        boolean html = type.getBaseType().equalsIgnoreCase("text/html");
        Optional<String> encoding = Optional.ofNullable(part.getEncoding()).map(value -> value.trim().toLowerCase(Locale.ROOT));
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String declared = type.getParameter("charset");
        String name = declared != null ? declared : html ? metaCharset(bytes).orElse("us-ascii") : "us-ascii";
        Charset charset = charset(name.trim())
            .orElseThrow(() -> new UnsafeMessageException("unknown charset '" + name + "' in a " + type.getBaseType() + " part"));
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new TextBody(part, html, text, charset, type, encoding);
        } catch (CharacterCodingException e) {
            throw new UnsafeMessageException("a " + type.getBaseType() + " part is not valid " + name);
        }
    }

    /**
     * Java's charset of that name, else of JavaMail's Java name for it (old names such as {@code UTF8}); never
     * JavaMail's lenient US-ASCII = ISO-8859-1 mapping, which would read 8-bit bytes no charset declared.
     */
    private static Optional<Charset> charset(String name) {
        for (String candidate : List.of(name, MimeUtility.javaCharset(name))) {
            try {
                return Optional.of(Charset.forName(candidate));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    private static Optional<String> metaCharset(byte[] bytes) {
        Matcher matcher = META_CHARSET.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static ContentType contentType(Part part) throws MessagingException, UnsafeMessageException {
        try {
            return new ContentType(Optional.ofNullable(part.getContentType()).orElse("text/plain"));
        } catch (javax.mail.internet.ParseException e) {
            throw new UnsafeMessageException("unreadable Content-Type '" + part.getContentType() + "'");
        }
    }

    private static Multipart multipart(Part part) throws MessagingException, IOException, UnsafeMessageException {
        Object content = part.getContent();
        if (!(content instanceof Multipart multipart) || multipart.getCount() == 0) {
            throw new UnsafeMessageException("a " + part.getContentType() + " part has no readable body parts");
        }
        return multipart;
    }

    /** The tree of content types, e.g. {@code multipart/mixed[multipart/alternative[text/plain,text/html],application/pdf]}. */
    private static String shape(Part part) throws MessagingException, IOException, UnsafeMessageException {
        String base = contentType(part).getBaseType().toLowerCase(Locale.ROOT);
        if (!base.startsWith("multipart/")) {
            return base;
        }
        Multipart multipart = multipart(part);
        List<String> children = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            children.add(shape(multipart.getBodyPart(i)));
        }
        return base + "[" + String.join(",", children) + "]";
    }

    /** Writes the message and parses it back: the structure must be the expected one. */
    private static MimeMessage verify(MimeMessage message, String expectedShape)
        throws MessagingException, IOException, UnsafeMessageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        MimeMessage reparsed = new MimeMessage(message.getSession(), new ByteArrayInputStream(out.toByteArray()));
        String shape = shape(reparsed);
        if (!shape.equals(expectedShape)) {
            throw new UnsafeMessageException("the modified message would not keep its structure (" + expectedShape
                + " became " + shape + ")");
        }
        return reparsed;
    }

    private static boolean shortLines(String text) {
        return text.lines().allMatch(line -> line.length() <= MAX_LINE_LENGTH);
    }

    private MimeDisclaimerInsertion() {
    }
}
