package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.ParsedMessage;

/**
 * Evidence in the subject and body of bulk mail that hides what it is: removal instructions without the list
 * headers bulk senders write, a subject padded to defeat checksums, a self-declared advertisement, HTML that
 * splits words with comments, shouting fonts, a toll-free number to call.
 */
final class BodySignals {
    static final String OPT_OUT_WITHOUT_LIST_HEADERS = "OPT_OUT_WITHOUT_LIST_HEADERS";
    static final String SUBJECT_HASH_BUSTER = "SUBJECT_HASH_BUSTER";
    static final String SUBJECT_ADVERTISEMENT = "SUBJECT_ADVERTISEMENT";
    static final String HTML_COMMENT_SPLITS_WORDS = "HTML_COMMENT_SPLITS_WORDS";
    static final String HTML_BIG_FONT = "HTML_BIG_FONT";
    static final String TOLL_FREE_NUMBER = "TOLL_FREE_NUMBER";
    static final String ADVANCE_FEE_PHRASES = "ADVANCE_FEE_PHRASES";
    static final String EXCLAMATION_RUN = "EXCLAMATION_RUN";
    static final String TEXT_MOSTLY_CAPITALS = "TEXT_MOSTLY_CAPITALS";
    static final String RECIPIENTS_MANY_DOMAINS = "RECIPIENTS_MANY_DOMAINS";

    /** Wording of removal instructions, matched case-insensitively in the readable text. */
    static final Pattern OPT_OUT = Pattern.compile("(?i)\\b(?:to\\s+be\\s+removed|to\\s+unsubscribe|"
            + "unsubscribe\\s+(?:here|from|at)|opt[- ]?out|remove\\s+(?:me|yourself)|removed\\s+from\\s+(?:our|this|the)|no\\s+longer\\s+wish|"
            + "do\\s+not\\s+wish\\s+to\\s+receive|you\\s+(?:are\\s+)?receiv(?:e|ing)\\s+this\\s+(?:e-?mail|message))");
    /** Wording of advance-fee fraud (the "Nigerian letter"), matched case-insensitively on word boundaries. */
    static final List<String> ADVANCE_FEE = List.of(
            "next of kin", "beneficiary", "foreign partner", "foreign account", "transfer of the funds", "transfer of the sum",
            "million us dollars", "million united states dollars", "strictest confidence", "confidential business",
            "confidential transaction", "late husband", "late father", "central bank", "security company",
            "diplomatic", "crude oil", "contract sum", "over-invoiced", "over invoiced", "barrister", "compensation fund");
    /** Distinct advance-fee phrases needed to fire. */
    static final int ADVANCE_FEE_THRESHOLD = 2;
    /** Readable text needs this many letters before its share of capitals is judged. */
    static final int CAPITALS_MIN_LETTERS = 200;
    /** More than this share of capital letters is shouting. */
    static final double CAPITALS_SHARE = 0.3;
    /** Distinct recipient domains in To and Cc from which a message looks like a pasted address list. */
    static final int RECIPIENT_DOMAINS = 4;
    /** Lower-case words one of which every removal instruction contains (the pattern runs only when one is there). */
    private static final List<String> OPT_OUT_ANCHORS = List.of("remov", "unsubscribe", "opt", "wish", "receiv");

    private static final Pattern HASH_BUSTER = Pattern.compile("\\S\\s{5,}[A-Za-z0-9]{2,10}\\s*$");
    private static final Pattern ADVERTISEMENT = Pattern.compile("(?i)^\\s*adv?\\s*[:\\-]");
    /** {@code <font size>} +3 and more, or 6 and more (24 pt and up); a CSS font-size of 40 px/pt and more. */
    private static final Pattern BIG_FONT =
            Pattern.compile("(?i)^(?:\\+\\s*[3-9]|[6-9]|(?:[4-9]\\d|\\d{3,})(?:\\.\\d+)?\\s*(?:px|pt))$");
    private static final List<Pattern> ADVANCE_FEE_PATTERNS = ADVANCE_FEE.stream()
            .map(phrase -> Pattern.compile("(?i)\\b" + Pattern.quote(phrase) + "\\b")).toList();
    private static final Pattern EXCLAMATIONS = Pattern.compile("!{3,}");
    /**
     * The area code and number, starting with its literal 8 so the scan is cheap; what comes before (an optional
     * parenthesis, then no digit) is checked apart, a look-behind at every position being costly.
     */
    private static final Pattern TOLL_FREE = Pattern.compile("8(?:00|88|77|66|55|44)\\)?[-.\\s]\\d{3}[-.\\s]\\d{4}(?!\\d)");

    private BodySignals() {
    }

