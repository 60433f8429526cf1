package org.gatehouse.quarantine.digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BodyPart;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.tenant.TenantId;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.google.common.base.Preconditions;

/**
 * Builds a recipient's quarantine digest as a multipart/alternative message (text and HTML, UTF-8, quoted-printable).
 * Nothing a held message says reaches a header: the subject is fixed text with a count, the sender and subject of
 * each entry appear only in the bodies, as text (HTML-escaped, control characters removed). Virus entries, entries of
 * another tenant and entries not addressed to the recipient are never listed, whatever the caller passes. Links open
 * confirmation pages ({@code /quarantine/action}, {@code /quarantine/self-service}); a GET there never acts.
 */
public class DigestMessageBuilder {
    /** Entries listed one by one; the rest are counted and reachable from the self-service page. */
    public static final int MAX_LISTED = 100;
    static final String ACTION_PATH = "/quarantine/action?token=";
    static final String SELF_SERVICE_PATH = "/quarantine/self-service?token=";
    private static final int MAX_SHOWN_LENGTH = 200;
    /** A dot-atom address: the only kind written into the From and To headers. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
        + "@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern UNSHOWN = Pattern.compile("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069]+");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Mailbox from;
    private final String baseUrl;

    /**
     * @param fromAddress the digest's sender, e.g. {@code quarantine@gateway.example}
     * @param baseUrl     where recipients reach the gateway's pages, e.g. {@code http://gateway.example:8025}
     * @throws IllegalArgumentException for an address that is not a plain local@domain, or a base URL that is not an
     *                                  absolute http(s) URL without query or fragment
     */
    public DigestMessageBuilder(String fromAddress, String baseUrl) {
        this.from = mailbox(fromAddress);
        this.baseUrl = baseUrl(baseUrl);
    }

    /** The confirmation page of one entry's action. */
    public String actionUrl(String token) {
        return baseUrl + ACTION_PATH + token;
    }

    /** The recipient's self-service page. */
    public String selfServiceUrl(String token) {
        return baseUrl + SELF_SERVICE_PATH + token;
    }

    /**
     * @param actions the links to offer; empty when the tenant turned self-service off (the digest then only lists)
     * @param zone    the zone dates are shown in (the policy's {@code digest.timeZone})
     * @return empty when nothing is left to report
     * @throws IllegalArgumentException when the recipient is not a plain local@domain address
     */
    public Optional<DigestMessage> build(TenantId tenant, String recipient, List<QuarantineEntry> entries,
                                         Optional<DigestActions> actions, ZoneId zone, Instant now) {
        Mailbox to = mailbox(recipient);
        List<QuarantineEntry> shown = entries.stream()
            .filter(entry -> entry.family() != QuarantineFamily.VIRUS)
            .filter(entry -> entry.tenant().equals(tenant))
            .filter(entry -> entry.recipients().stream().anyMatch(address -> address.equalsIgnoreCase(recipient)))
            .sorted(Comparator.comparing(QuarantineEntry::receivedAt).reversed())
            .toList();
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<Listed> listed = shown.stream().limit(MAX_LISTED)
            .map(entry -> new Listed(entry, actions.map(value -> value.entryTokens().apply(entry))))
            .toList();
        Content content = new Content(shown.size(), listed, actions, zone);
        try {
            Multipart alternative = MultipartBuilder.create("alternative")
                .addBodyPart(part(content.text(), "plain"))
                .addBodyPart(part(content.html(), "html"))
                .build();
            Message message = Message.Builder.of()
                .setFrom(from)
                .setTo(to)
                .setSubject(subject(shown.size()))
                .setDate(Date.from(now), TimeZone.getTimeZone("UTC"))
                .generateMessageId(from.getDomain())
                .setField(new RawField("MIME-Version", "1.0"))
                .setField(new RawField("Auto-Submitted", "auto-generated"))
                .setBody(alternative)
                .build();
            return Optional.of(new DigestMessage(to.getAddress(), message.getMessageId(), shown,
                DefaultMessageWriter.asBytes(message)));
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a digest in memory failed", e);
        }
    }

    /** Fixed text and a count: no subject, sender or any other text of a held message ever reaches it. */
    static String subject(int count) {
        return "Quarantine digest: " + count + (count == 1 ? " new message" : " new messages");
    }

    private static BodyPart part(String text, String subtype) throws IOException {
        return BodyPartBuilder.create()
            .setBody(text, subtype, StandardCharsets.UTF_8)
            .setContentTransferEncoding("quoted-printable")
            .build();
    }

    /** One listed entry and its links, when offered. */
    private record Listed(QuarantineEntry entry, Optional<EntryActionTokens> tokens) {
    }

    /** The same content, as text and as HTML. */
    private final class Content {
        private final int total;
        private final List<Listed> listed;
        private final Optional<DigestActions> actions;
        private final ZoneId zone;

        Content(int total, List<Listed> listed, Optional<DigestActions> actions, ZoneId zone) {
            this.total = total;
            this.listed = listed;
            this.actions = actions;
            this.zone = zone;
        }

        private String intro() {
            return total == 1 ? "1 new message was held for you in quarantine."
                : total + " new messages were held for you in quarantine.";
        }

