package org.gatehouse.phishing;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.collect.Sets;

/**
 * One URL found in a message, read the way a browser would read it (never fetched), so the phishing signals judge
 * the host the reader actually lands on: user info, encoded IP addresses, punycode and defanging undone.
 *
 * @param raw the text as found (tabs and line breaks removed, at most {@value #MAX_RAW_CHARS} characters)
 * @param scheme lower case: {@code http}, {@code https}, {@code ftp}, {@code data}, {@code javascript} or {@code vbscript}
 * @param host the host in lower-case Unicode (IDN decoded; IPv4 literals in dotted decimal, IPv6 in brackets);
 *        empty for {@code data:} and {@code javascript:} URLs and hosts that are not names
 * @param asciiHost the same host as it goes on the wire (punycode {@code xn--} labels)
 * @param path the path, {@code ""} when none; for {@code data:} and {@code javascript:} the opaque rest (abbreviated)
 * @param query the query without {@code ?}, {@code ""} when none
 * @param source where the URL was found
 * @param linkText the visible text of the {@code <a>} or {@code <area alt>}, when it has one
 * @param flags the tricks and facts met while reading it
 */
public record ExtractedUrl(String raw, String scheme, Optional<String> host, Optional<String> asciiHost, String path,
                           String query, Source source, Optional<String> linkText, Set<Flag> flags) {
    /** Raw text beyond this many characters is cut (inline {@code data:} images run to megabytes). */
    public static final int MAX_RAW_CHARS = 2048;
    static final int MAX_LINK_TEXT_CHARS = 200;

    /** Where in the message a URL was found. */
    public enum Source {
        /** {@code <a href>} or {@code <area href>} in the message HTML. */
        HREF,
        /** {@code <img src>}, {@code <iframe src>} or {@code <frame src>} in the message HTML. */
        SRC,
        /** {@code <form action>} (or a button's {@code formaction}) in the message HTML. */
        FORM_ACTION,
        /** The text of a plain-text part or the visible text of an HTML part. */
        TEXT,
        /** Anywhere in an attached HTML file (links, forms, images, a meta refresh). */
        HTML_ATTACHMENT
    }

    /** What was met while reading a URL. */
    public enum Flag {
        /** Written defanged: {@code hxxp://}, {@code [.]}, {@code (dot)}, {@code [:]}. */
        OBFUSCATED,
        /** User info before the host ({@code http://www.paypal.com@evil.example/}): the real host is after the {@code @}. */
        CREDENTIALS,
        /** The host is an IP address. */
        IP_LITERAL,
        /** An IPv4 host not written in dotted decimal: a decimal, hex or octal number or a short form. */
        ENCODED_IP,
        /** The host has a punycode ({@code xn--}) label on the wire, written so or in Unicode. */
        PUNYCODE,
        /** The host was percent-encoded. */
        PERCENT_ENCODED_HOST,
        /** A {@code data:} URL. */
        DATA,
        /** A {@code javascript:} or {@code vbscript:} URL. */
        JAVASCRIPT,
        /** Written without a scheme ({@code www.example.com}, {@code example.com/login}); read as http. */
        NO_SCHEME,
        /** The target of a form (said by the source for the message HTML, by this flag for attachments too). */
        FORM_ACTION
    }

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]{0,31}):");
    private static final Pattern DEFANGED = Pattern.compile(
            "(?i)\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)|\\[:\\]|\\[://\\]|^h[x*]{2}p(s?):");
    private static final Pattern WHITESPACE_INSIDE = Pattern.compile("[\\t\\r\\n]");
    private static final Pattern ASCII_HOST = Pattern.compile("[a-z0-9_-]+(?:\\.[a-z0-9_-]+)*");
    private static final Set<String> HIERARCHICAL = Set.of("http", "https", "ftp");
    private static final Set<String> SCRIPTED = Set.of("javascript", "vbscript");

    public ExtractedUrl {
        Objects.requireNonNull(raw);
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(host);
        Objects.requireNonNull(asciiHost);
        Objects.requireNonNull(path);
        Objects.requireNonNull(query);
        Objects.requireNonNull(source);
        Objects.requireNonNull(linkText);
        flags = flags.isEmpty() ? Set.of() : Sets.immutableEnumSet(flags);
    }

    /**
     * Reads one URL as a browser would, or nothing when it is not a web, data or script URL (mailto:, tel:, cid:,
     * relative references, unknown schemes). Text without a scheme is read as http and flagged {@link Flag#NO_SCHEME}.
     */
    public static Optional<ExtractedUrl> parse(String text, Source source, Optional<String> linkText) {
        boolean breaks = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\t') >= 0;
        String cleaned = (breaks ? WHITESPACE_INSIDE.matcher(text).replaceAll("") : text).strip();
        if (cleaned.length() > MAX_RAW_CHARS) {
            cleaned = cleaned.substring(0, MAX_RAW_CHARS);
        }
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        String url = cleaned;
        if (mayBeDefanged(url) && DEFANGED.matcher(url).find()) {
            flags.add(Flag.OBFUSCATED);
            url = refang(url);
        }
        String scheme;
        String rest;
        Matcher declared = SCHEME.matcher(url);
        if (declared.find() && !declared.group(1).contains(".")) {
            scheme = declared.group(1).toLowerCase(Locale.ROOT);
            rest = url.substring(declared.end());
        } else if (url.startsWith("//")) {
            scheme = "http";
            rest = url;
        } else {
            scheme = "http";
            rest = url;
            flags.add(Flag.NO_SCHEME);
        }
        Optional<String> shown = linkText.map(String::strip).filter(shownText -> !shownText.isEmpty())
                .map(shownText -> shownText.length() > MAX_LINK_TEXT_CHARS ? shownText.substring(0, MAX_LINK_TEXT_CHARS) : shownText);
        if (scheme.equals("data") || SCRIPTED.contains(scheme)) {
            flags.add(scheme.equals("data") ? Flag.DATA : Flag.JAVASCRIPT);
            String opaque = rest.length() > 200 ? rest.substring(0, 200) : rest;
            return Optional.of(new ExtractedUrl(cleaned, scheme, Optional.empty(), Optional.empty(), opaque, "", source, shown, flags));
        }
        if (!HIERARCHICAL.contains(scheme)) {
            return Optional.empty();
        }
        return Optional.of(hierarchical(cleaned, scheme, rest, source, shown, flags));
    }

    /** The registrable domain of the host (see {@link Domains#registrable(String)}), when there is a host. */
    public Optional<String> registrableDomain() {
        return asciiHost.map(Domains::registrable);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** Scheme, host, path and query: what makes two URLs the same link (duplicates collapse on it). */
    String identity() {
        return scheme + "://" + (has(Flag.CREDENTIALS) ? "@" : "") + asciiHost.orElse("") + path + (query.isEmpty() ? "" : "?" + query)
                + (has(Flag.OBFUSCATED) ? " obfuscated" : "");
    }

    ExtractedUrl withLinkText(Optional<String> text) {
        return new ExtractedUrl(raw, scheme, host, asciiHost, path, query, source, text, flags);
    }

    ExtractedUrl withFlag(Flag flag) {
        EnumSet<Flag> more = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        more.add(flag);
        return new ExtractedUrl(raw, scheme, host, asciiHost, path, query, source, linkText, more);
    }

    private static ExtractedUrl hierarchical(String raw, String scheme, String rest, Source source, Optional<String> linkText,
                                             EnumSet<Flag> flags) {
        int start = 0;
        // browsers read any run of slashes and backslashes after the scheme as "//"
        while (start < rest.length() && (rest.charAt(start) == '/' || rest.charAt(start) == '\\')) {
            start++;
        }
        int end = start;
        while (end < rest.length() && "/\\?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(start, end);
        String remainder = rest.substring(end).replace('\\', '/');
        int fragment = remainder.indexOf('#');
        if (fragment >= 0) {
            remainder = remainder.substring(0, fragment);
        }
        int question = remainder.indexOf('?');
        String path = question >= 0 ? remainder.substring(0, question) : remainder;
        String query = question >= 0 ? remainder.substring(question + 1) : "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            flags.add(Flag.CREDENTIALS);
            authority = authority.substring(at + 1);
        }
        Optional<String[]> hosts = host(authority, flags);
        return new ExtractedUrl(raw, scheme, hosts.map(names -> names[0]), hosts.map(names -> names[1]), path, query, source,
                linkText, flags);
    }

    /** The Unicode and ASCII forms of the host of an authority (user info removed), or empty when it is no host. */
    private static Optional<String[]> host(String authority, EnumSet<Flag> flags) {
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
            flags.add(Flag.IP_LITERAL);
            return Optional.of(new String[] {host, host});
        }
        int colon = authority.lastIndexOf(':');
        host = colon >= 0 ? authority.substring(0, colon) : authority;
        if (host.indexOf('%') >= 0) {
            flags.add(Flag.PERCENT_ENCODED_HOST);
            host = percentDecode(host);
        }
        host = host.strip().toLowerCase(Locale.ROOT);
        // the ideographic and fullwidth full stops separate labels too (IDNA)
        host = host.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.'); // ideographic, fullwidth and halfwidth ideographic full stops
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ipv4 = Ipv4.parse(host);
        if (ipv4.isPresent()) {
            flags.add(Flag.IP_LITERAL);
            if (!ipv4.get().equals(host)) {
                flags.add(Flag.ENCODED_IP);
            }
            return Optional.of(new String[] {ipv4.get(), ipv4.get()});
        }
        String ascii;
        String unicode;
        if (plainAscii(host)) {
            // nothing for IDNA to map or decode: the common case, without its cost
            ascii = host;
            unicode = host;
        } else {
            try {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
                unicode = IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException invalid) {
                return Optional.empty();
            }
        }
        if (!ASCII_HOST.matcher(ascii).matches()) {
            return Optional.empty();
        }
        if (ascii.startsWith("xn--") || ascii.contains(".xn--")) {
            flags.add(Flag.PUNYCODE);
        }
        return Optional.of(new String[] {unicode, ascii});
    }

    /** Lower-case letters, digits, hyphens and dots, no empty or over-long label, no punycode label. */
    private static boolean plainAscii(String host) {
        int label = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0 && !host.startsWith("xn--") && !host.contains(".xn--");
    }

    /** Only a URL with a bracket, a parenthesis, a brace or an h..p scheme can hold a defanged form. */
    private static boolean mayBeDefanged(String url) {
        return url.indexOf('[') >= 0 || url.indexOf('(') >= 0 || url.indexOf('{') >= 0
            || url.length() > 3 && (url.charAt(0) == 'h' || url.charAt(0) == 'H') && "xX*".indexOf(url.charAt(1)) >= 0;
    }

    private static String refang(String url) {
        String separators = url.replace("[://]", "://").replace("[:]", ":").replace("[.]", ".").replace("(.)", ".").replace("{.}", ".")
                .replaceAll("(?i)\\[dot\\]|\\(dot\\)", ".");
        return separators.replaceFirst("(?i)^h[x*]{2}p(s?):", "http$1:");
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