    static List<Signal> all() {
        return List.of(
                Signal.of(OPT_OUT_WITHOUT_LIST_HEADERS, "Removal or unsubscribe instructions in the text, but no List-* or "
                        + "Precedence header: bulk mail that does not say so where filters and mail clients look.",
                        BodySignals::optOutWithoutListHeaders),
                Signal.of(SUBJECT_HASH_BUSTER, "A subject padded with a run of 5+ blanks and a short random token at the end, "
                        + "to make each copy different.", BodySignals::hashBuster),
                Signal.of(SUBJECT_ADVERTISEMENT, "A subject that starts with ADV: or AD:, the label some laws require on "
                        + "unsolicited advertisements.", BodySignals::advertisement),
                Signal.of(HTML_COMMENT_SPLITS_WORDS, "HTML comments inside words (v<!-- -->iagra), invisible to the reader and "
                        + "breaking the word for filters.", BodySignals::commentSplitsWords),
                Signal.of(HTML_BIG_FONT, "Shouting HTML fonts: <font size> of +3 or more or 6 and above, or a CSS font-size of "
                        + "40px/pt or more.", BodySignals::bigFont),
                Signal.of(TOLL_FREE_NUMBER, "A North American toll-free telephone number (800, 888, 877, 866...) in the text.",
                        BodySignals::tollFree),
                Signal.of(ADVANCE_FEE_PHRASES, "At least " + ADVANCE_FEE_THRESHOLD + " distinct phrases of advance-fee fraud "
                        + "(next of kin, security company, late husband...) from the documented list.", BodySignals::advanceFee),
                Signal.of(EXCLAMATION_RUN, "Three or more exclamation marks in a row in the subject or the text.",
                        BodySignals::exclamationRun),
                Signal.ofWording(TEXT_MOSTLY_CAPITALS, "More than " + Math.round(CAPITALS_SHARE * 100) + " % of the letters of the "
                        + "readable text (at least " + CAPITALS_MIN_LETTERS + ") are capitals.", BodySignals::mostlyCapitals),
                Signal.of(RECIPIENTS_MANY_DOMAINS, "To and Cc show addresses in " + RECIPIENT_DOMAINS + " or more domains, "
                        + "without list headers: an address list pasted by a bulk sender.", BodySignals::recipientsManyDomains));
    }

    private static Optional<String> optOutWithoutListHeaders(ParsedMessage message) {
        if (Signals.hasListHeaders(message)) {
            return Optional.empty();
        }
        String lowerCase = message.subjectAndTextLowerCase();
        if (OPT_OUT_ANCHORS.stream().noneMatch(lowerCase::contains)) {
            return Optional.empty();
        }
        Matcher optOut = OPT_OUT.matcher(message.readableText());
        return optOut.find() ? Optional.of("\"" + optOut.group() + "\" without List-Unsubscribe or other list headers")
                : Optional.empty();
    }

    private static Optional<String> hashBuster(ParsedMessage message) {
        String subject = message.header("Subject").orElse("");
        return HASH_BUSTER.matcher(subject).find()
                ? Optional.of("padded subject: \"" + Signals.abbreviate(subject.strip(), 60) + "\"") : Optional.empty();
    }

    private static Optional<String> advertisement(ParsedMessage message) {
        return ADVERTISEMENT.matcher(message.subject()).find()
                ? Optional.of("subject: " + Signals.abbreviate(message.subject(), 60)) : Optional.empty();
    }

    private static Optional<String> commentSplitsWords(ParsedMessage message) {
        int comments = message.htmlParts().stream().mapToInt(HtmlPart::commentsInsideWords).sum();
        return comments > 0 ? Optional.of(comments + " HTML comment(s) inside words") : Optional.empty();
    }

    private static Optional<String> bigFont(ParsedMessage message) {
        return message.htmlParts().stream().flatMap(part -> part.fontSizes().stream())
                .filter(size -> BIG_FONT.matcher(size).matches())
                .findFirst()
                .map(size -> "font size " + size);
    }

    private static Optional<String> tollFree(ParsedMessage message) {
        String text = message.readableText();
        Matcher number = TOLL_FREE.matcher(text);
        while (number.find()) {
            int before = number.start() - 1;
            if (before >= 0 && text.charAt(before) == '(') {
                before--;
            }
            if (before < 0 || !Character.isDigit(text.charAt(before))) {
                return Optional.of("toll-free number " + text.substring(before + 1, number.end()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> advanceFee(ParsedMessage message) {
        String text = message.subjectAndText();
        String lowerCase = message.subjectAndTextLowerCase();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < ADVANCE_FEE.size(); i++) {
            if (lowerCase.contains(ADVANCE_FEE.get(i)) && ADVANCE_FEE_PATTERNS.get(i).matcher(text).find()) {
                found.add(ADVANCE_FEE.get(i));
            }
        }
        return found.size() >= ADVANCE_FEE_THRESHOLD
                ? Optional.of(found.size() + " advance-fee phrases: " + String.join(", ", found)) : Optional.empty();
    }

    private static Optional<String> exclamationRun(ParsedMessage message) {
        if (!message.subjectAndText().contains("!!!")) {
            return Optional.empty();
        }
        Matcher run = EXCLAMATIONS.matcher(message.subject());
        if (run.find()) {
            return Optional.of("\"" + run.group() + "\" in the subject");
        }
        run = EXCLAMATIONS.matcher(message.readableText());
        return run.find() ? Optional.of("\"" + run.group() + "\" in the text") : Optional.empty();
    }

    private static Optional<String> mostlyCapitals(ParsedMessage message) {
        String text = message.readableText();
        int letters = 0;
        int capitals = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    capitals++;
                }
            }
        }
        return letters >= CAPITALS_MIN_LETTERS && capitals > CAPITALS_SHARE * letters
                ? Optional.of(capitals + " of " + letters + " letters are capitals") : Optional.empty();
    }

    private static Optional<String> recipientsManyDomains(ParsedMessage message) {
        if (Signals.hasListHeaders(message)) {
            return Optional.empty();
        }
        Set<String> domains = new TreeSet<>();
        message.to().forEach(address -> domains.add(Signals.domain(address)));
        message.cc().forEach(address -> domains.add(Signals.domain(address)));
        return domains.size() >= RECIPIENT_DOMAINS
                ? Optional.of(domains.size() + " recipient domains in To/Cc, e.g. "
                        + String.join(", ", domains.stream().limit(4).toList()))
                : Optional.empty();
    }
}
