package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.gatehouse.message.ParsedMessage;

/**
 * The shipped scoring signals, one per rule id, each over a {@link ParsedMessage}: the message syntax, link and
 * wording rules here, then one class per further concern ({@link MuaSignals} the sending program,
 * {@link RelaySignals} the Received path, {@link CharsetSignals} the encoding, {@link BodySignals} disguised bulk
 * mail). Thresholds and phrase lists are in those classes and documented in docs/scoring.md; weights are in
 * {@code default-weights.properties}.
 */
public final class Signals {
    public static final String GTUBE = "GTUBE";
    public static final String DATE_MISSING = "DATE_MISSING";
    public static final String DATE_INVALID = "DATE_INVALID";
    public static final String MESSAGE_ID_MISSING = "MESSAGE_ID_MISSING";
    public static final String MESSAGE_ID_INVALID = "MESSAGE_ID_INVALID";
    public static final String RECEIVED_MISSING = "RECEIVED_MISSING";
    public static final String REPLY_TO_DOMAIN_MISMATCH = "REPLY_TO_DOMAIN_MISMATCH";
    public static final String HTML_ONLY = "HTML_ONLY";
    public static final String HTML_HIDDEN_TEXT = "HTML_HIDDEN_TEXT";
    public static final String IMAGE_ONLY_LITTLE_TEXT = "IMAGE_ONLY_LITTLE_TEXT";
    public static final String MANY_LINKS = "MANY_LINKS";
    public static final String IP_LITERAL_LINK = "IP_LITERAL_LINK";
    public static final String SUBJECT_ALL_CAPS = "SUBJECT_ALL_CAPS";
    public static final String MONEY_URGENCY_PHRASES = "MONEY_URGENCY_PHRASES";
    public static final String OBFUSCATED_WORDS = "OBFUSCATED_WORDS";
    public static final String MIME_MALFORMED = "MIME_MALFORMED";
    public static final String MONEY_URGENCY_MANY = "MONEY_URGENCY_MANY";
    public static final String TO_UNDISCLOSED = "TO_UNDISCLOSED";
    public static final String FROM_LOCALPART_DIGITS = "FROM_LOCALPART_DIGITS";
    public static final String SUBJECT_BAIT_PUNCTUATION = "SUBJECT_BAIT_PUNCTUATION";

    /** The GTUBE test string (SpamAssassin's Generic Test for Unsolicited Bulk Email). */
    static final String GTUBE_STRING = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** More distinct link targets than this is "many links". */
    static final int MANY_LINKS_THRESHOLD = 20;
    /** With an image, fewer readable characters than this is "little text". */
    static final int LITTLE_TEXT_CHARS = 200;
    /** Hidden text shorter than this is ignored (preheaders and spacers are short). */
    static final int HIDDEN_TEXT_CHARS = 20;
    /** Distinct money/urgency phrases needed to fire. */
    static final int PHRASES_THRESHOLD = 3;
    /** Distinct money/urgency phrases for the second, stronger rule. */
    static final int MANY_PHRASES_THRESHOLD = 5;
    /** Money and urgency phrases, matched case-insensitively on word boundaries in the subject and readable text. */
    static final List<String> MONEY_URGENCY = List.of(
            "act now", "act immediately", "limited time", "offer expires", "order now", "call now", "buy now",
            "click here", "click below", "apply now", "don't delay", "urgent", "immediately",
            "100% free", "absolutely free", "free gift", "risk free", "risk-free", "no obligation", "no cost",
            "money back", "guarantee", "guaranteed", "satisfaction guaranteed", "no credit check", "credit card",
            "make money", "extra income", "earn extra", "cash bonus", "fast cash", "million dollars", "$$$",
            "lowest price", "best price", "save big", "special promotion", "double your", "financial freedom",
            "work from home", "be your own boss", "you have been selected", "congratulations", "winner",
            "mortgage rates", "refinance", "lower your", "debt", "dear friend", "this is not spam", "remove me",
            "to be removed");
    /** Words spammers disguise with digit or symbol substitutions. */
    static final List<String> OBFUSCATION_TARGETS = List.of(
            "viagra", "cialis", "levitra", "pharmacy", "xanax", "valium", "casino", "mortgage", "porn", "sex",
            "free", "money", "cash", "credit", "loan", "bitcoin", "password", "account", "bank");

