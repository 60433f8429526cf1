package org.gatehouse.scoring.spamassassin;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HeaderField;
import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.message.ReceivedHop;
import org.gatehouse.message.TextPart;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The message as SpamAssassin's rules see it, derived from the {@link ParsedMessage} the gateway parsed once: header
 * values as {@code PerMsgStatus::get} gives them, the rendered body (Subject first, one paragraph per line, runs of
 * whitespace as one space), the decoded raw body, the links, the full message, and the Received chain split into
 * trusted and untrusted relays the way SpamAssassin infers it without {@code trusted_networks}. Texts are held as
 * SpamAssassin holds them, one character per byte (UTF-8 text encoded, other charsets in their own bytes), so the
 * rules' byte escapes such as {@code \xc3} mean what they mean in Perl.
 */
public final class SaMessage {
    /** SpamAssassin's longest body line; longer paragraphs are cut at a space. */
    static final int MAX_BODY_LINE = 2048;
    private static final Pattern PRIVATE_IP = Pattern.compile(
        "^(?:10\\.|127\\.|0\\.|169\\.254\\.|192\\.168\\.|172\\.(?:1[6-9]|2\\d|3[01])\\.|100\\.(?:6[4-9]|[7-9]\\d|1[01]\\d|12[0-7])\\.|::1$|f[cd][0-9a-f]{2}:|fe80:)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern ENVFROM = Pattern.compile("(?i)\\(?envelope-(?:from|sender)[ =]<?([^\\s>()]*)>?");
    private static final Pattern MAIL_FETCHER = Pattern.compile("with (?:POP3|IMAP)");
    private static final List<String> URI_ATTRIBUTES = List.of("href", "src", "action", "background", "cite", "data");
    private static final Pattern TEXT_URI = Pattern.compile("(?i)\\b(?:(?:https?|ftp)://|www\\.|ftp\\.)[^\\s<>\"'`]+|\\bmailto:[^\\s<>\"']+");
    /** Received formats of MTAs that always look the client's name up (sendmail, MDaemon), here without a name found. */
    private static final Pattern LOOKED_UP_NO_NAME = Pattern.compile(
        "^\\s*from \\S+ (?:\\(\\[[\\d.]+\\]\\) by \\S+ \\(\\d+\\.\\d+\\.\\d+/|\\[[\\d.]+\\] by .* with \\S+ \\(MDaemon)");
    private static final Pattern TEXT_ADDRESS = Pattern.compile(
        "(?i)(?<![a-z0-9!#$%&'*+/=?^_`{|}~.:-])([a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9-]+\\.)+[a-z]{2,})");
    private static final Pattern HTML_BLANKS = Pattern.compile("[ \\t\\n\\r\\f\\u000b]+");
    private static final Pattern NOT_DECODED = Pattern.compile(
        "(?i)Received|(?:Resent-)?(?:Message-ID|Date)|MIME-Version|References|In-Reply-To|List-.*");

    /** One relay of the Received chain, as SpamAssassin's {@code X-Spam-Relays-*} pseudo-headers write it. */
    public record Relay(String ip, String rdns, String helo, String by, String id, String envfrom, boolean privateIp, boolean noReverseDns) {
        String asString() {
            return "[ ip=" + ip + " rdns=" + rdns + " helo=" + helo + " by=" + by + " ident= envfrom=" + envfrom + " intl=0 id=" + id
                + " auth= msa=0 ]";
        }
    }

    private final ParsedMessage parsed;
    private final String full;
    private final List<String> fullAsList;
    private final String pristineHeader;
    private final List<Field> fields;
    private final List<String> bodyLines;
    private final List<String> rawBody;
    private final List<String> uris;
    private final List<HtmlFacts> htmlFacts;
    /** Header queries answered so far: many rules and evals ask the same ones (a message is checked by one thread). */
    private final java.util.Map<String, Optional<String>> answered = new java.util.HashMap<>();
    private final List<Relay> trusted;
    private final List<Relay> untrusted;

    private SaMessage(ParsedMessage parsed, byte[] raw) {
        this.parsed = parsed;
        this.full = new String(raw, StandardCharsets.ISO_8859_1);
        this.fullAsList = List.of(full);
        int end = headerEnd(full);
        this.pristineHeader = full.substring(0, end);
        this.fields = fields(pristineHeader, parsed.headers());
        // each HTML part rendered once, for the body, the links written in its text and the HTML facts
        List<String> rendered = parsed.htmlParts().stream().map(SaMessage::renderHtml).toList();
        this.bodyLines = renderBody(parsed, rendered, fields);
        this.rawBody = decodedBody(parsed);
        this.uris = uris(parsed, rendered);
        List<HtmlFacts> facts = new ArrayList<>();
        for (int i = 0; i < rendered.size(); i++) {
            facts.add(HtmlFacts.of(parsed.htmlParts().get(i), rendered.get(i).replaceAll("\\s+", " ").strip()));
        }
        this.htmlFacts = List.copyOf(facts);
        List<Relay> trustedRelays = new ArrayList<>();
        List<Relay> untrustedRelays = new ArrayList<>();
        boolean inTrusted = true;
        boolean allowFetchMarker = false;
        for (ReceivedHop hop : parsed.receivedHops()) {
            if (MAIL_FETCHER.matcher(hop.raw()).find()) {
                // a mail fetcher's handover (fetchmail, getmail): inside the trusted part, the chain starts again below it
                if (allowFetchMarker) {
                    trustedRelays.clear();
                }
                continue;
            }
            Optional<Relay> relay = relay(hop);
            if (relay.isEmpty()) {
                continue;
            }
            if (inTrusted && !relay.get().privateIp()) {
                // without trusted_networks, trust ends at the first public address
                inTrusted = false;
            }
            (inTrusted ? trustedRelays : untrustedRelays).add(relay.get());
            allowFetchMarker = inTrusted;
        }
        this.trusted = List.copyOf(trustedRelays);
        this.untrusted = List.copyOf(untrustedRelays);
    }

    public static SaMessage of(ParsedMessage parsed, byte[] raw) {
        return new SaMessage(parsed, raw);
    }

    public ParsedMessage parsed() {
        return parsed;
    }

    /** The whole message, one character per byte. */
    public String full() {
        return full;
    }

    /** {@link #full()} as a one-element list, the same list every time (its lower-cased copy is made once). */
    List<String> fullAsList() {
        return fullAsList;
    }

    public List<String> bodyLines() {
        return bodyLines;
    }

    public List<String> rawBody() {
        return rawBody;
    }

    public List<String> uris() {
        return uris;
    }

    /** MIMEEval's mime_qp_long_line: a quoted-printable body part with a line longer than 78 characters. */
    public boolean qpLongLine() {
        String cte = "";
        boolean inHeaders = false;
        boolean topHeaders = true;
        for (String line : full.split("\n", -1)) {
            String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (topHeaders || inHeaders) {
                if (bare.isEmpty()) {
                    topHeaders = false;
                    inHeaders = false;
                } else if (bare.toLowerCase(Locale.ROOT).startsWith("content-transfer-encoding:")) {
                    cte = bare.substring(bare.indexOf(':') + 1).strip().toLowerCase(Locale.ROOT);
                }
                continue;
            }
            if (bare.startsWith("--")) {
                inHeaders = true;
                cte = "";
                continue;
            }
            if (cte.equals("quoted-printable") && bare.length() + 1 > 79 && !bare.startsWith("SPAM: ")) {
                return true;
            }
        }
        return false;
    }

    /** What the HTML renderer recorded, one entry per HTML part. */
    List<HtmlFacts> htmlFacts() {
        return htmlFacts;
    }

    public List<Relay> trustedRelays() {
        return trusted;
    }

    public List<Relay> untrustedRelays() {
        return untrusted;
    }

    /**
     * A header query as SpamAssassin's {@code $pms->get()} answers it, values joined: empty when the header is
     * absent. Supports the {@code :raw :addr :name :first :last} modifiers and the pseudo-headers {@code ALL},
     * {@code ToCc}, {@code MESSAGEID}, {@code EnvelopeFrom} and {@code X-Spam-Relays-Trusted/Untrusted/Internal/External}.
     */
    public Optional<String> header(String query) {
        Optional<String> answer = answered.get(query);
        if (answer == null) {
            answer = joined(values(query));
            answered.put(query, answer);
        }
        return answer;
    }

    private static Optional<String> joined(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String separator = values.get(0).endsWith("\n") ? "" : "\n";
        return Optional.of(String.join(separator, values));
    }

    /** The values of a header query, one per field. */
    public List<String> values(String query) {
        String[] parts = query.split(":");
        String name = parts[0].strip();
        boolean raw = false;
        boolean addr = false;
        boolean displayName = false;
        boolean first = false;
        boolean last = false;
        for (int i = 1; i < parts.length; i++) {
            switch (parts[i].strip()) {
                case "raw" -> raw = true;
                case "addr" -> addr = true;
                case "name" -> displayName = true;
                case "first" -> first = true;
                case "last" -> last = true;
                default -> {
                    return List.of();
                }
            }
        }
        List<String> values = new ArrayList<>();
        // ALL and MESSAGEID are matched case-sensitively by SpamAssassin, the other pseudo-headers are not
        String lower = name.equals("ALL") || name.equals("MESSAGEID") ? name : name.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "ALL" -> {
                if (raw) {
                    values.add(pristineHeader);
                } else {
                    StringBuilder all = new StringBuilder();
                    fields.forEach(field -> all.append(field.name()).append(": ").append(field.decoded()).append('\n'));
                    values.add(all.toString());
                }
                return values;
            }
            case "envelopefrom" -> envelopeFrom().ifPresent(values::add);
            case "x-spam-relays-untrusted" -> values.add(relays(untrusted));
            case "x-spam-relays-trusted" -> values.add(relays(trusted));
            case "x-spam-relays-external" -> values.add(relays(untrusted));
            case "x-spam-relays-internal" -> values.add(relays(trusted));
            case "tocc" -> {
                values.addAll(fields("To", raw || addr || displayName));
                values.addAll(fields("Cc", raw || addr || displayName));
            }
            case "MESSAGEID" -> {
                for (String header : List.of("X-Message-Id", "Resent-Message-Id", "X-Original-Message-ID", "Message-Id")) {
                    fields(header, raw).stream().filter(value -> !value.isBlank()).forEach(values::add);
                }
            }
            default -> values.addAll(fields(name, raw || addr || displayName));
        }
        if (values.isEmpty()) {
            return values;
        }
        if (first) {
            values = List.of(values.get(0));
        } else if (last) {
            values = List.of(values.get(values.size() - 1));
        }
        if (addr || displayName) {
            List<String> picked = new ArrayList<>();
            for (String value : values) {
                for (Addresses.Parsed address : Addresses.parse(value)) {
                    if (addr) {
                        address.address().ifPresent(picked::add);
                    } else {
                        address.name().map(SaMessage::normaliseName).ifPresent(picked::add);
                    }
                }
            }
            return picked;
        }
        return values;
    }

    private static String normaliseName(String name) {
        String decoded = name;
        if (decoded.strip().isEmpty()) {
            return decoded;
        }
        decoded = decoded.replaceAll("\\s+", " ").strip();
        if (decoded.length() >= 2 && decoded.startsWith("'") && decoded.endsWith("'")) {
            decoded = decoded.substring(1, decoded.length() - 1);
        }
        return decoded;
    }

    private List<String> fields(String name, boolean raw) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(raw ? field.raw() : field.decoded() + "\n");
            }
        }
        return values;
    }

    /** One header field: its raw value as SpamAssassin's {@code :raw} gives it, and its decoded value. */
    private record Field(String name, String raw, String decoded) {
    }

    /** SpamAssassin's header fields: read from the raw header block, encoded words decoded by the parsed view. */
    private static List<Field> fields(String header, List<HeaderField> decoded) {
        List<String[]> read = new ArrayList<>();
        for (String line : header.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("From ") && read.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && !read.isEmpty()) {
                read.get(read.size() - 1)[1] += "\n" + line;
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    read.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1)});
                }
            }
        }
        boolean aligned = read.size() == decoded.size();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            String name = read.get(i)[0];
            String raw = read.get(i)[1].replaceAll("\n\\s+", " ");
            String unfolded = read.get(i)[1].replaceAll("\n[ \t]+", " ").strip();
            boolean encoded = unfolded.contains("=?") && !NOT_DECODED.matcher(name).matches();
            String value = encoded && aligned && decoded.get(i).name().equalsIgnoreCase(name) ? bytes(decoded.get(i).decoded().strip())
                : utf8OrBytes(unfolded);
            fields.add(new Field(name, raw, value));
        }
        return List.copyOf(fields);
    }

    private static String utf8OrBytes(String bytesAsChars) {
        return bytesAsChars;
    }

    /**
     * SpamAssassin's envelope sender guess without an MTA-written header: the envelope-from the last untrusted (or
     * first trusted) relay recorded, then X-Envelope-From, Envelope-Sender or Return-Path when written above every
     * Received field (below one, a relay may have added it from elsewhere).
     */
    Optional<String> envelopeFrom() {
        Optional<Relay> lastHop = untrusted.isEmpty() ? trusted.stream().reduce((a, b) -> b) : Optional.of(untrusted.get(0));
        if (lastHop.isPresent() && !lastHop.get().envfrom().isEmpty() && lastHop.get().envfrom().indexOf('@') > 0) {
            return Optional.of(lastHop.get().envfrom());
        }
        if (!values("X-Sender:first:addr").isEmpty() && values("Received").stream().anyMatch(value -> value.contains("(fetchmail"))) {
            return Optional.empty();
        }
        for (String header : List.of("X-Envelope-From", "Envelope-Sender", "Return-Path")) {
            List<String> addresses = values(header + ":first:addr");
            if (!addresses.isEmpty()) {
                if (belowReceived(header)) {
                    if (header.equals("X-Envelope-From")) {
                        return Optional.empty();
                    }
                    continue;
                }
                return Optional.of(addresses.get(0));
            }
        }
        return Optional.empty();
    }

    private boolean belowReceived(String header) {
        boolean received = false;
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase("Received")) {
                received = true;
            } else if (field.name().equalsIgnoreCase(header) && received) {
                // as SpamAssassin's /^Received:.*?^Header:/ over all headers: any such field below a Received
                return true;
            }
        }
        return false;
    }

    private static String relays(List<Relay> relays) {
        return String.join(" ", relays.stream().map(Relay::asString).toList());
    }

    private static Optional<Relay> relay(ReceivedHop hop) {
        if (hop.ip().isEmpty()) {
            return Optional.empty();
        }
        String ip = hop.ip().get();
        String rdns = hop.reverseName().map(name -> name.replaceAll("\\.+$", ""))
            .filter(name -> !name.equalsIgnoreCase("unknown") && !name.equals(ip) && !name.startsWith("[")).orElse("");
        String helo = hop.helo().orElse("");
        Matcher envfrom = ENVFROM.matcher(hop.raw());
        return Optional.of(new Relay(ip, clean(rdns), clean(helo), clean(hop.by().orElse("")), clean(hop.id().orElse("")),
            envfrom.find() ? clean(envfrom.group(1)) : "", PRIVATE_IP.matcher(ip).find(),
            hop.reverseName().filter(name -> name.equalsIgnoreCase("unknown")).isPresent()
                || LOOKED_UP_NO_NAME.matcher(hop.raw().replaceAll("\\s+", " ")).find()));
    }

    private static String clean(String value) {
        return value.replaceAll("[\\s\\[\\]()=]", "!");
    }

    /** A decoded header value as SpamAssassin holds it: UTF-8 bytes, one character per byte. */
    static String bytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    /** A decoded part text as SpamAssassin holds it: in its charset's own bytes, UTF-8 for UTF-8. */
    static String bytes(String text, String charset) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                Charset declared;
                try {
                    declared = Charset.forName(charset);
                } catch (IllegalArgumentException unknown) {
                    declared = StandardCharsets.UTF_8;
                }
                return new String(text.getBytes(declared), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    private static int headerEnd(String full) {
        int lf = full.indexOf("\n\n");
        int crlf = full.indexOf("\r\n\r\n");
        if (lf < 0 && crlf < 0) {
            return full.length();
        }
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 2;
        }
        return lf + 1;
    }

    private static List<String> renderBody(ParsedMessage parsed, List<String> rendered, List<Field> fields) {
        StringBuilder text = new StringBuilder();
        for (TextPart part : parsed.textParts()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(bytes(part.text(), part.charset()));
        }
        for (int i = 0; i < rendered.size(); i++) {
            HtmlPart part = parsed.htmlParts().get(i);
            if (text.length() > 0) {
                text.append('\n');
            }
            String title = part.document().title();
            text.append(bytes(title.isEmpty() ? "" : title + "\n")).append(bytes(rendered.get(i), part.charset()));
        }
        String subject = fields.stream().filter(field -> field.name().equalsIgnoreCase("Subject")).reduce((a, b) -> b)
            .map(field -> field.decoded() + "\n").orElse("\n");
        String body = text.toString().replaceAll("\n+\\s*\n+", "\u0000").replaceAll("\\s+", " ").replace('\u0000', '\n');
        return shortLines(subject + body);
    }

    private static String renderHtml(HtmlPart part) {
        StringBuilder rendered = new StringBuilder();
        render(part.document().body() == null ? part.document() : part.document().body(), rendered);
        return rendered.toString();
    }

    /** SpamAssassin's URI list: link, image, form and frame targets of the HTML and the URLs written in the texts. */
    private static List<String> uris(ParsedMessage parsed, List<String> rendered) {
        java.util.Set<String> uris = new java.util.LinkedHashSet<>(parsed.links());
        for (int i = 0; i < rendered.size(); i++) {
            HtmlPart part = parsed.htmlParts().get(i);
            for (Element element : part.document().getAllElements()) {
                for (String attribute : URI_ATTRIBUTES) {
                    String value = element.attr(attribute).strip();
                    if (!value.isEmpty() && !value.startsWith("#")) {
                        uris.add(value);
                    }
                }
            }
            addTextUris(rendered.get(i), uris);
        }
        parsed.textParts().forEach(part -> addTextUris(part.text(), uris));
        List<String> canonical = new ArrayList<>();
        for (String uri : uris) {
            canonical.add(uri);
            if (uri.regionMatches(true, 0, "www.", 0, 4)) {
                canonical.add("http://" + uri);
            } else if (uri.regionMatches(true, 0, "ftp.", 0, 4)) {
                canonical.add("ftp://" + uri);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(canonical));
    }

    private static void addTextUris(String text, java.util.Set<String> uris) {
        Matcher matcher = TEXT_URI.matcher(text);
        while (matcher.find()) {
            uris.add(matcher.group().replaceAll("[.,;:!?)\\]>'\"]+$", ""));
        }
        // SpamAssassin lists addresses written in the text as mailto: links
        Matcher address = TEXT_ADDRESS.matcher(text);
        while (address.find()) {
            uris.add("mailto:" + address.group(1));
        }
    }

    /** HTML.pm's rendering: text with its blank runs as one space, line and paragraph breaks only from tags. */
    private static void render(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode textNode) {
                String text = HTML_BLANKS.matcher(textNode.getWholeText()).replaceAll(" ");
                if (out.length() > 0 && out.charAt(out.length() - 1) == '\n' && text.startsWith(" ")) {
                    text = text.substring(1);
                }
                out.append(text);
            } else if (child instanceof Element element) {
                String tag = element.normalName();
                if (tag.equals("script") || tag.equals("style") || tag.equals("head")) {
                    continue;
                }
                whitespace(tag, out);
                if (tag.equals("img") && element.hasAttr("alt")) {
                    out.append(element.attr("alt"));
                }
                render(element, out);
                // closing tags the source almost always writes; an implied </p> adds nothing in HTML.pm
                if (tag.equals("div") || tag.equals("blockquote") || tag.equals("pre") || tag.equals("title") || tag.startsWith("h")
                    && tag.length() == 2 || tag.equals("td") || tag.equals("th") || tag.equals("li")) {
                    whitespace(tag, out);
                }
            }
        }
    }

    private static void whitespace(String tag, StringBuilder out) {
        String inserted = switch (tag) {
            case "br", "div" -> "\n";
            case "li", "th", "td", "dd", "dt", "embed", "h1", "h2", "h3", "h4", "h5", "h6" -> " ";
            case "p", "hr", "blockquote", "pre", "listing", "plaintext", "xmp", "title" -> "\n\n";
            default -> "";
        };
        if (inserted.isEmpty()) {
            return;
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
        out.append(inserted);
    }

    static List<String> shortLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("(?<=\n)")) {
            String rest = line;
            while (rest.length() > MAX_BODY_LINE) {
                int cut = rest.lastIndexOf(' ', MAX_BODY_LINE) + 1;
                if (cut <= 0) {
                    cut = MAX_BODY_LINE;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            lines.add(rest);
        }
        return List.copyOf(lines);
    }

    private static List<String> decodedBody(ParsedMessage parsed) {
        List<String> parts = new ArrayList<>();
        parsed.textParts().forEach(part -> parts.add(bytes(part.text(), part.charset())));
        parsed.htmlParts().forEach(part -> parts.add(bytes(part.html(), part.charset())));
        return List.copyOf(parts);
    }
}
