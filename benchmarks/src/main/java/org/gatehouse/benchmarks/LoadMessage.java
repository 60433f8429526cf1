package org.gatehouse.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.james.jdkim.DKIMSigner;
import org.gatehouse.dns.LoopbackDnsServer;

/**
 * The benchmark's message, as a real newsletter sender sends it: from a domain of its own that has nothing to do with
 * the tenant's (a lookalike of the tenant's domain is phishing, and the gateway holds it), dated when it is sent, a
 * Message-ID of its own for every message, {@code List-Unsubscribe} with one-click unsubscription (RFC 8058), a
 * multipart/alternative text and HTML body of the requested size, DKIM-signed by its domain, sent from a client its SPF
 * record authorizes and whose address has a matching PTR name, under a DMARC policy; and the DNS server on loopback
 * that publishes those records.
 */
final class LoadMessage {
    /** The newsletter's organisation: no relation to the tenants' {@code *.bench.test} nor to any protected brand. */
    static final String DOMAIN = "news.harbourgazette.example";
    /** The envelope sender: the newsletter's bounce address, in the signing domain (SPF and DKIM both align for DMARC). */
    static final String SENDER = "bounces@" + DOMAIN;
    /** The sending MTA: HELO name, forward and reverse DNS all agree (iprev passes). */
    static final String HELO = "mta1." + DOMAIN;
    private static final String FROM = "The Harbour Gazette <newsletter@" + DOMAIN + ">";
    private static final String SITE = "https://www.harbourgazette.example";
    private static final String SIGNED_HEADERS = "from:to:subject:date:mime-version:content-type:list-id:list-unsubscribe:list-unsubscribe-post";
    private static final String[] PARAGRAPHS = {
        "The harbour festival returns on Saturday with boat tours, a food market along the quay and live music until late.",
        "The town library opens longer from next week: weekdays until eight in the evening, and Sunday mornings too.",
        "Our readers wrote in about the new cycle path by the river; a selection of their letters is on the website.",
        "The ferry timetable changes with the winter schedule: the last crossing now leaves the north pier at half past nine.",
        "Volunteers are welcome at the community garden, where this month's work is planting bulbs for the spring.",
        "The school choir rehearses for the winter concert, and tickets are available at the town hall from Monday.",
        "A reminder that the recycling centre is closed on public holidays; collections move to the following day.",
        "This week's recipe comes from the fish market: mussels with cider and leeks, ready in twenty minutes.",
    };
    /** About the length of the DKIM-Signature (RSA 2048) and Message-ID header lines. */
    private static final int SIGNATURE_AND_ID = 600;
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final int size;
    private final KeyPair key;
    private String dnsAddress;

    static LoadMessage create(int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new LoadMessage(size, generator.generateKeyPair());
    }

    private LoadMessage(int size, KeyPair key) {
        this.size = size;
        this.key = key;
    }