    private static final Pattern IP_HOST = Pattern.compile(
            "(?i)^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@?#]*@)?(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-f:.]+\\]|\\d{8,10}|0x[0-9a-f]{8})(?::\\d+)?(?:[/?#].*)?$");
    private static final Pattern LOCALPART_DIGITS = Pattern.compile("(?i)^[a-z]+\\d{3,}@.*");
    private static final Pattern URL_SCHEME = Pattern.compile("(?i)^(?:https?://|www\\.).*");
    private static final List<Pattern> PHRASE_PATTERNS = MONEY_URGENCY.stream()
            .map(phrase -> Pattern.compile("(?i)(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])"))
            .toList();
    private static final List<Pattern> OBFUSCATED = OBFUSCATION_TARGETS.stream().map(Signals::obfuscationPattern).toList();
    private static final List<boolean[]> FIRST_LETTERS = OBFUSCATION_TARGETS.stream().map(Signals::firstLetters).toList();
    private static final int[] FIRST_LETTER_TARGETS = firstLetterTargets();

    private Signals() {
    }

    /** Every shipped signal, in the order findings are listed. */
    public static List<Signal> all() {
        List<Signal> all = new ArrayList<>(content());
        all.addAll(MuaSignals.all());
        all.addAll(RelaySignals.all());
        all.addAll(CharsetSignals.all());
        all.addAll(BodySignals.all());
        return List.copyOf(all);
    }

    /** The first signals: message syntax, links, wording. */
    private static List<Signal> content() {
        return List.of(
                Signal.of(GTUBE, "The message contains the GTUBE test string; always scores 100.", Signals::gtube),
                Signal.of(DATE_MISSING, "No Date header (RFC 5322 requires one; mail clients always write it).",
                        message -> message.hasDate() ? Optional.empty() : Optional.of("no Date header")),
                Signal.of(DATE_INVALID, "A Date header that does not parse as an RFC 5322 date.", Signals::dateInvalid),
                Signal.of(MESSAGE_ID_MISSING, "No Message-ID header.",
                        message -> message.hasMessageId() ? Optional.empty() : Optional.of("no Message-ID header")),
                Signal.of(MESSAGE_ID_INVALID, "A Message-ID that is not of the form <left@right>.", Signals::messageIdInvalid),
                Signal.of(RECEIVED_MISSING, "No Received header: the message claims to have crossed no server.",
                        message -> message.received().isEmpty() ? Optional.of("no Received header") : Optional.empty()),
                Signal.of(REPLY_TO_DOMAIN_MISMATCH,
                        "Reply-To sends answers to another domain than From's (not counted for mailing lists, which do that by design).",
                        Signals::replyToMismatch),
                Signal.of(HTML_ONLY, "HTML body with no text/plain alternative.", Signals::htmlOnly),
                Signal.of(HTML_HIDDEN_TEXT,
                        "HTML text hidden from the reader (display:none, visibility:hidden, font-size:0, colour = background).",
                        Signals::hiddenText),
                Signal.ofWording(IMAGE_ONLY_LITTLE_TEXT, "Images with less than " + LITTLE_TEXT_CHARS + " characters of readable text.",
                        Signals::imageOnly),
                Signal.of(MANY_LINKS, "More than " + MANY_LINKS_THRESHOLD + " distinct link targets.", Signals::manyLinks),
                Signal.of(IP_LITERAL_LINK, "A link whose host is an IP address rather than a name.", Signals::ipLiteralLink),
                Signal.of(SUBJECT_ALL_CAPS, "A subject of at least 10 letters with no lower-case letter.", Signals::allCapsSubject),
                Signal.ofWording(MONEY_URGENCY_PHRASES, "At least " + PHRASES_THRESHOLD
                        + " distinct money or urgency phrases from the documented list.", Signals::moneyUrgency),
                Signal.ofWording(MONEY_URGENCY_MANY, "At least " + MANY_PHRASES_THRESHOLD
                        + " distinct money or urgency phrases (adds to MONEY_URGENCY_PHRASES).", Signals::moneyUrgencyMany),
                Signal.ofWording(OBFUSCATED_WORDS, "A spam-prone word written with digits or symbols for letters (v1agra, c@sh).",
                        Signals::obfuscatedWords),
                Signal.of(MIME_MALFORMED, "Structural problems while parsing: bad MIME, missing boundary, undecodable charset.",
                        message -> message.problems().isEmpty() ? Optional.empty()
                                : Optional.of(String.join("; ", message.problems().subList(0, Math.min(3, message.problems().size()))))),
                Signal.of(TO_UNDISCLOSED, "No To address, or an empty group such as undisclosed-recipients:;.",
                        message -> message.to().isEmpty() ? Optional.of("no recipient address in To: "
                                + message.header("To").orElse("(none)").trim()) : Optional.empty()),
                Signal.of(FROM_LOCALPART_DIGITS, "A From address whose local part is letters followed by 3+ digits, e.g. john4821@ "
                        + "(machine-generated throwaway senders).", Signals::fromDigits),
                Signal.of(SUBJECT_BAIT_PUNCTUATION, "A subject with an exclamation mark or a dollar sign.",
                        message -> message.subject().contains("!") || message.subject().contains("$")
                                ? Optional.of("subject: " + abbreviate(message.subject(), 60)) : Optional.empty()));
    }

