package org.gatehouse.phishing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.gatehouse.message.HtmlAttachment;
import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.phishing.ExtractedUrl.Flag;
import org.gatehouse.phishing.ExtractedUrl.Source;
import org.gatehouse.verdict.Finding;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The phishing signals of a message's URLs, each a {@link Finding} with check {@code phishing}, result {@code hit},
 * a score contribution and no action (the tenant's phishing policy decides the action). One finding per rule, naming
 * how many URLs offend and the first offending host (never a whole URL: queries carry tracking tokens). A URL whose
 * host, registrable domain or any parent of it is exempt gives no signal.
 *
 * <table>
 * <caption>Rule ids and default weights</caption>
 * <tr><th>Rule id</th><th>Weight</th><th>Fires when</th></tr>
 * <tr><td>{@value #LINK_TEXT_MISMATCH}</td><td>25</td><td>a link's visible text shows a host name whose registrable
 *     domain differs from the one the link leads to</td></tr>
 * <tr><td>{@value #IP_LITERAL_URL}</td><td>15</td><td>a URL's host is an IP address (any form)</td></tr>
 * <tr><td>{@value #URL_CREDENTIALS}</td><td>25</td><td>user info before the host ({@code http://paypal.com@evil.example/})</td></tr>
 * <tr><td>{@value #URL_SHORTENER}</td><td>5</td><td>a link through a shortener of {@code url-shorteners.txt}</td></tr>
 * <tr><td>{@value #PUNYCODE_URL}</td><td>10</td><td>a host with a punycode ({@code xn--}) label</td></tr>
 * <tr><td>{@value #SUSPICIOUS_PATH}</td><td>15</td><td>a login word in the path, query or subdomain with a brand word in
 *     the path or subdomain of another domain than the brand's, or a brand domain as subdomain
 *     ({@code paypal.com.evil.example})</td></tr>
 * <tr><td>{@value #DATA_URL}</td><td>20</td><td>a {@code data:} URL other than an image in {@code src}</td></tr>
 * <tr><td>{@value #JAVASCRIPT_URL}</td><td>20</td><td>a {@code javascript:}/{@code vbscript:} URL other than
 *     {@code javascript:void(0)} and {@code javascript:;}</td></tr>
 * <tr><td>{@value #FORM_IN_MAIL}</td><td>10</td><td>a {@code <form>} in the message HTML</td></tr>
 * <tr><td>{@value #HTML_ATTACHMENT_FORM}</td><td>30</td><td>an HTML attachment with a form posting somewhere or a
 *     password input</td></tr>
 * <tr><td>{@value #OBFUSCATED_URL}</td><td>5</td><td>a defanged URL ({@code hxxp://}, {@code [.]}, {@code (dot)})</td></tr>
 * </table>
 */
public final class UrlSignals {
    public static final String CHECK = "phishing";
    public static final String LINK_TEXT_MISMATCH = "PHISH_LINK_TEXT_MISMATCH";
    public static final String IP_LITERAL_URL = "PHISH_IP_LITERAL_URL";
    public static final String URL_CREDENTIALS = "PHISH_URL_CREDENTIALS";
    public static final String URL_SHORTENER = "PHISH_URL_SHORTENER";
    public static final String PUNYCODE_URL = "PHISH_PUNYCODE_URL";
    public static final String SUSPICIOUS_PATH = "PHISH_SUSPICIOUS_PATH";
    public static final String DATA_URL = "PHISH_DATA_URL";
    public static final String JAVASCRIPT_URL = "PHISH_JAVASCRIPT_URL";
    public static final String FORM_IN_MAIL = "PHISH_FORM_IN_MAIL";
    public static final String HTML_ATTACHMENT_FORM = "PHISH_HTML_ATTACHMENT_FORM";
    public static final String OBFUSCATED_URL = "PHISH_OBFUSCATED_URL";

    /** Default weights, in the order findings are listed. */
    public static final Map<String, Double> DEFAULT_WEIGHTS = defaultWeights();

    /** Brands phishing kits name in paths and subdomains; a brand is not suspicious on its own registrable domain. */
    static final List<String> BRANDS = List.of(
            "paypal", "apple", "appleid", "icloud", "microsoft", "office365", "outlook", "onedrive", "sharepoint", "hotmail",
            "google", "gmail", "amazon", "netflix", "facebook", "instagram", "whatsapp", "linkedin", "dropbox", "docusign",
            "adobe", "chase", "wellsfargo", "bankofamerica", "citibank", "hsbc", "barclays", "santander", "natwest",
            "dhl", "fedex", "usps", "americanexpress", "amex", "mastercard", "visa", "ebay", "coinbase", "binance",
            "metamask", "yahoo", "aol", "irs", "hmrc", "spotify", "steam", "roblox", "walmart");
    /** Words of login and account pages, matched inside path, query and subdomain words. */
    static final List<String> LOGIN_WORDS = List.of(
            "login", "logon", "signin", "verify", "verification", "update", "secure", "account", "password", "passwd",
            "unlock", "confirm", "validate", "suspend", "billing", "webscr", "authenticat", "recover", "reactivat");
    private static final String SHORTENERS_RESOURCE = "url-shorteners.txt";
    private static final Set<String> SHORTENERS = loadShorteners();

    private final Set<String> exemptDomains;

    /** @param exemptDomains domains (and their subdomains) whose URLs give no signal, e.g. the tenant's own */
    public UrlSignals(Set<String> exemptDomains) {
        this.exemptDomains = exemptDomains.stream().map(UrlSignals::asciiName).collect(Collectors.toUnmodifiableSet());
    }

    /** The shipped URL shortener list ({@code url-shorteners.txt}). */
    public static Set<String> shorteners() {
        return SHORTENERS;
    }

    /** The findings for the message's URLs (as {@link MessageUrls#extract} gives them), in the order of the rule table. */
    public List<Finding> findings(List<ExtractedUrl> urls, ParsedMessage message) {
        List<ExtractedUrl> judged = urls.stream().filter(url -> !exempt(url)).toList();
        List<Finding> findings = new ArrayList<>();
        linkTextMismatch(judged).ifPresent(findings::add);
        count(judged, url -> url.has(Flag.IP_LITERAL), url -> url.host().orElseThrow(),
                (n, host) -> plural(n, "link") + " to an IP address: " + host).map(reason -> finding(IP_LITERAL_URL, reason))
                .ifPresent(findings::add);
        count(judged, url -> url.has(Flag.CREDENTIALS) && url.host().isPresent(), url -> url.host().orElseThrow(),
                (n, host) -> plural(n, "link") + " with user info before the host; the real host is " + host)
                .map(reason -> finding(URL_CREDENTIALS, reason)).ifPresent(findings::add);
        count(judged, this::shortened, url -> url.host().orElseThrow(),
                (n, host) -> plural(n, "link") + " through a URL shortener: " + host).map(reason -> finding(URL_SHORTENER, reason))
                .ifPresent(findings::add);
        count(judged, url -> url.has(Flag.PUNYCODE), url -> url.host().orElseThrow() + " (" + url.asciiHost().orElseThrow() + ")",
                (n, host) -> plural(n, "link") + " to a punycode host: " + host).map(reason -> finding(PUNYCODE_URL, reason))
                .ifPresent(findings::add);
        java.util.Map<ExtractedUrl, Optional<String>> dressed = new java.util.IdentityHashMap<>();
        count(judged, url -> dressed.computeIfAbsent(url, UrlSignals::suspiciousPath).isPresent(), url -> dressed.get(url).orElseThrow(),
                (n, what) -> plural(n, "link") + " dressed as a brand's login page: " + what)
                .map(reason -> finding(SUSPICIOUS_PATH, reason)).ifPresent(findings::add);
        count(judged, UrlSignals::suspiciousData, url -> mediaType(url),
                (n, type) -> plural(n, "data: URL") + " (" + type + ")").map(reason -> finding(DATA_URL, reason))
                .ifPresent(findings::add);
        count(judged, UrlSignals::script, url -> url.scheme() + ":",
                (n, scheme) -> plural(n, "script URL") + " (" + scheme + ")").map(reason -> finding(JAVASCRIPT_URL, reason))
                .ifPresent(findings::add);
        formInMail(message).ifPresent(findings::add);
        htmlAttachmentForm(judged, message).ifPresent(findings::add);
        count(judged, url -> url.has(Flag.OBFUSCATED), url -> url.host().orElse(url.scheme() + ":"),
                (n, host) -> plural(n, "defanged link") + ": " + host).map(reason -> finding(OBFUSCATED_URL, reason))
                .ifPresent(findings::add);
        return List.copyOf(findings);
    }

    private boolean exempt(ExtractedUrl url) {
        return url.asciiHost().filter(host -> Domains.hostOrParentIn(host, exemptDomains)).isPresent();
    }

    private Optional<Finding> linkTextMismatch(List<ExtractedUrl> urls) {
        int count = 0;
        String first = "";
        for (ExtractedUrl url : urls) {
            if (url.asciiHost().isEmpty() || url.linkText().isEmpty()) {
                continue;
            }
            Optional<String> shown = url.linkText().flatMap(LinkText::shownHost);
            if (shown.isPresent() && !Domains.registrable(shown.get()).equals(url.registrableDomain().orElseThrow())) {
                if (count++ == 0) {
                    first = "show " + unicode(shown.get()) + " but lead to " + url.host().orElseThrow();
                }
            }
        }
        return count == 0 ? Optional.empty() : Optional.of(finding(LINK_TEXT_MISMATCH, plural(count, "link") + " " + first));
    }

    private boolean shortened(ExtractedUrl url) {
        return url.asciiHost().filter(host -> Domains.hostOrParentIn(host, SHORTENERS)).isPresent();
    }

    /** The brand and host when a URL looks like a brand's login page away from the brand's domain. */
    static Optional<String> suspiciousPath(ExtractedUrl url) {
        if (url.asciiHost().isEmpty() || url.has(Flag.DATA) || url.has(Flag.JAVASCRIPT)) {
            return Optional.empty();
        }
        String host = url.asciiHost().get();
        String registrable = Domains.registrable(host);
        String subdomain = host.length() > registrable.length() ? host.substring(0, host.length() - registrable.length() - 1) : "";
        String ownName = registrable.split("\\.")[0];
        List<String> subdomainWords = words(subdomain);
        List<String> pathWords = words(url.path() + " " + url.query());
        String[] labels = subdomain.split("\\.");
        for (int i = 0; i + 1 < labels.length; i++) {
            // paypal.com.evil.example: a brand's own domain written as the subdomain of another
            if (BRANDS.contains(labels[i]) && !labels[i].equals(ownName) && Domains.isUnderPublicSuffix(labels[i] + "." + labels[i + 1])) {
                return Optional.of(labels[i] + "." + labels[i + 1] + " on " + url.host().orElseThrow());
            }
        }
        boolean login = pathWords.stream().anyMatch(UrlSignals::loginWord) || subdomainWords.stream().anyMatch(UrlSignals::loginWord);
        if (!login) {
            return Optional.empty();
        }
        for (String word : subdomainWords.isEmpty() ? pathWords : concat(subdomainWords, pathWords)) {
            Optional<String> brand = brandIn(word).filter(named -> !ownName.contains(named));
            if (brand.isPresent()) {
                return Optional.of(brand.get() + " on " + url.host().orElseThrow());
            }
        }
        return Optional.empty();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static Optional<String> brandIn(String word) {
        for (String brand : BRANDS) {
            // short brands must be whole words: "chase" is in "purchase", "ups" in "groups"
            if (word.equals(brand) || brand.length() >= 6 && (word.startsWith(brand) || word.endsWith(brand))) {
                return Optional.of(brand);
            }
        }
        return Optional.empty();
    }

    private static boolean loginWord(String word) {
        for (String login : LOGIN_WORDS) {
            if (word.contains(login)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern NOT_WORD = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && words.size() < 200) {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean suspiciousData(ExtractedUrl url) {
        return url.has(Flag.DATA) && !(url.source() == Source.SRC && mediaType(url).startsWith("image/"));
    }

    private static String mediaType(ExtractedUrl url) {
        String opaque = url.path().toLowerCase(Locale.ROOT);
        int end = opaque.length();
        for (char stop : new char[] {';', ','}) {
            int at = opaque.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String type = opaque.substring(0, end).strip();
        return type.isEmpty() ? "text/plain" : type.length() > 60 ? type.substring(0, 60) : type;
    }

    private static boolean script(ExtractedUrl url) {
        if (!url.has(Flag.JAVASCRIPT)) {
            return false;
        }
        String body = url.path().replace(" ", "").toLowerCase(Locale.ROOT);
        return !(body.isEmpty() || body.equals(";") || body.equals("void(0)") || body.equals("void(0);") || body.equals("void0"));
    }

    /** A form in the message HTML whose action is not exempt (a form without an action counts). */
    private Optional<Finding> formInMail(ParsedMessage message) {
        int forms = 0;
        String first = "";
        for (HtmlPart part : message.htmlParts()) {
            if (!part.html().toLowerCase(Locale.ROOT).contains("<form")) {
                continue;
            }
            for (Element form : Jsoup.parse(part.html()).select("form")) {
                String action = form.attr("action").strip();
                String target = action.isEmpty() || action.startsWith("#") ? "" : form.absUrl("action").isEmpty() ? action : form.absUrl("action");
                Optional<ExtractedUrl> url = target.isEmpty() ? Optional.empty()
                        : ExtractedUrl.parse(target, Source.FORM_ACTION, Optional.empty());
                if (url.filter(this::exempt).isEmpty()) {
                    if (forms++ == 0) {
                        first = url.map(posting -> " posting to " + posting.host().orElse(posting.scheme() + ":")).orElse("");
                    }
                }
            }
        }
        return forms == 0 ? Optional.empty() : Optional.of(finding(FORM_IN_MAIL, plural(forms, "form") + " in the message HTML" + first));
    }

    private Optional<Finding> htmlAttachmentForm(List<ExtractedUrl> judged, ParsedMessage message) {
        Optional<ExtractedUrl> posting = judged.stream()
                .filter(url -> url.source() == Source.HTML_ATTACHMENT && url.has(Flag.FORM_ACTION)).findFirst();
        if (posting.isPresent()) {
            return Optional.of(finding(HTML_ATTACHMENT_FORM, "an HTML attachment with a form posting to "
                    + posting.get().host().orElse(posting.get().scheme() + ":")));
        }
        for (HtmlAttachment attachment : message.htmlAttachments()) {
            if (attachment.html().toLowerCase(Locale.ROOT).contains("password")
                    && !Jsoup.parse(attachment.html()).select("input[type=password]").isEmpty()) {
                return Optional.of(finding(HTML_ATTACHMENT_FORM, "an HTML attachment "
                        + attachment.filename().map(name -> "(" + abbreviate(name) + ") ").orElse("") + "asks for a password"));
            }
        }
        return Optional.empty();
    }

    /** How many URLs pass the test, with the description of the first, as the finding's reason. */
    private static Optional<String> count(List<ExtractedUrl> urls, Predicate<ExtractedUrl> test,
                                          Function<ExtractedUrl, String> describe, Reason reason) {
        int count = 0;
        String first = "";
        for (ExtractedUrl url : urls) {
            if (test.test(url)) {
                if (count++ == 0) {
                    first = describe.apply(url);
                }
            }
        }
        return count == 0 ? Optional.empty() : Optional.of(reason.of(count, first));
    }

    /** The reason of a finding from the count of offending URLs and the description of the first. */
    @FunctionalInterface
    private interface Reason {
        String of(int count, String first);
    }

    private static Finding finding(String ruleId, String reason) {
        return Finding.of(ruleId, CHECK, "hit", reason).withScore(DEFAULT_WEIGHTS.get(ruleId));
    }

    private static String plural(int count, String noun) {
        return count == 1 ? "1 " + noun : count + " " + noun + "s";
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static String unicode(String ascii) {
        try {
            return IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException invalid) {
            return ascii;
        }
    }

    private static String asciiName(String domain) {
        String name = domain.strip().toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException invalid) {
            return name;
        }
    }

    private static Map<String, Double> defaultWeights() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put(LINK_TEXT_MISMATCH, 25.0);
        weights.put(IP_LITERAL_URL, 15.0);
        weights.put(URL_CREDENTIALS, 25.0);
        weights.put(URL_SHORTENER, 5.0);
        weights.put(PUNYCODE_URL, 10.0);
        weights.put(SUSPICIOUS_PATH, 15.0);
        weights.put(DATA_URL, 20.0);
        weights.put(JAVASCRIPT_URL, 20.0);
        weights.put(FORM_IN_MAIL, 10.0);
        weights.put(HTML_ATTACHMENT_FORM, 30.0);
        weights.put(OBFUSCATED_URL, 5.0);
        return Collections.unmodifiableMap(weights);
    }

    private static Set<String> loadShorteners() {
        try (InputStream in = UrlSignals.class.getResourceAsStream(SHORTENERS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SHORTENERS_RESOURCE);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(UrlSignals::asciiName).collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
