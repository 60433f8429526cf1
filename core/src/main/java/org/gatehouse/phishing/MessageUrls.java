package org.gatehouse.phishing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HtmlAttachment;
import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.message.TextPart;
import org.gatehouse.phishing.ExtractedUrl.Flag;
import org.gatehouse.phishing.ExtractedUrl.Source;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Every URL of a message, found without fetching anything: the HTML's links, images, frames and forms (with
 * {@code <base href>} applied), URLs written in the text (defanged ones and {@code www.} and {@code example.com/path}
 * forms included) and the links and forms of attached HTML files. Order is the message's: per HTML part its elements
 * then its text, then the plain-text parts, then the HTML attachments. A URL met twice is kept once, with its first
 * source.
 */
public final class MessageUrls {
    /** URLs beyond this many are not collected. */
    public static final int MAX_URLS = 1_000;
    /** Characters of text and of HTML source scanned per message, beyond which the rest is not read. */
    public static final int MAX_SCANNED_CHARS = 1_000_000;

    private static final String ELEMENTS = "a[href], area[href], img[src], iframe[src], frame[src], form[action], "
            + "input[formaction], button[formaction], meta[http-equiv][content]";
    private static final String DOT = "(?:\\.|\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\))";
    private static final String URL_CHARS = "[^\\s<>\"'`{}|\\\\^]";
    /** A scheme URL (defanged forms too), a {@code www.} name, or a bare name (kept only with a path or defanged). */
    private static final Pattern TEXT_URL = Pattern.compile("(?i)(?<![\\w@.\\-/])(?:"
            + "(?:https?|h[x*]{2}ps?|ftp)(?:://|\\[:\\]//|\\[://\\])" + URL_CHARS + "+"
            + "|(?<named>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?" + DOT + ")+[a-z]{2,24})(?![\\w-])(?:[/?]" + URL_CHARS + "*)?"
            + ")");
    private static final Pattern DEFANGED_DOT = Pattern.compile("(?i)" + DOT.replace("\\.|", ""));
    private static final Pattern TRAILING = Pattern.compile("[.,;:!?*'\"]+$");
    private static final Pattern REFRESH_URL = Pattern.compile("(?i)url\\s*=\\s*['\"]?([^'\"\\s]+)");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]{0,31}:");

    private MessageUrls() {
    }

    /** Names {@link #of}'s value among those worked out from a message's body. */
    private static final Object BODY_URLS = new Object();

    /**
     * The message's URLs ({@link #extract}), worked out once per body: every message that brings a body this node has
     * read (a newsletter to many recipients), and every tenant part of one message, shares them.
     */
    public static List<ExtractedUrl> of(ParsedMessage message) {
        return message.fromBody(BODY_URLS, () -> extract(message));
    }

    /** The message's URLs, deduplicated, in message order, at most {@value #MAX_URLS}. */
    public static List<ExtractedUrl> extract(ParsedMessage message) {
        Collector urls = new Collector();
        for (HtmlPart part : message.htmlParts()) {
            urls.addHtml(part.document(), part.html());
            urls.addText(part.visibleText(), Source.TEXT);
        }
        for (TextPart part : message.textParts()) {
            urls.addText(part.text(), Source.TEXT);
        }
        for (HtmlAttachment attachment : message.htmlAttachments()) {
            urls.addHtmlSource(attachment.html(), true);
        }
        return List.copyOf(urls.found.values());
    }

    /** The URLs written in a text (plain text or an HTML part's visible text), in order. */
    public static List<ExtractedUrl> inText(String text) {
        Collector urls = new Collector();
        urls.addText(text, Source.TEXT);
        return List.copyOf(urls.found.values());
    }

    /** Collects while scanning one message; the first URL with a given identity wins. */
    private static final class Collector {
        private final Map<String, ExtractedUrl> found = new LinkedHashMap<>();
        private int budget = MAX_SCANNED_CHARS;

        void addHtmlSource(String html, boolean attachment) {
            if (budget <= 0 || full()) {
                return;
            }
            addElements(Jsoup.parse(take(html)), attachment);
        }

        /** A body part the message parser already parsed: its source counts against the budget as if read here. */
        void addHtml(Document parsed, String source) {
            if (budget <= 0 || full()) {
                return;
            }
            if (source.length() > budget) {
                // over the budget: only the part of the source the budget allows is read, like any other text
                addHtmlSource(source, false);
                return;
            }
            budget -= source.length();
            addElements(parsed, false);
        }

        private void addElements(Document document, boolean attachment) {
            for (Element element : document.select(ELEMENTS)) {
                if (full()) {
                    return;
                }
                addElement(element, attachment);
            }
        }

        private void addElement(Element element, boolean attachment) {
            String tag = element.normalName();
            Source source;
            String attribute;
            Optional<String> linkText = Optional.empty();
            switch (tag) {
                case "a", "area" -> {
                    source = Source.HREF;
                    attribute = "href";
                    linkText = Optional.of(tag.equals("a") ? element.text() : element.attr("alt"));
                }
                case "form" -> {
                    source = Source.FORM_ACTION;
                    attribute = "action";
                }
                case "input", "button" -> {
                    source = Source.FORM_ACTION;
                    attribute = "formaction";
                }
                case "meta" -> {
                    if (!element.attr("http-equiv").equalsIgnoreCase("refresh")) {
                        return;
                    }
                    Matcher target = REFRESH_URL.matcher(element.attr("content"));
                    if (target.find()) {
                        add(resolve(element, target.group(1), Optional.empty()), attachment ? Source.HTML_ATTACHMENT : Source.HREF,
                                Optional.empty(), false);
                    }
                    return;
                }
                default -> {
                    source = Source.SRC;
                    attribute = "src";
                }
            }
            add(resolve(element, element.attr(attribute), Optional.of(attribute)), attachment ? Source.HTML_ATTACHMENT : source,
                    linkText, source == Source.FORM_ACTION);
        }

        /** The attribute's URL as written when absolute, else resolved against {@code <base href>}; empty when relative. */
        private static Optional<String> resolve(Element element, String value, Optional<String> attribute) {
            String target = value.strip();
            if (target.isEmpty() || target.startsWith("#")) {
                return Optional.empty();
            }
            if (HAS_SCHEME.matcher(target).find() || target.startsWith("//") || target.startsWith("\\\\")) {
                return Optional.of(target);
            }
            String absolute = attribute.map(element::absUrl).orElse("");
            return absolute.isEmpty() ? Optional.empty() : Optional.of(absolute);
        }

        void addText(String text, Source source) {
            if (budget <= 0 || full()) {
                return;
            }
            String scanned = take(text);
            // A URL never spans white space (URL_CHARS excludes it): only the runs that could hold one are matched,
            // which spares the expression the plain words of the text.
            Matcher candidate = TEXT_URL.matcher(scanned);
            int length = scanned.length();
            int start = 0;
            while (start < length && !full()) {
                while (start < length && Character.isWhitespace(scanned.charAt(start))) {
                    start++;
                }
                int end = start;
                while (end < length && !Character.isWhitespace(scanned.charAt(end))) {
                    end++;
                }
                if (end > start && mayHoldUrl(scanned, start, end)) {
                    candidate.region(start, end);
                    candidate.useTransparentBounds(true);
                    while (candidate.find() && !full()) {
                        String url = trimTrailing(candidate.group());
                        String named = candidate.group("named");
                        if (named == null || acceptedWithoutScheme(url, named)) {
                            add(Optional.of(url), source, Optional.empty(), false);
                        }
                    }
                }
                start = end;
            }
        }

        /** A run of text without a dot, a colon or a defanged dot cannot hold a URL the expression accepts. */
        private static boolean mayHoldUrl(String text, int start, int end) {
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c == '.' || c == ':' || c == '(' || c == '[' || c == '{') {
                    return true;
                }
            }
            return false;
        }

        /** {@code www.} names, names with a path and defanged names, whose suffix is public: not {@code report.pdf}. */
        private static boolean acceptedWithoutScheme(String url, String named) {
            boolean defanged = DEFANGED_DOT.matcher(named).find();
            String name = DEFANGED_DOT.matcher(named).replaceAll(".").toLowerCase(Locale.ROOT);
            boolean www = name.startsWith("www.");
            boolean withPath = url.length() > named.length();
            return (www || withPath || defanged) && Domains.isUnderPublicSuffix(name);
        }

        private void add(Optional<String> target, Source source, Optional<String> linkText, boolean formAction) {
            if (target.isEmpty()) {
                return;
            }
            Optional<ExtractedUrl> parsed = ExtractedUrl.parse(target.get(), source, linkText);
            if (parsed.isEmpty()) {
                return;
            }
            ExtractedUrl url = formAction ? parsed.get().withFlag(Flag.FORM_ACTION) : parsed.get();
            String identity = url.identity();
            ExtractedUrl kept = found.get(identity);
            if (kept == null) {
                found.put(identity, url);
            } else if (url.linkText().flatMap(LinkText::shownHost).isPresent()
                    && kept.linkText().flatMap(LinkText::shownHost).isEmpty()) {
                // a link shown as a domain elsewhere must not hide behind its first, innocent-looking copy
                found.put(identity, kept.withLinkText(url.linkText()));
            }
        }

        private boolean full() {
            return found.size() >= MAX_URLS;
        }

        private String take(String text) {
            String scanned = text.length() > budget ? text.substring(0, budget) : text;
            budget -= scanned.length();
            return scanned;
        }

        private static String trimTrailing(String url) {
            String trimmed = TRAILING.matcher(url).replaceAll("");
            while (!trimmed.isEmpty() && unbalanced(trimmed)) {
                trimmed = TRAILING.matcher(trimmed.substring(0, trimmed.length() - 1)).replaceAll("");
            }
            return trimmed;
        }

        /** A closing bracket at the end with no opening one inside: it belongs to the sentence, not the URL. */
        private static boolean unbalanced(String url) {
            char last = url.charAt(url.length() - 1);
            char open = last == ')' ? '(' : last == ']' ? '[' : 0;
            if (open == 0) {
                return false;
            }
            long opened = url.chars().filter(c -> c == open).count();
            long closed = url.chars().filter(c -> c == last).count();
            return closed > opened;
        }
    }
}
