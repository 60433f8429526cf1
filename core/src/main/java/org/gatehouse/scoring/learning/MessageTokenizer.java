package org.gatehouse.scoring.learning;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.Attachment;
import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.message.TextPart;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * Turns a parsed message into the distinct tokens the classifier learns and weighs: words of the subject and of the
 * readable text, words of HTML-hidden text, link hosts, and header and structure tokens (the header field names
 * present, From, Reply-To and Message-ID domains, mailer, priority, precedence, content type,
 * charsets, attachment types). Every token is lower case and counted once per message; words shorter than
 * {@value #MIN_WORD_LENGTH} characters are dropped, words longer than {@value #MAX_WORD_LENGTH} become one
 * {@code skip:} token, and at most {@code maxTokens} tokens are taken (header and subject tokens first).
 * <p>
 * Fields added on the way ({@link #TRACE_FIELDS}: Received, Return-Path, Delivered-To, Authentication-Results...)
 * are not tokenized by name, since a copy learnt from a mailbox has more of them than the message scored at the
 * gateway; nor are verdicts ({@code X-Gatehouse-*}, {@code X-Spam-*}): the classifier must not learn its own or
 * another filter's decisions.
 */
public final class MessageTokenizer {
    public static final int DEFAULT_MAX_TOKENS = 1000;
    static final int MIN_WORD_LENGTH = 3;
    static final int MAX_WORD_LENGTH = 20;
    static final int MAX_TEXT_CHARS = 200_000;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}$€£'’!_-]+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^['’_!-]+|['’_-]+$");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*:(?://)?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]+]");
    private static final Pattern MESSAGE_ID_DOMAIN = Pattern.compile("@([^<>@\\s]+)>\\s*$");
    private static final HashFunction TOKEN_HASH = Hashing.murmur3_128();
    static final Set<String> TRACE_FIELDS = Set.of("received", "return-path", "delivered-to", "x-original-to",
        "authentication-results", "arc-authentication-results", "received-spf", "delivery-date", "x-keywords", "x-status",
        "status", "x-uid", "envelope-to", "x-envelope-from", "x-envelope-to");
    private static final int MAX_FIELD_NAME_LENGTH = 40;

    private final int maxTokens;

    public MessageTokenizer() {
        this(DEFAULT_MAX_TOKENS);
    }

    public MessageTokenizer(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    /** The message's distinct tokens, header and subject tokens first, at most {@code maxTokens}. */
    public Set<String> tokens(ParsedMessage message) {
        Tokens tokens = new Tokens(maxTokens);
        headerTokens(message, tokens);
        words(message.subject(), "subject:", tokens);
        message.links().forEach(link -> host(link).ifPresent(host -> linkTokens(host, tokens)));
        words(bounded(message.readableText()), "", tokens);
        message.htmlParts().forEach(part -> words(bounded(part.hiddenText()), "hidden:", tokens));
        return tokens.found;
    }

    /** The 64-bit hash under which a token is stored: the first 64 bits of its UTF-8 bytes' murmur3_128. */
    public static long hash(String token) {
        return TOKEN_HASH.hashBytes(token.getBytes(StandardCharsets.UTF_8)).asLong();
    }

    public static Set<Long> hashes(Collection<String> tokens) {
        Set<Long> hashes = new LinkedHashSet<>();
        tokens.forEach(token -> hashes.add(hash(token)));
        return hashes;
    }

    private static void headerTokens(ParsedMessage message, Tokens tokens) {
        message.headers().stream()
            .map(field -> lower(field.name()))
            .filter(name -> name.length() <= MAX_FIELD_NAME_LENGTH && !TRACE_FIELDS.contains(name)
                && !name.startsWith("x-gatehouse-") && !name.startsWith("x-spam-"))
            .forEach(name -> tokens.add("field:" + name));
        firstWord(message.header("X-Priority")).ifPresent(priority -> tokens.add("priority:" + priority));
        firstWord(message.header("Precedence")).ifPresent(precedence -> tokens.add("precedence:" + precedence));
        firstWord(message.header("Content-Type")).ifPresent(type -> tokens.add("content-type:" + type));
        domainToken("from:", message.from(), tokens);
        domainToken("reply-to:", message.replyTo(), tokens);
        message.header("Message-ID").map(MESSAGE_ID_DOMAIN::matcher).filter(Matcher::find)
            .ifPresentOrElse(domain -> tokens.add("message-id:" + lower(domain.group(1))), () -> tokens.add("message-id:none"));
        firstWord(message.header("X-Mailer").or(() -> message.header("User-Agent")))
            .ifPresent(name -> tokens.add("mailer:" + name));
        if (message.to().isEmpty()) {
            tokens.add("to:none");
        }
        for (TextPart part : message.textParts()) {
            tokens.add("charset:" + lower(part.charset()));
        }
        for (HtmlPart part : message.htmlParts()) {
            tokens.add("charset:" + lower(part.charset()));
            tokens.add("part:text/html");
        }
        if (!message.textParts().isEmpty()) {
            tokens.add("part:text/plain");
        }
        if (message.imageCount() > 0) {
            tokens.add("images:" + (message.imageCount() == 1 ? "1" : message.imageCount() <= 5 ? "2-5" : "more"));
        }
        for (Attachment attachment : message.attachments()) {
            tokens.add("attachment:" + lower(attachment.contentType()));
            attachment.filename().map(MessageTokenizer::extension).ifPresent(extension -> tokens.add("attachment-ext:" + extension));
        }
        if (!message.problems().isEmpty()) {
            tokens.add("mime:problems");
        }
    }

    /** The value's first word (up to a blank, '(' or ';'), lower case, when it is short enough to be a token. */
    private static Optional<String> firstWord(Optional<String> value) {
        return value.map(text -> lower(text.trim()).split("[\\s(;]+", 2)[0])
            .filter(word -> !word.isEmpty() && word.length() <= MAX_FIELD_NAME_LENGTH);
    }

    private static void domainToken(String prefix, List<String> addresses, Tokens tokens) {
        addresses.stream().findFirst()
            .map(address -> address.substring(address.lastIndexOf('@') + 1))
            .ifPresent(domain -> tokens.add(prefix + domain));
    }

    private static void linkTokens(String host, Tokens tokens) {
        tokens.add("url:" + host);
        String[] labels = host.split("\\.");
        if (labels.length > 2 && !host.startsWith("[") && !Character.isDigit(host.charAt(host.length() - 1))) {
            tokens.add("url:" + labels[labels.length - 2] + "." + labels[labels.length - 1]);
        }
    }

    /** The host of a link: scheme and user info dropped; {@code mailto:} and malformed targets have none. */
    static Optional<String> host(String link) {
        String target = lower(link.trim());
        if (target.startsWith("mailto:")) {
            return Optional.empty();
        }
        Matcher scheme = SCHEME.matcher(target);
        String rest = scheme.find() ? target.substring(scheme.end()) : target;
        int end = 0;
        while (end < rest.length() && "/?#\\".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host = authority.startsWith("[") ? authority.substring(0, authority.indexOf(']') + 1)
            : authority.split(":", 2)[0];
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return HOST.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }

    private static void words(String text, String prefix, Tokens tokens) {
        Matcher word = WORD.matcher(text);
        while (word.find() && !tokens.full()) {
            String cleaned = EDGE_PUNCTUATION.matcher(lower(word.group())).replaceAll("");
            int length = cleaned.codePointCount(0, cleaned.length());
            if (length > MAX_WORD_LENGTH) {
                tokens.add(prefix + "skip:" + cleaned.substring(0, cleaned.offsetByCodePoints(0, 1)) + ":" + (length / 10 * 10));
            } else if (length >= MIN_WORD_LENGTH) {
                tokens.add(prefix + cleaned);
            }
        }
    }

    private static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        String extension = dot < 0 ? "" : lower(filename.substring(dot + 1).trim());
        return extension.isEmpty() || extension.length() > 10 ? "none" : extension;
    }

    private static String bounded(String text) {
        return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    }

    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** Distinct tokens in order of appearance, up to a bound. */
    private static final class Tokens {
        private final Set<String> found = new LinkedHashSet<>();
        private final int max;

        private Tokens(int max) {
            this.max = max;
        }

        void add(String token) {
            if (!full()) {
                found.add(token);
            }
        }

        boolean full() {
            return found.size() >= max;
        }
    }
}