    /**
     * The newsletter for one recipient, dated now and signed now: give each message its own Message-ID with
     * {@link Issue#withMessageId(int)} (Message-ID is not among the signed headers, as with several bulk senders, so a
     * run signs once).
     */
    Issue issue(String recipient) throws Exception {
        String boundary = "=_alt_" + UUID.randomUUID().toString().replace("-", "");
        String headers = "Date: " + RFC_5322.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
            + "From: " + FROM + "\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: The Harbour Gazette: festival weekend, library hours and your letters\r\n"
            + "MIME-Version: 1.0\r\n"
            + "List-ID: The Harbour Gazette <weekly." + DOMAIN + ">\r\n"
            + "List-Unsubscribe: <" + SITE + "/unsubscribe?list=weekly>, <mailto:unsubscribe@" + DOMAIN + "?subject=unsubscribe>\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
        // the most paragraphs that keep the whole message, with its DKIM-Signature and Message-ID, within the size
        int paragraphs = 1;
        while (headers.length() + SIGNATURE_AND_ID + body(boundary, paragraphs + 1).length() <= size) {
            paragraphs++;
        }
        String unsigned = headers + "\r\n" + body(boundary, paragraphs);
        String signature = new DKIMSigner("v=1; s=bench; d=" + DOMAIN + "; h=" + SIGNED_HEADERS + "; a=rsa-sha256; "
            + "bh=; b=; c=relaxed/relaxed;", key.getPrivate())
            .sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.UTF_8)));
        return new Issue(signature + "\r\n" + unsigned);
    }

    /** One signed newsletter; every message sent gets its own Message-ID. */
    record Issue(String signed) {
        String withMessageId(int sequence) {
            return "Message-ID: <" + sequence + "." + Long.toHexString(System.nanoTime()) + "@" + DOMAIN + ">\r\n" + signed;
        }
    }

    /** A text/plain and a text/html part with the same news, in the given number of paragraphs. */
    private static String body(String boundary, int paragraphs) {
        StringBuilder text = new StringBuilder("The Harbour Gazette, this week\r\n\r\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>The Harbour Gazette</title></head>\r\n"
            + "<body style=\"font-family: Georgia, serif; max-width: 640px\">\r\n<h1>The Harbour Gazette, this week</h1>\r\n");
        String htmlEnd = "<p style=\"font-size: small\">You receive this newsletter because you subscribed at harbourgazette.example.<br>\r\n"
            + "<a href=\"" + SITE + "/unsubscribe?list=weekly\">Unsubscribe</a> | <a href=\"" + SITE + "/preferences\">Preferences</a></p>\r\n"
            + "</body></html>\r\n";
        String textEnd = "\r\nYou receive this newsletter because you subscribed at harbourgazette.example.\r\n"
            + "Unsubscribe: " + SITE + "/unsubscribe?list=weekly\r\n";
        for (int i = 0; i < paragraphs; i++) {
            String paragraph = PARAGRAPHS[i % PARAGRAPHS.length];
            text.append(wrap(paragraph)).append("\r\n");
            html.append("<p>").append(paragraph);
            if (i % PARAGRAPHS.length == 0) {
                html.append(" <a href=\"" + SITE + "/news/").append(i / PARAGRAPHS.length + 1).append("\">Read more</a>");
            }
            html.append("</p>\r\n");
        }
        return "This is a multi-part message in MIME format.\r\n\r\n"
            + "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + text + textEnd
            + "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + html + htmlEnd
            + "--" + boundary + "--\r\n";
    }

    /** Lines of at most 76 characters. */
    private static String wrap(String paragraph) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : paragraph.split(" ")) {
            if (out.length() - lineStart + word.length() + 1 > 76) {
                out.append("\r\n");
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.append("\r\n").toString();
    }

    /** SPF, the DKIM key, DMARC, and forward and reverse names for the sending address (127.0.0.1). */
    LoopbackDnsServer startDns(Path directory) throws Exception {
        List<String> parts = new ArrayList<>();
        String dkim = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        for (int i = 0; i < dkim.length(); i += 200) {
            parts.add("\"" + dkim.substring(i, Math.min(dkim.length(), i + 200)) + "\"");
        }
        return LoopbackDnsServer.builder()
            .record(DOMAIN + ". IN TXT \"v=spf1 ip4:127.0.0.1 -all\"")
            .record(DOMAIN + ". IN MX 10 " + HELO + ".")
            .record(HELO + ". IN A 127.0.0.1")
            .ptr("127.0.0.1", HELO + ".")
            .record("bench._domainkey." + DOMAIN + ". IN TXT " + String.join(" ", parts))
            .record("_dmarc." + DOMAIN + ". IN TXT \"v=DMARC1; p=reject\"")
            .start(directory);
    }

    void useDns(LoopbackDnsServer dns) {
        this.dnsAddress = dns.address();
    }

    String dnsAddress() {
        return dnsAddress;
    }
}
