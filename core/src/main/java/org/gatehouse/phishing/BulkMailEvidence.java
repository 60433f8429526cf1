package org.gatehouse.phishing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * Evidence that a message is legitimate bulk mail, which damps the phishing link signals that newsletters trip
 * (tracking links whose text shows another domain, survey forms, shorteners): the From domain authenticated by the
 * sender checks (a {@code DMARC_PASS} finding, i.e. a DKIM signature or SPF domain aligned with From passed), together
 * with a bulk sender's mark — a valid one-click unsubscription (RFC 8058) or an email service provider's feedback id.
 * A mark alone proves nothing (anyone can write those headers), so a lure with a forged List-Unsubscribe and no
 * aligned signature is judged in full; and nothing is damped when any other phishing signal fired (a lookalike, a
 * brand or person impersonated, credentials in a URL...), so an authenticated phisher's own domain gains nothing.
 */
public final class BulkMailEvidence {
    /** The informational finding (score 0) that says the link signals were damped, and why. */
    public static final String DAMPED = "PHISH_BULK_MAIL_DAMPED";
    /** What a damped signal keeps of its weight. */
    public static final double FACTOR = 0.2;
    /** The signals legitimate bulk mail commits; lookalikes, impersonation, credentials, IPs, forms in attachments are never damped. */
    public static final Set<String> DAMPED_SIGNALS = Set.of(UrlSignals.LINK_TEXT_MISMATCH, UrlSignals.FORM_IN_MAIL,
        UrlSignals.URL_SHORTENER, UrlSignals.OBFUSCATED_URL);
    /**
     * Headers email service providers add to every message they send, for feedback loops and complaint handling:
     * {@code Feedback-ID} (Gmail's feedback loop, written by Amazon SES, SendGrid, Mailchimp, Salesforce...),
     * {@code X-CSA-Complaints} (Certified Senders Alliance members), {@code X-SES-Outgoing} (Amazon SES),
     * {@code X-Mailgun-Sid}, {@code X-SG-EID} (SendGrid) and {@code X-MC-User} (Mailchimp).
     */
    public static final List<String> ESP_HEADERS = List.of("Feedback-ID", "X-CSA-Complaints", "X-SES-Outgoing", "X-Mailgun-Sid",
        "X-SG-EID", "X-MC-User");
    static final String DMARC_PASS = "DMARC_PASS";
    /** An HTTPS URI in angle brackets; {@code <} is not part of one, so each try stops at the next bracket (linear). */
    private static final Pattern HTTPS_URI = Pattern.compile("<\\s*https://[^<>\\s]+>", Pattern.CASE_INSENSITIVE);
    private static final String ONE_CLICK = "list-unsubscribe=one-click";

    private BulkMailEvidence() {
    }

    /**
     * Why this message is legitimate bulk mail, or empty when it is not shown to be.
     *
     * @param senderVerdict the tenant's sender verdict (its findings say whether DMARC passed); empty when the checks
     *     did not run, and then nothing is damped
     */
    public static Optional<String> of(ParsedMessage parsed, Verdict senderVerdict) {
        if (senderVerdict.findings().stream().noneMatch(finding -> finding.ruleId().equals(DMARC_PASS))) {
            return Optional.empty();
        }
        List<String> marks = new ArrayList<>();
        if (oneClickUnsubscribe(parsed)) {
            marks.add("one-click List-Unsubscribe (RFC 8058)");
        }
        ESP_HEADERS.stream().filter(parsed::hasHeader).findFirst().ifPresent(header -> marks.add("provider feedback header " + header));
        if (marks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("From is authenticated (DMARC pass) and carries " + String.join(" and ", marks));
    }

    /** RFC 8058: an HTTPS List-Unsubscribe URI and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}. */
    static boolean oneClickUnsubscribe(ParsedMessage parsed) {
        boolean https = parsed.headers("List-Unsubscribe").stream().anyMatch(value -> HTTPS_URI.matcher(value).find());
        boolean post = parsed.headers("List-Unsubscribe-Post").stream()
            .anyMatch(value -> value.strip().toLowerCase(Locale.ROOT).replace(" ", "").equals(ONE_CLICK));
        return https && post;
    }

    /**
     * The findings with the damped signals' scores multiplied by {@link #FACTOR}, and a {@link #DAMPED} finding saying
     * why; unchanged when any other signal fired: genuine bulk mail from one sender does not excuse naming another.
     */
    static List<Finding> damp(List<Finding> findings, String evidence) {
        if (findings.stream().anyMatch(finding -> finding.score() > 0 && !DAMPED_SIGNALS.contains(finding.ruleId()))) {
            return findings;
        }
        List<Finding> damped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Finding finding : findings) {
            if (DAMPED_SIGNALS.contains(finding.ruleId()) && finding.score() > 0) {
                damped.add(finding.withScore(finding.score() * FACTOR));
                names.add(finding.ruleId());
            } else {
                damped.add(finding);
            }
        }
        if (!names.isEmpty()) {
            damped.add(new Finding(DAMPED, PhishingDetector.CHECK, "damped", 0, Optional.empty(),
                String.join(", ", names) + " count " + Math.round(FACTOR * 100) + " % of their weight: " + evidence));
        }
        return damped;
    }
}
