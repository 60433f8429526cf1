package org.gatehouse.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.field.datetime.parser.ParseException;
import org.apache.james.mime4j.field.datetime.parser.TokenMgrError;
import org.apache.james.mime4j.internal.ParserStreamContentHandler;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MessageImpl;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;

/**
 * A raw RFC 5322 message parsed once into the immutable view every content check reads: headers, addresses, text
 * and HTML parts, links, images, attachments, and the structural problems met on the way. Parsing never throws:
 * whatever cannot be read becomes a {@link #problems() problem} and the view holds what could be read.
 */
public final class ParsedMessage {
    /**
     * How deep the view reads nested multiparts and attached messages; the content inspection marks a deeper message
     * unscannable, so what lies below is never delivered unread.
     */
    public static final int MAX_MIME_DEPTH = 30;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>@\\s]+@[^<>@\\s]+>");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\\[\\]]+@[^@\\s<>()\\[\\]]+");
    private static final Pattern PLAIN_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'()\\[\\]{}]+");
    private static final Pattern HIDING_STYLE = Pattern.compile(
            "(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden|font-size\\s*:\\s*0+(?:\\.0+)?\\s*(?:px|pt|em|%)?\\s*(?:;|$)");
    private static final Pattern COLOR = Pattern.compile("(?i)(?:^|[;\\s])color\\s*:\\s*([^;]+)");
    private static final Pattern BACKGROUND = Pattern.compile("(?i)background(?:-color)?\\s*:\\s*([^;]+)");
    private static final Pattern FONT_SIZE = Pattern.compile("(?i)font-size\\s*:\\s*([^;}\"']{1,40})");
    private static final Pattern ENCODED_WORD_LANGUAGE = Pattern.compile("=\\?([^?*\\s]{1,40})\\*[^?\\s]{1,40}\\?");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern HTML_FILE_NAME = Pattern.compile("(?i)\\.(?:x?html?|shtml)\\s*$");
    private static final Charset FALLBACK = StandardCharsets.ISO_8859_1;
    private static final String MESSAGE_RFC822 = "message/rfc822";
    /** Received fields beyond this many are not read as hops (real chains have a handful). */
    static final int MAX_HOPS = 40;

    private final List<HeaderField> headers;
    private final List<String> from;
    private final List<String> replyTo;
    private final Optional<String> returnPath;
    private final List<String> to;
    private final List<String> cc;
    private final Optional<Instant> date;
    private final List<ReceivedHop> receivedHops;
    private final List<TextPart> textParts;
    private final List<HtmlPart> htmlParts;
    private final String readableText;
    private final String subjectAndText;
    private final String subjectAndTextLowerCase;
    private final List<String> links;
    private final int imageCount;
    private final List<Attachment> attachments;
    private final List<HtmlAttachment> htmlAttachments;
    private final List<LeafPart> leafParts;
    private final List<String> problems;
    private final BodyDerivations derivations;

    private ParsedMessage(Builder parsed) {
        this.headers = List.copyOf(parsed.headers);
        this.from = addresses(headers, "From");
        this.replyTo = addresses(headers, "Reply-To");
        this.returnPath = addresses(headers, "Return-Path").stream().findFirst();
        this.to = addresses(headers, "To");
        this.cc = addresses(headers, "Cc");
        this.date = parsed.date;
        this.receivedHops = headers.stream().filter(field -> field.name().equalsIgnoreCase("Received")).limit(MAX_HOPS)
                .map(field -> ReceivedHop.parse(field.raw())).toList();
        this.textParts = List.copyOf(parsed.textParts);
        this.htmlParts = List.copyOf(parsed.htmlParts);
        List<String> texts = new ArrayList<>();
        textParts.forEach(part -> texts.add(part.text()));
        htmlParts.forEach(part -> texts.add(part.visibleText()));
        this.readableText = String.join("\n", texts);
        this.subjectAndText = subject() + "\n" + readableText;
        this.subjectAndTextLowerCase = subjectAndText.toLowerCase(Locale.ROOT);
        this.links = List.copyOf(parsed.links);
        this.imageCount = parsed.imageCount;
        this.attachments = List.copyOf(parsed.attachments);
        this.htmlAttachments = List.copyOf(parsed.htmlAttachments);
        this.leafParts = List.copyOf(parsed.leafParts);
        this.problems = List.copyOf(parsed.problems);
        this.derivations = parsed.derivations;
    }

    /** Parses a raw message (an mbox {@code From } separator line on top is skipped). Never throws. */
    public static ParsedMessage parse(byte[] raw) {
        byte[] message = skipMboxSeparator(raw);
        Reading reading = new Reading(BodyMemo.key(message));
        try {
            MimeStreamParser parser = reading.newParser();
            parser.setContentHandler(reading.handler());
            parser.parse(new ByteArrayInputStream(message));
            reading.completed();
        } catch (IOException | MimeException | RuntimeException e) {
            reading.failed("unparseable message: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            reading.failed("unparseable message: MIME nesting too deep");
        }
        // a parse that ran to its end but whose tree could not be built (a handler failure) has no view: say so
        return reading.view().orElseGet(() -> unreadable("unparseable message: its MIME structure could not be read"));
    }

    /** A view of nothing but the problem that kept the message from being read. */
    private static ParsedMessage unreadable(String problem) {
        Builder builder = new Builder();
        builder.problems.add(problem);
        return new ParsedMessage(builder);
    }

    /**
     * The parser every reading of a message's MIME structure uses, the view's and the content inspection's: permissive,
     * lenient field parsing, transfer encodings decoded, attached messages left whole as parts.
     */
    public static MimeStreamParser newParser(DecodeMonitor monitor) {
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, monitor,
            new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), monitor));
        parser.setContentDecoding(true);
        parser.setNoRecurse();
        return parser;
    }

    /**
     * This view with one more header field on top, as if the message had started with it (the spam score reads the
     * envelope sender as a {@code Return-Path} field, which the delivering server writes there).
     */
    public ParsedMessage withFieldOnTop(String name, String value) {
        return new ParsedMessage(this, new HeaderField(name, value, Builder.decode(value)));
    }

    /** This view with the field on top: only what reads a field of that name is worked out again. */
    private ParsedMessage(ParsedMessage base, HeaderField top) {
        List<HeaderField> fields = new ArrayList<>(base.headers.size() + 1);
        fields.add(top);
        fields.addAll(base.headers);
        this.headers = List.copyOf(fields);
        String name = top.name();
        this.from = name.equalsIgnoreCase("From") ? addresses(headers, "From") : base.from;
        this.replyTo = name.equalsIgnoreCase("Reply-To") ? addresses(headers, "Reply-To") : base.replyTo;
        this.returnPath = name.equalsIgnoreCase("Return-Path") ? addresses(headers, "Return-Path").stream().findFirst() : base.returnPath;
        this.to = name.equalsIgnoreCase("To") ? addresses(headers, "To") : base.to;
        this.cc = name.equalsIgnoreCase("Cc") ? addresses(headers, "Cc") : base.cc;
        this.date = name.equalsIgnoreCase("Date") ? parseDate(top.raw()) : base.date;
        this.receivedHops = name.equalsIgnoreCase("Received")
            ? headers.stream().filter(field -> field.name().equalsIgnoreCase("Received")).limit(MAX_HOPS)
                .map(field -> ReceivedHop.parse(field.raw())).toList()
            : base.receivedHops;
        this.textParts = base.textParts;
        this.htmlParts = base.htmlParts;
        this.readableText = base.readableText;
        this.subjectAndText = name.equalsIgnoreCase("Subject") ? subject() + "\n" + readableText : base.subjectAndText;
        this.subjectAndTextLowerCase = name.equalsIgnoreCase("Subject") ? subjectAndText.toLowerCase(Locale.ROOT)
            : base.subjectAndTextLowerCase;
        this.links = base.links;
        this.imageCount = base.imageCount;
        this.attachments = base.attachments;
        this.htmlAttachments = base.htmlAttachments;
        this.leafParts = base.leafParts;
        this.problems = base.problems;
        this.derivations = base.derivations;
    }

    /**
     * One reading of a message into the view, fed by a mime4j parse that someone else may drive: the content inspection
     * reads the message at the end of DATA with {@link #newParser()} and passes every event of the message's own
     * parts to {@link #handler()} too, so the view and the inspection come out of one MIME parse. The view exists only
     * when that parse ran to its end ({@link #completed()}); a reading cut short (a content limit, an unreadable part)
     * gives none, and the caller parses on its own.
     */
    public static final class Reading {
        private final Builder builder = new Builder();
        private final MessageImpl message = new MessageImpl();
        private final ContentHandler target = new ParserStreamContentHandler(message, new BasicBodyFactory(true));
        private final DecodeMonitor monitor = new DecodeMonitor() {
            @Override
            public boolean warn(String warning, String dummy) {
                // bare LFs (and the soft line breaks and blank padding that come with them) are how stored messages look
                if (builder.problems.size() < 20 && !warning.startsWith("Found LF without CR") && !warning.startsWith("ignored blanks")
                        && !warning.startsWith("Found non-standard soft line break")
                        && !builder.problems.contains("MIME: " + warning)) {
                    builder.problems.add("MIME: " + warning);
                }
                return false;
            }

            @Override
            public boolean isListening() {
                return true;
            }
        };
        private final ContentHandler guarded = new Guarded();
        private boolean complete;
        private boolean broken;
        private Optional<String> failure = Optional.empty();
        private Optional<ParsedMessage> view = Optional.empty();
        private boolean viewRead;

        /** The key of the body in {@link BodyMemo}, when the body may be read from there (and is remembered there). */
        private final Optional<String> bodyKey;

        public Reading() {
            this(Optional.empty());
        }

        private Reading(Optional<String> bodyKey) {
            // filled by the events of one parse
            this.bodyKey = bodyKey;
        }

        /**
         * The parser the view reads with: permissive, lenient field parsing, transfer encodings decoded, attached
         * messages left whole (they are attachments to the view; the content inspection opens them itself).
         */
        public MimeStreamParser newParser() {
            return ParsedMessage.newParser(monitor);
        }

        /** Receives the parse's events; never throws: an event it cannot take leaves the reading without a view. */
        public ContentHandler handler() {
            return guarded;
        }

        /** The parse ran to the end of the message. */
        public void completed() {
            complete = true;
        }

        /** The parse failed: the view is the problem alone (asked before the view is). */
        void failed(String problem) {
            failure = Optional.of(problem);
        }

        /** The view, when the parse that fed this reading ran to its end (read from the tree once, then kept). */
        public synchronized Optional<ParsedMessage> view() {
            if (!viewRead) {
                view = read();
                viewRead = true;
            }
            return view;
        }

        private Optional<ParsedMessage> read() {
            if (failure.isPresent()) {
                return Optional.of(unreadable(failure.get()));
            }
            if (!complete || broken) {
                return Optional.empty();
            }
            try {
                builder.read(message, bodyKey);
            } catch (IOException | RuntimeException e) {
                builder.problems.add("unparseable message: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (StackOverflowError e) {
                builder.problems.add("unparseable message: MIME nesting too deep");
            }
            return Optional.of(new ParsedMessage(builder));
        }

        /** Passes each event on to the tree the view is read from, until one of them fails. */
        private final class Guarded implements ContentHandler {
            private void pass(Event event) {
                if (broken) {
                    return;
                }
                try {
                    event.run();
                } catch (IOException | MimeException | RuntimeException e) {
                    broken = true;
                }
            }

            @Override
            public void startMessage() {
                pass(target::startMessage);
            }

            @Override
            public void endMessage() {
                pass(target::endMessage);
            }

            @Override
            public void startBodyPart() {
                pass(target::startBodyPart);
            }

            @Override
            public void endBodyPart() {
                pass(target::endBodyPart);
            }

            @Override
            public void startHeader() {
                pass(target::startHeader);
            }

            @Override
            public void field(Field field) {
                pass(() -> target.field(field));
            }

            @Override
            public void endHeader() {
                pass(target::endHeader);
            }

            @Override
            public void preamble(InputStream is) {
                pass(() -> target.preamble(is));
            }

            @Override
            public void epilogue(InputStream is) {
                pass(() -> target.epilogue(is));
            }

            @Override
            public void startMultipart(BodyDescriptor bd) {
                pass(() -> target.startMultipart(bd));
            }

            @Override
            public void endMultipart() {
                pass(target::endMultipart);
            }

            @Override
            public void body(BodyDescriptor bd, InputStream is) {
                pass(() -> target.body(bd, is));
            }

            @Override
            public void raw(InputStream is) {
                pass(() -> target.raw(is));
            }
        }

        @FunctionalInterface
        private interface Event {
            void run() throws IOException, MimeException;
        }
    }

    public List<HeaderField> headers() {
        return headers;
    }

    /** Decoded bodies of every field with this name (case-insensitive), in order. */
    public List<String> headers(String name) {
        return headers.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(HeaderField::decoded).toList();
    }

    /** Decoded body of the first field with this name (case-insensitive). */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Raw (unfolded, not decoded) body of the first field with this name (case-insensitive). */
    public Optional<String> rawHeader(String name) {
        return headers.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(HeaderField::raw).findFirst();
    }

    public boolean hasHeader(String name) {
        return header(name).isPresent();
    }

    /**
     * A value worked out from the body alone (parts, texts, HTML, links, attachments, images) and from what the key names
     * besides, once per body: views of messages with a body read before share it (see {@link BodyDerivations}). The key
     * names the derivation and everything else it reads, such as the subject; {@code compute} must read nothing more, and
     * give an immutable value, never null.
     */
    public <T> T fromBody(Object key, Supplier<T> compute) {
        return derivations.get(key, compute);
    }

    /** The decoded Subject, or empty text when there is none. */
    public String subject() {
        return header("Subject").orElse("").trim();
    }

    /** Lower-cased addresses of the From field. */
    public List<String> from() {
        return from;
    }

    public List<String> replyTo() {
        return replyTo;
    }

    public Optional<String> returnPath() {
        return returnPath;
    }

    public List<String> to() {
        return to;
    }

    public List<String> cc() {
        return cc;
    }

    public boolean hasDate() {
        return hasHeader("Date");
    }

    /** The Date field's instant, when there is one and it follows RFC 5322 (obsolete syntax included). */
    public Optional<Instant> date() {
        return date;
    }

    public boolean hasMessageId() {
        return header("Message-ID").filter(value -> !value.isBlank()).isPresent();
    }

    /** Whether the Message-ID looks like {@code <left@right>}. */
    public boolean hasValidMessageId() {
        return header("Message-ID").map(value -> MESSAGE_ID.matcher(value.trim()).matches()).orElse(false);
    }

    /** Received fields, newest (top) first. */
    public List<String> received() {
        return headers("Received");
    }

    /** The Received fields read as hops (sender, address, receiver, time stamp), newest first; at most {@value #MAX_HOPS}. */
    public List<ReceivedHop> receivedHops() {
        return receivedHops;
    }

    public List<TextPart> textParts() {
        return textParts;
    }

    public List<HtmlPart> htmlParts() {
        return htmlParts;
    }

    /** What a reader sees: every text/plain part and every HTML part's visible text, joined by newlines. */
    public String readableText() {
        return readableText;
    }

    /** The subject, a newline and the {@link #readableText() readable text}: what wording checks search. */
    public String subjectAndText() {
        return subjectAndText;
    }

    /** {@link #subjectAndText()} lower-cased (root locale), for cheap substring tests before costlier patterns. */
    public String subjectAndTextLowerCase() {
        return subjectAndTextLowerCase;
    }

    /** Distinct link targets: HTML {@code href}s and URLs written in plain text, in order of appearance. */
    public List<String> links() {
        return links;
    }

    /** Image parts plus {@code <img>} elements in the HTML. */
    public int imageCount() {
        return imageCount;
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    /** The attachments that are HTML files (text/html or an .htm/.html name), decoded, in order. */
    public List<HtmlAttachment> htmlAttachments() {
        return htmlAttachments;
    }

    /** Every leaf body part in order (text, HTML, attachments, images) with its declared charset and encoding. */
    public List<LeafPart> leafParts() {
        return leafParts;
    }

    /** Structural problems met while parsing (bad MIME, missing boundary, undecodable charset...). */
    public List<String> problems() {
        return problems;
    }

    private static List<String> addresses(List<HeaderField> headers, String name) {
        List<String> found = new ArrayList<>();
        for (HeaderField field : headers) {
            if (field.name().equalsIgnoreCase(name)) {
                try {
                    AddressList list = LenientAddressParser.DEFAULT.parseAddressList(field.raw());
                    for (Address address : list) {
                        if (address instanceof Mailbox mailbox) {
                            addIfWellFormed(found, mailbox);
                        } else if (address instanceof Group group) {
                            group.getMailboxes().forEach(member -> addIfWellFormed(found, member));
                        }
                    }
                } catch (RuntimeException unreadable) {
                    // an unreadable address list carries no address
                }
            }
        }
        return List.copyOf(found);
    }

    /** The display names of the From mailboxes (encoded words decoded), in order; a mailbox without one is skipped. */
    public List<String> fromDisplayNames() {
        List<String> names = new ArrayList<>();
        for (HeaderField field : headers) {
            if (field.name().equalsIgnoreCase("From")) {
                try {
                    for (Address address : LenientAddressParser.DEFAULT.parseAddressList(field.raw())) {
                        if (address instanceof Mailbox mailbox && mailbox.getName() != null && !mailbox.getName().isBlank()) {
                            names.add(mailbox.getName().trim());
                        }
                    }
                } catch (RuntimeException unreadable) {
                    // an unreadable address list carries no name
                }
            }
        }
        return List.copyOf(names);
    }

    private static void addIfWellFormed(List<String> found, Mailbox mailbox) {
        String address = mailbox.getAddress();
        if (address != null && ADDRESS.matcher(address).matches()) {
            found.add(address.toLowerCase(Locale.ROOT));
        }
    }

    /** RFC 5322 date-time, obsolete forms included; comments and runs of blanks (CFWS) are dropped first. */
    static Optional<Instant> parseDate(String value) {
        Optional<Instant> common = commonDate(value.trim());
        return common.isPresent() ? common : grammarDate(value);
    }

    /** The date read by mime4j's RFC 5322 grammar. */
    static Optional<Instant> grammarDate(String value) {
        String cleaned = COMMENT.matcher(value).replaceAll(" ");
        cleaned = BLANKS.matcher(cleaned).replaceAll(" ").trim();
        try {
            return Optional.ofNullable(new DateTimeParser(new StringReader(cleaned)).parseAll().getDate()).map(Date::toInstant);
        } catch (ParseException | TokenMgrError | RuntimeException invalid) {
            return Optional.empty();
        }
    }

    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
            "Dec");
    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

    /**
     * The form nearly every message's date is written in, {@code [Www, ]D Mon YYYY HH:MM[:SS] +HHMM}, maybe followed by a
     * comment such as {@code (UTC)}, read directly;
     * empty for anything else (read by the full grammar). mime4j's grammar and its calendar arithmetic were 1 % of the
     * gateway's CPU under load, for dates in this form.
     */
    static Optional<Instant> commonDate(String value) {
        int comment = value.endsWith(")") ? value.lastIndexOf(" (") : -1;
        if (comment > 0) {
            // a zone's name after the date, "(UTC)": a comment, which the grammar reads as blank space
            String inside = value.substring(comment + 2, value.length() - 1);
            return inside.indexOf('(') < 0 && inside.indexOf(')') < 0 && inside.indexOf('\\') < 0
                    ? commonDate(value.substring(0, comment)) : Optional.empty();
        }
        String[] tokens = value.split(" ", -1);
        int at = tokens.length == 6 && tokens[0].length() == 4 && tokens[0].endsWith(",")
                && DAYS.contains(tokens[0].substring(0, 3)) ? 1 : 0;
        if (tokens.length - at != 5) {
            return Optional.empty();
        }
        String day = tokens[at];
        String month = tokens[at + 1];
        String year = tokens[at + 2];
        String time = tokens[at + 3];
        String zone = tokens[at + 4];
        int monthIndex = MONTHS.indexOf(month);
        boolean withSeconds = time.length() == 8;
        if (!digits(day, 1, 2) || monthIndex < 0 || !digits(year, 4, 4)
                || !(time.length() == 5 || withSeconds && time.charAt(5) == ':') || time.charAt(2) != ':'
                || !digits(time.substring(0, 2), 2, 2) || !digits(time.substring(3, 5), 2, 2)
                || withSeconds && !digits(time.substring(6, 8), 2, 2)
                || zone.length() != 5 || zone.charAt(0) != '+' && zone.charAt(0) != '-' || !digits(zone.substring(1), 4, 4)) {
            return Optional.empty();
        }
        try {
            int offsetMinutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3, 5));
            if (Integer.parseInt(zone.substring(3, 5)) > 59 || offsetMinutes > 18 * 60) {
                return Optional.empty();
            }
            java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds((zone.charAt(0) == '-' ? -60 : 60) * offsetMinutes);
            return Optional.of(java.time.LocalDateTime.of(Integer.parseInt(year), monthIndex + 1, Integer.parseInt(day),
                    Integer.parseInt(time.substring(0, 2)), Integer.parseInt(time.substring(3, 5)),
                    withSeconds ? Integer.parseInt(time.substring(6, 8)) : 0).toInstant(offset));
        } catch (java.time.DateTimeException invalid) {
            // a day or a time that does not exist: the full grammar decides
            return Optional.empty();
        }
    }

    private static boolean digits(String text, int min, int max) {
        if (text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] skipMboxSeparator(byte[] raw) {
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            for (int i = 5; i < raw.length; i++) {
                if (raw[i] == '\n') {
                    byte[] rest = new byte[raw.length - i - 1];
                    System.arraycopy(raw, i + 1, rest, 0, rest.length);
                    return rest;
                }
            }
        }
        return raw;
    }

    /** Collects the view while walking the MIME tree; mutable only during {@link #parse(byte[])}. */
    private static final class Builder {
        private final List<HeaderField> headers = new ArrayList<>();
        private final List<TextPart> textParts = new ArrayList<>();
        private final List<HtmlPart> htmlParts = new ArrayList<>();
        private final Set<String> links = new LinkedHashSet<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private final List<HtmlAttachment> htmlAttachments = new ArrayList<>();
        private final List<LeafPart> leafParts = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private Optional<Instant> date = Optional.empty();
        private int imageCount;
        private BodyDerivations derivations = new BodyDerivations();

        void read(Message message, Optional<String> bodyKey) throws IOException {
            for (Field field : message.getHeader().getFields()) {
                String unfolded = MimeUtil.unfold(field.getBody() == null ? "" : field.getBody());
                headers.add(new HeaderField(field.getName(), unfolded, decode(unfolded)));
            }
            headers.stream().filter(field -> field.name().equalsIgnoreCase("Date")).findFirst()
                    .ifPresent(field -> date = parseDate(field.raw()));
            // a body read before is taken as it was read when nothing before it has been a problem (the problems the
            // parser reports while the body is read are kept once, and how many are kept depends on those before)
            Optional<String> key = bodyKey.filter(any -> problems.isEmpty());
            Optional<BodyMemo.Body> remembered = key.flatMap(BodyMemo::get);
            if (remembered.isPresent()) {
                take(remembered.get());
                return;
            }
            walk(message, 0);
            key.ifPresent(known -> BodyMemo.put(known, body()));
        }

        private void take(BodyMemo.Body body) {
            textParts.addAll(body.textParts());
            htmlParts.addAll(body.htmlParts());
            links.addAll(body.links());
            imageCount = body.imageCount();
            attachments.addAll(body.attachments());
            htmlAttachments.addAll(body.htmlAttachments());
            leafParts.addAll(body.leafParts());
            problems.addAll(body.problems());
            derivations = body.derivations();
        }

        /** What the walk read (the problems: all of them, none were there before it). */
        private BodyMemo.Body body() {
            long weight = 1000;
            for (TextPart part : textParts) {
                weight += 100 + 2L * part.text().length();
            }
            for (HtmlPart part : htmlParts) {
                // the source, the texts, and the tree (about ten times the source)
                weight += 100 + 24L * part.html().length() + 2L * (part.visibleText().length() + part.hiddenText().length());
            }
            for (HtmlAttachment attachment : htmlAttachments) {
                weight += 100 + 2L * attachment.html().length();
            }
            weight += 200L * (links.size() + attachments.size() + leafParts.size() + problems.size());
            // what is worked out from the body later (BodyDerivations: its URLs, the wording signals' findings)
            weight += 1000 + 300L * links.size();
            return new BodyMemo.Body(textParts, htmlParts, List.copyOf(links), imageCount, attachments, htmlAttachments,
                    leafParts, problems, derivations, (int) Math.min(Integer.MAX_VALUE, weight));
        }

        private static String decode(String value) {
            try {
                // header bytes arrive one character per byte; raw UTF-8 (RFC 6532) is read as UTF-8
                String text = HeaderField.isAscii(value) ? value : HeaderField.asUtf8(value).orElse(value);
                // RFC 2231 section 5 lets an encoded-word name its language (=?utf-8*en?Q?...?=); mime4j does not
                String words = text.contains("*") ? ENCODED_WORD_LANGUAGE.matcher(text).replaceAll("=?$1?") : text;
                return DecoderUtil.decodeEncodedWords(words, DecodeMonitor.SILENT);
            } catch (RuntimeException undecodable) {
                return value;
            }
        }

        private void walk(Entity entity, int depth) throws IOException {
            if (depth > MAX_MIME_DEPTH) {
                problems.add("MIME nesting deeper than " + MAX_MIME_DEPTH + " levels; the rest is not read");
                return;
            }
            Body body = entity.getBody();
            String mimeType = Optional.ofNullable(entity.getMimeType()).orElse("text/plain").toLowerCase(Locale.ROOT);
            checkBoundary(entity);
            if (body instanceof Multipart multipart) {
                if (multipart.getBodyParts().isEmpty()) {
                    problems.add("multipart " + mimeType + " has no parts (boundary never found)");
                }
                for (Entity part : multipart.getBodyParts()) {
                    walk(part, depth + 1);
                }
                return;
            }
            Optional<String> filename = Optional.ofNullable(entity.getFilename())
                    .or(() -> entity.getHeader().getField("Content-Type") instanceof ContentTypeField contentType
                            ? Optional.ofNullable(contentType.getParameter("name")) : Optional.empty())
                    .filter(name -> !name.isBlank());
            boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType()) || filename.isPresent();
            if (body instanceof Message || mimeType.equals(MESSAGE_RFC822)) {
                // an attached message is read whole by the parse (the content inspection opens it): an attachment here
                attachments.add(new Attachment(filename, mimeType, 0));
                return;
            }
            if (!(body instanceof SingleBody single)) {
                return;
            }
            byte[] content;
            try (InputStream in = single.getInputStream()) {
                content = in.readAllBytes();
            }
            if (mimeType.startsWith("image/")) {
                imageCount++;
            }
            leafParts.add(new LeafPart(mimeType, rawCharset(entity), entity.getContentTransferEncoding().toLowerCase(Locale.ROOT),
                    attachment || !(mimeType.equals("text/plain") || mimeType.equals("text/html")), content.length,
                    highBitBytes(content)));
            if (!attachment && mimeType.equals("text/plain")) {
                String charset = declaredCharset(entity);
                String text = decodeText(content, charset);
                textParts.add(new TextPart(text, usableCharset(charset).name()));
                addPlainUrls(text);
            } else if (!attachment && mimeType.equals("text/html")) {
                String charset = declaredCharset(entity);
                readHtml(decodeText(content, charset), usableCharset(charset).name());
            } else {
                attachments.add(new Attachment(filename, mimeType, content.length));
                if (mimeType.equals("text/html") || filename.filter(HTML_FILE_NAME.asPredicate()).isPresent()) {
                    // decoded leniently: an attachment's charset is not the message's structure (MIME_MALFORMED)
                    String html = new String(content, usableCharset(declaredCharset(entity)));
                    htmlAttachments.add(new HtmlAttachment(filename,
                            html.length() > HtmlAttachment.MAX_CHARS ? html.substring(0, HtmlAttachment.MAX_CHARS) : html));
                }
            }
        }

        private void checkBoundary(Entity entity) {
            Field field = entity.getHeader().getField("Content-Type");
            if (field != null && field.getBody() != null) {
                String declared = field.getBody().toLowerCase(Locale.ROOT);
                if (declared.trim().startsWith("multipart/") && !declared.contains("boundary")) {
                    problems.add("multipart Content-Type without a boundary: " + field.getBody().trim());
                }
            }
        }

        private static Optional<String> rawCharset(Entity entity) {
            return entity.getHeader().getField("Content-Type") instanceof ContentTypeField contentType
                    ? Optional.ofNullable(contentType.getParameter("charset")).map(String::trim).filter(name -> !name.isEmpty())
                    : Optional.empty();
        }

        private static int highBitBytes(byte[] content) {
            int count = 0;
            for (byte b : content) {
                if (b < 0) {
                    count++;
                }
            }
            return count;
        }

        private static String declaredCharset(Entity entity) {
            return Optional.ofNullable(entity.getCharset()).map(String::trim).filter(name -> !name.isEmpty()).orElse("us-ascii");
        }

        private Charset usableCharset(String name) {
            try {
                return Charset.forName(name);
            } catch (RuntimeException unknown) {
                return FALLBACK;
            }
        }

        private String decodeText(byte[] content, String charsetName) {
            Charset charset;
            try {
                charset = Charset.forName(charsetName);
            } catch (RuntimeException unknown) {
                problems.add("undecodable charset " + charsetName + "; read as " + FALLBACK.name());
                return new String(content, FALLBACK);
            }
            try {
                CharBuffer strict = charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(content));
                return strict.toString();
            } catch (CharacterCodingException mismatch) {
                if (!charset.equals(StandardCharsets.US_ASCII)) {
                    problems.add("text is not valid " + charset.name() + "; invalid bytes replaced");
                }
                return new String(content, charset.equals(StandardCharsets.US_ASCII) ? FALLBACK : charset);
            }
        }

        private void readHtml(String html, String charset) {
            Document document = Jsoup.parse(html);
            for (Element link : document.select("a[href], area[href]")) {
                String target = link.attr("href").trim();
                if (!target.isEmpty() && !target.startsWith("#")) {
                    links.add(target);
                }
            }
            imageCount += document.select("img").size();
            List<String> fontSizes = fontSizes(document);
            int commentsInsideWords = commentsInsideWords(document);
            StringBuilder hidden = new StringBuilder();
            // hidden elements are taken out to read the visible text, then put back where they were (in reverse
            // order, so every index is right again): the document stays whole for the checks that read it later
            List<Element> parents = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            List<Element> removed = new ArrayList<>();
            for (Element styled : document.select("[style]")) {
                if (styled.ownerDocument() != null && styled.parent() != null && hides(styled.attr("style"))) {
                    hidden.append(styled.text()).append(' ');
                    parents.add(styled.parent());
                    positions.add(styled.siblingIndex());
                    removed.add(styled);
                    styled.remove();
                }
            }
            String visible = document.body() == null ? "" : document.body().text();
            for (int i = removed.size() - 1; i >= 0; i--) {
                parents.get(i).insertChildren(positions.get(i), removed.get(i));
            }
            addPlainUrls(visible);
            htmlParts.add(new HtmlPart(html, charset, visible, hidden.toString().trim(), fontSizes, commentsInsideWords, document));
        }

        private static List<String> fontSizes(Document document) {
            List<String> sizes = new ArrayList<>();
            for (Element font : document.select("font[size]")) {
                if (sizes.size() < HtmlPart.MAX_FONT_SIZES) {
                    sizes.add(font.attr("size").trim());
                }
            }
            for (Element styled : document.select("[style]")) {
                addFontSizes(styled.attr("style"), sizes);
            }
            for (Element sheet : document.select("style")) {
                addFontSizes(sheet.data(), sizes);
            }
            return sizes;
        }

        private static void addFontSizes(String css, List<String> sizes) {
            Matcher size = FONT_SIZE.matcher(css);
            while (sizes.size() < HtmlPart.MAX_FONT_SIZES && size.find()) {
                sizes.add(size.group(1).trim());
            }
        }

        /** Comments with a letter right before and right after: {@code v<!-- x -->iagra}. */
        private static int commentsInsideWords(Document document) {
            int[] count = {0};
            NodeTraversor.traverse((node, depth) -> {
                if (node instanceof Comment && node.previousSibling() instanceof TextNode before
                        && node.nextSibling() instanceof TextNode after) {
                    String left = before.getWholeText();
                    String right = after.getWholeText();
                    if (!left.isEmpty() && !right.isEmpty() && Character.isLetter(left.charAt(left.length() - 1))
                            && Character.isLetter(right.charAt(0))) {
                        count[0]++;
                    }
                }
            }, document);
            return count[0];
        }

        private static boolean hides(String style) {
            if (HIDING_STYLE.matcher(style).find()) {
                return true;
            }
            Matcher color = COLOR.matcher(style);
            Matcher background = BACKGROUND.matcher(style);
            return color.find() && background.find()
                    && color.group(1).trim().equalsIgnoreCase(background.group(1).trim());
        }

        private void addPlainUrls(String text) {
            Matcher url = PLAIN_URL.matcher(text);
            while (url.find()) {
                links.add(url.group().replaceAll("[.,;:!?]+$", ""));
            }
        }
    }
}