    static Set<String> ruleIds() {
        return all().stream().map(Signal::ruleId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Optional<String> gtube(ParsedMessage message) {
        boolean found = message.textParts().stream().anyMatch(part -> part.text().contains(GTUBE_STRING))
                || message.htmlParts().stream().anyMatch(part -> part.html().contains(GTUBE_STRING));
        return found ? Optional.of("GTUBE test string in the body") : Optional.empty();
    }

    private static Optional<String> dateInvalid(ParsedMessage message) {
        if (message.hasDate() && message.date().isEmpty()) {
            return Optional.of("Date header does not parse: " + message.header("Date").orElse(""));
        }
        return Optional.empty();
    }

    private static Optional<String> messageIdInvalid(ParsedMessage message) {
        if (message.hasMessageId() && !message.hasValidMessageId()) {
            return Optional.of("Message-ID is not <left@right>: " + message.header("Message-ID").orElse(""));
        }
        return Optional.empty();
    }

    private static Optional<String> replyToMismatch(ParsedMessage message) {
        if (message.hasHeader("List-Id") || message.hasHeader("List-Post") || message.from().isEmpty()
                || message.replyTo().isEmpty()) {
            return Optional.empty();
        }
        String fromDomain = domain(message.from().get(0));
        return message.replyTo().stream()
                .map(Signals::domain)
                .filter(replyDomain -> !sameOrganisation(fromDomain, replyDomain))
                .findFirst()
                .map(replyDomain -> "From domain " + fromDomain + " but Reply-To domain " + replyDomain);
    }

    private static Optional<String> htmlOnly(ParsedMessage message) {
        return !message.htmlParts().isEmpty() && message.textParts().isEmpty()
                ? Optional.of("HTML body without a text/plain alternative") : Optional.empty();
    }

    private static Optional<String> hiddenText(ParsedMessage message) {
        return message.htmlParts().stream()
                .map(part -> part.hiddenText())
                .filter(hidden -> hidden.length() >= HIDDEN_TEXT_CHARS)
                .findFirst()
                .map(hidden -> "hidden HTML text: \"" + abbreviate(hidden, 60) + "\"");
    }

    private static Optional<String> imageOnly(ParsedMessage message) {
        int readable = message.readableText().replaceAll("\\s+", " ").trim().length();
        if (message.imageCount() > 0 && readable < LITTLE_TEXT_CHARS) {
            return Optional.of(message.imageCount() + " image(s) and " + readable + " characters of text");
        }
        return Optional.empty();
    }

    private static Optional<String> manyLinks(ParsedMessage message) {
        long webLinks = message.links().stream().filter(link -> !link.toLowerCase(Locale.ROOT).startsWith("mailto:")).count();
        return webLinks > MANY_LINKS_THRESHOLD ? Optional.of(webLinks + " distinct link targets") : Optional.empty();
    }

    private static Optional<String> ipLiteralLink(ParsedMessage message) {
        return message.links().stream()
                .filter(link -> URL_SCHEME.matcher(link).matches() || link.contains("://"))
                .filter(link -> IP_HOST.matcher(link.trim()).matches())
                .findFirst()
                .map(link -> "link to an IP address: " + abbreviate(link, 80));
    }

    private static Optional<String> allCapsSubject(ParsedMessage message) {
        String subject = message.subject();
        // only letters that have a case count: Chinese or Japanese subjects have no lower case to miss
        long letters = subject.codePoints().filter(c -> Character.isUpperCase(c) || Character.isLowerCase(c)).count();
        boolean anyLower = subject.codePoints().anyMatch(Character::isLowerCase);
        return letters >= 10 && !anyLower ? Optional.of("subject in capitals: " + abbreviate(subject, 60)) : Optional.empty();
    }

    private static Optional<String> moneyUrgency(ParsedMessage message) {
        return phrasesAtLeast(message, PHRASES_THRESHOLD);
    }

    private static Optional<String> moneyUrgencyMany(ParsedMessage message) {
        return phrasesAtLeast(message, MANY_PHRASES_THRESHOLD);
    }

    private static Optional<String> phrasesAtLeast(ParsedMessage message, int threshold) {
        String text = message.subjectAndText();
        // (?i) folds ASCII case only and every phrase is ASCII, so a match implies the phrase in the lower-cased
        // text: that cheap search spares most regex scans, whose look-behind is costly at every position
        String lowerCase = message.subjectAndTextLowerCase();
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < PHRASE_PATTERNS.size(); i++) {
            if (lowerCase.contains(MONEY_URGENCY.get(i)) && PHRASE_PATTERNS.get(i).matcher(text).find()) {
                found.add(MONEY_URGENCY.get(i));
            }
        }
        return found.size() >= threshold
                ? Optional.of(found.size() + " money/urgency phrases: " + String.join(", ", found)) : Optional.empty();
    }

    private static Optional<String> fromDigits(ParsedMessage message) {
        return message.from().stream().filter(address -> LOCALPART_DIGITS.matcher(address).matches()).findFirst()
                .map(address -> "From address " + address);
    }

    private static Optional<String> obfuscatedWords(ParsedMessage message) {
        return firstDisguisedWord(message.subjectAndText());
    }

    /**
     * The first word (in target order, then text order) written with look-alikes. The same matches as each pattern's
     * {@code find()} over the whole text, but each pattern is tried only where it can match: at a character of its first
     * letter's class that no ASCII letter or digit precedes (the look-behind would fail there). One pass over the text
     * finds those places for every target at once (a first letter's class is ASCII: {@code (?i)} folds ASCII only). A
     * whole-text {@code find()} per target tried every position of the text with Unicode classes, 19 times per message.
     */
    static Optional<String> firstDisguisedWord(String text) {
        int[][] candidates = new int[OBFUSCATED.size()][];
        int[] counts = new int[OBFUSCATED.size()];
        for (int at = 0; at < text.length(); at++) {
            char first = text.charAt(at);
            int targets = first < 128 ? FIRST_LETTER_TARGETS[first] : 0;
            if (targets == 0) {
                continue;
            }
            char before = at == 0 ? ' ' : text.charAt(at - 1);
            if (before < 128 && Character.isLetterOrDigit(before)) {
                continue;
            }
            while (targets != 0) {
                int target = Integer.numberOfTrailingZeros(targets);
                targets &= targets - 1;
                if (candidates[target] == null) {
                    candidates[target] = new int[16];
                } else if (counts[target] == candidates[target].length) {
                    candidates[target] = java.util.Arrays.copyOf(candidates[target], 2 * counts[target]);
                }
                candidates[target][counts[target]++] = at;
            }
        }
        for (int i = 0; i < OBFUSCATED.size(); i++) {
            Matcher matcher = null;
            int resumeAt = 0;
            for (int k = 0; k < counts[i]; k++) {
                int start = candidates[i][k];
                if (start < resumeAt) {
                    continue;
                }
                if (matcher == null) {
                    matcher = OBFUSCATED.get(i).matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                if (!matcher.region(start, text.length()).lookingAt()) {
                    continue;
                }
                String written = matcher.group();
                if (!written.equalsIgnoreCase(OBFUSCATION_TARGETS.get(i))) {
                    return Optional.of("\"" + written + "\" disguises \"" + OBFUSCATION_TARGETS.get(i) + "\"");
                }
                resumeAt = matcher.end();
            }
        }
        return Optional.empty();
    }

    /** For each ASCII character, the targets (bit i: {@code OBFUSCATION_TARGETS.get(i)}) whose first letter it can be. */
    private static int[] firstLetterTargets() {
        int[] targets = new int[128];
        for (int i = 0; i < FIRST_LETTERS.size(); i++) {
            for (char c = 0; c < 128; c++) {
                if (FIRST_LETTERS.get(i)[c]) {
                    targets[c] |= 1 << i;
                }
            }
        }
        return targets;
    }

    /** For each target, the ASCII characters its pattern's first letter class accepts (as that class, case-insensitively). */
    private static boolean[] firstLetters(String word) {
        Pattern first = Pattern.compile("(?i)" + lookAlikes(word.charAt(0)));
        boolean[] accepted = new boolean[128];
        for (char c = 0; c < 128; c++) {
            accepted[c] = first.matcher(String.valueOf(c)).matches();
        }
        return accepted;
    }

    /**
     * A word with each letter also matching its usual look-alikes (a→4 @, e→3, i→1 ! |, l→1 |, o→0, s→5 $, t→7,
     * g→9) and at most one separator ({@code . - _ *}) between letters; the word must stand alone.
     */
    static Pattern obfuscationPattern(String word) {
        // the look-behind (no letter or digit before the word) comes after the first letter's class, so it is
        // evaluated only where that letter matched instead of at every position of the text
        StringBuilder regex = new StringBuilder("(?i)").append(lookAlikes(word.charAt(0)))
                .append("(?<![\\p{L}\\p{N}][\\s\\S])");
        for (int i = 1; i < word.length(); i++) {
            regex.append("[.\\-_*]?").append(lookAlikes(word.charAt(i)));
        }
        return Pattern.compile(regex.append("(?![\\p{L}\\p{N}])").toString());
    }

    private static String lookAlikes(char letter) {
        return switch (letter) {
            case 'a' -> "[a4@]";
            case 'e' -> "[e3]";
            case 'i' -> "[i1!|]";
            case 'l' -> "[l1|]";
            case 'o' -> "[o0]";
            case 's' -> "[s5$]";
            case 't' -> "[t7]";
            case 'g' -> "[g9]";
            default -> Pattern.quote(String.valueOf(letter));
        };
    }

    static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether the message carries List-* headers or Precedence list/bulk/junk: lists and bulk senders say what they are. */
    static boolean hasListHeaders(ParsedMessage message) {
        boolean listHeader = message.headers().stream().anyMatch(field -> field.name().regionMatches(true, 0, "List-", 0, 5));
        return listHeader || message.header("Precedence").map(value -> value.trim().toLowerCase(Locale.ROOT))
                .filter(value -> value.equals("list") || value.equals("bulk") || value.equals("junk")).isPresent();
    }

    /** Same domain, or one a subdomain of the other (news.example.com and example.com are one organisation). */
    static boolean sameOrganisation(String first, String second) {
        return first.equals(second) || first.endsWith("." + second) || second.endsWith("." + first);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