        private String more() {
            return (total - listed.size()) + " more are not listed here.";
        }

        private String closing() {
            return actions.map(value -> "Each link asks you to confirm before anything is done. Links are valid until "
                    + date(value.expiresAt()) + ".")
                .orElse("To have a message released, ask your administrator.");
        }

        String text() {
            StringBuilder text = new StringBuilder(intro()).append("\r\n\r\n");
            int number = 1;
            for (Listed item : listed) {
                QuarantineEntry entry = item.entry();
                text.append(number++).append(". From: ").append(sender(entry)).append("\r\n")
                    .append("   Subject: ").append(shown(entry.subject())).append("\r\n")
                    .append("   Received: ").append(date(entry.receivedAt())).append("\r\n")
                    .append("   Reason: ").append(reason(entry)).append("\r\n");
                item.tokens().ifPresent(tokens -> text
                    .append("   Release: ").append(actionUrl(tokens.release())).append("\r\n")
                    .append("   Release and always allow the sender: ").append(actionUrl(tokens.releaseAndAllow())).append("\r\n")
                    .append("   Block the sender: ").append(actionUrl(tokens.blockSender())).append("\r\n"));
                text.append("\r\n");
            }
            if (total > listed.size()) {
                text.append(more()).append("\r\n\r\n");
            }
            actions.ifPresent(value -> text.append("See and manage all your held messages: ")
                .append(selfServiceUrl(value.selfServiceToken())).append("\r\n\r\n"));
            return text.append(closing()).append("\r\n").toString();
        }

        String html() {
            Document document = Document.createShell("");
            document.outputSettings().charset(StandardCharsets.UTF_8).prettyPrint(true);
            document.head().appendElement("meta").attr("charset", "utf-8");
            document.title("Quarantine digest");
            Element body = document.body();
            body.appendElement("p").text(intro());
            Element list = body.appendElement("ol");
            for (Listed item : listed) {
                QuarantineEntry entry = item.entry();
                Element li = list.appendElement("li");
                Element fields = li.appendElement("dl");
                field(fields, "From", sender(entry));
                field(fields, "Subject", shown(entry.subject()));
                field(fields, "Received", date(entry.receivedAt()));
                field(fields, "Reason", reason(entry));
                item.tokens().ifPresent(tokens -> {
                    Element links = li.appendElement("p");
                    link(links, "Release", actionUrl(tokens.release()));
                    links.appendText(" | ");
                    link(links, "Release and always allow the sender", actionUrl(tokens.releaseAndAllow()));
                    links.appendText(" | ");
                    link(links, "Block the sender", actionUrl(tokens.blockSender()));
                });
            }
            if (total > listed.size()) {
                body.appendElement("p").text(more());
            }
            actions.ifPresent(value -> link(body.appendElement("p"), "See and manage all your held messages",
                selfServiceUrl(value.selfServiceToken())));
            body.appendElement("p").text(closing());
            // jsoup ends lines with LF; a message's lines end with CRLF, and quoted-printable keeps line ends as given
            return ("<!DOCTYPE html>\n" + document.outerHtml()).replaceAll("\r?\n", "\r\n");
        }

        private static void field(Element list, String name, String value) {
            list.appendElement("dt").text(name);
            list.appendElement("dd").text(value);
        }

        private static void link(Element parent, String text, String url) {
            parent.appendElement("a").attr("href", url).text(text);
        }

        private String date(Instant instant) {
            return DATE.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
        }
    }

    private static String sender(QuarantineEntry entry) {
        return entry.sender().isEmpty() ? "(no sender: a bounce)" : shown(entry.sender());
    }

    private static String reason(QuarantineEntry entry) {
        return entry.family().asString() + (entry.reasons().isEmpty() ? "" : ": " + shown(String.join(", ", entry.reasons())));
    }

    /** Text of a held message as shown: one line, without controls or direction overrides, at most 200 characters. */
    /**
     * Text from mail or from an operator as a message shows it: control, line-separator and text-direction characters
     * replaced, at most 200 code points, {@code (none)} when nothing is left. Shared by the scheduled reports.
     */
    public static String shown(String value) {
        String line = UNSHOWN.matcher(value).replaceAll(" ").strip();
        if (line.isEmpty()) {
            return "(none)";
        }
        return line.codePointCount(0, line.length()) <= MAX_SHOWN_LENGTH ? line
            : line.substring(0, line.offsetByCodePoints(0, MAX_SHOWN_LENGTH)) + "…";
    }

    private static Mailbox mailbox(String address) {
        Preconditions.checkArgument(address != null && address.length() <= ActionTokens.MAX_RECIPIENT_LENGTH
            && ADDRESS.matcher(address).matches(), "not a plain local@domain address: %s", address);
        int at = address.lastIndexOf('@');
        return new Mailbox(address.substring(0, at), address.substring(at + 1));
    }

    private static String baseUrl(String value) {
        Objects.requireNonNull(value, "baseUrl");
        try {
            URI uri = new URI(value);
            Preconditions.checkArgument(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null,
                "the base URL must be an absolute http(s) URL without user, query or fragment: %s", value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + value, e);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
