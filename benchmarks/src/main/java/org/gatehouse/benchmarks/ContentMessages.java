package org.gatehouse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.gatehouse.pipeline.harness.SmtpClient;

/**
 * The three messages of the content benchmarks, built in code (seeded, so every run sends the same bytes): a plain
 * 4 KB text mail, a mail with a 1 MB PDF of text pages (Tika extracts its text), and a mail with a zip in a zip in a
 * zip holding a text report, a CSV and a small PDF.
 */
final class ContentMessages {
    enum Kind { PLAIN, PDF, ZIP }

    private static final String[] WORDS = {"quarterly", "report", "invoice", "shipment", "customer", "meeting", "budget", "account",
        "delivery", "contract", "review", "schedule", "project", "summary", "supplier", "payment", "balance", "order", "team", "plan"};

    /**
     * The messages of a kind to one recipient, dated now, without a Message-ID: the sender adds one per message (see
     * {@link LoadMessage.Issue#withMessageId}). Attachments are built once per run; each message's text names its own
     * reference number, so no two bodies are the same and every message is inspected (the gateway remembers the
     * inspection of a body it has seen, {@code MessageMemo}).
     */
    static IntFunction<String> messages(Kind kind, String to) {
        return switch (kind) {
            case PLAIN -> {
                String head = headers("Weekly notes", to) + "Content-Type: text/plain; charset=utf-8\r\n\r\n";
                String text = words(new Random(1), 4000) + "\r\n";
                yield sequence -> head + "Reference " + sequence + "\r\n" + text;
            }
            case PDF -> withAttachment("Quarterly report", to, "report.pdf", "application/pdf", ATTACHMENTS.computeIfAbsent(kind, ContentMessages::attachment));
            case ZIP -> withAttachment("Shipment documents", to, "documents.zip", "application/zip", ATTACHMENTS.computeIfAbsent(kind, ContentMessages::attachment));
        };
    }

    private static final java.util.Map<Kind, byte[]> ATTACHMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static byte[] attachment(Kind kind) {
        try {
            return kind == Kind.PDF ? pdf(1 << 20) : nestedZip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From a business whose domain has nothing to do with the tenants' (the same organisation as the load newsletter). */
    private static String headers(String subject, String to) {
        return "From: Alice Moreau <alice.moreau@" + LoadMessage.DOMAIN + ">\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n"
            + "Date: " + SmtpClient.dateNow() + "\r\nMIME-Version: 1.0\r\n";
    }

    private static IntFunction<String> withAttachment(String subject, String to, String name, String type, byte[] content) {
        String head = headers(subject, to) + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease find the document attached, reference ";
        String attachment = ".\r\n--b\r\n"
            + "Content-Type: " + type + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(content) + "\r\n--b--\r\n";
        return sequence -> head + sequence + attachment;
    }

    private static String words(Random random, int chars) {
        StringBuilder text = new StringBuilder();
        while (text.length() < chars) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(text.length() % 70 > 62 ? "\r\n" : " ");
        }
        return text.toString();
    }

    /** Pages of text lines until the file reaches the size; random numbers keep the compressed streams large. */
    static byte[] pdf(int size) throws IOException {
        Random random = new Random(2);
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            byte[] bytes = new byte[0];
            while (bytes.length < size) {
                for (int p = 0; p < 20; p++) {
                    PDPage page = new PDPage();
                    document.addPage(page);
                    try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                        stream.beginText();
                        stream.setFont(font, 9);
                        stream.newLineAtOffset(40, 750);
                        for (int line = 0; line < 70; line++) {
                            stream.showText(WORDS[random.nextInt(WORDS.length)] + " " + random.nextLong() + " " + WORDS[random.nextInt(WORDS.length)]
                                + " " + Long.toHexString(random.nextLong()) + " " + random.nextInt(1_000_000));
                            stream.newLineAtOffset(0, -10);
                        }
                        stream.endText();
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                document.save(out);
                bytes = out.toByteArray();
            }
            return bytes;
        }
    }

    static byte[] nestedZip() throws IOException {
        byte[] inner = zip("report.txt", words(new Random(3), 20_000).getBytes(StandardCharsets.UTF_8),
            "data.csv", ("date,amount\r\n" + "2026-11-24,100\r\n".repeat(500)).getBytes(StandardCharsets.UTF_8),
            "summary.pdf", pdf(20_000));
        byte[] middle = zip("inner.zip", inner, "readme.txt", "Documents for the shipment.".getBytes(StandardCharsets.UTF_8));
        return zip("middle.zip", middle);
    }

    private static byte[] zip(Object... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private ContentMessages() {
    }
}
