package org.gatehouse.antivirus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gatehouse.message.NestedMime;

/**
 * Test content for virus scanning, built in code: the EICAR test file (assembled from two halves, so no source or
 * resource file here is itself the test file and trips a developer's antivirus), zips of it, and MIME messages that
 * carry it as a base64 attachment or inside a nested {@code message/rfc822}.
 */
public final class VirusSamples {
    /** The part of EICAR that {@link LoopbackClamd}'s signature database looks for. */
    public static final String EICAR_MARKER = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE";
    private static final String EICAR_HEAD = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    private static final String EICAR_TAIL = "!$H+H*";

    private VirusSamples() {
    }

    /** The 68-byte EICAR anti-malware test file. */
    public static byte[] eicar() {
        return (EICAR_HEAD + EICAR_MARKER + EICAR_TAIL).getBytes(StandardCharsets.US_ASCII);
    }

    /** A zip with one deflated entry: the content does not appear in the zip's bytes. */
    public static byte[] zip(String entryName, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(entryName);
            entry.setMethod(ZipEntry.DEFLATED);
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A minimal Windows PE executable header (an MZ stub pointing at a PE signature): typed executable, harmless. */
    public static byte[] windowsExecutable() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        exe[0x84] = 0x4c;
        exe[0x85] = 0x01;
        return exe;
    }

    /** A plain text message. */
    public static byte[] textMessage(String subject, String body) {
        return (headers(subject) + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /** A text part and one base64 attachment: the attachment's bytes do not appear in the message's. */
    public static byte[] messageWithAttachment(String subject, String fileName, String contentType, byte[] content) {
        String part = "Content-Type: " + contentType + "; name=\"" + fileName + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(content) + "\r\n";
        return multipart(subject, part);
    }

    /** A text part and the inner message attached as {@code message/rfc822}. */
    public static byte[] messageWithNestedMessage(String subject, byte[] inner) {
        String part = "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"forwarded.eml\"\r\n\r\n"
            + new String(inner, StandardCharsets.US_ASCII);
        return multipart(subject, part);
    }

    /** A text message of about {@code bytes} bytes of ordinary words. */
    public static byte[] largeTextMessage(int bytes) {
        StringBuilder body = new StringBuilder(bytes + 100);
        for (int line = 0; body.length() < bytes; line++) {
            body.append("Line ").append(line).append(": the quarterly figures are attached as discussed on Monday.\n");
        }
        return textMessage("Large message", body.toString());
    }

    /** {@code content} attached (base64) as {@code fileName} inside {@code levels} nested multipart/mixed parts. */
    public static byte[] nestedAttachment(int levels, String fileName, byte[] content) {
        String leaf = "Content-Type: application/octet-stream; name=\"" + fileName + "\"\r\nContent-Disposition: attachment; filename=\""
            + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + java.util.Base64.getMimeEncoder().encodeToString(content) + "\r\n";
        return (headers("Nested " + levels) + NestedMime.around(levels, leaf)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multipart(String subject, String part) {
        String boundary = "=_gatehouse_" + Integer.toHexString(part.hashCode());
        return (headers(subject)
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
            + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlease see the attachment.\r\n"
            + "--" + boundary + "\r\n" + part
            + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String headers(String subject) {
        return "From: Alice <alice@sender.example>\r\n"
            + "To: Bob <bob@recipient.example>\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Mon, 1 Dec 2025 10:00:00 +0000\r\n"
            + "Message-ID: <" + Integer.toHexString(subject.hashCode()) + "@sender.example>\r\n"
            + "MIME-Version: 1.0\r\n";
    }
}
