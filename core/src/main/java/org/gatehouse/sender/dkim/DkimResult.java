package org.gatehouse.sender.dkim;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.gatehouse.verdict.Finding;

/**
 * The outcome of one DKIM-Signature of a message (or {@link Result#NONE} for an unsigned message), as DMARC and
 * the Authentication-Results header need it.
 *
 * @param domain the signing domain (d=), empty when the signature could not be parsed that far
 * @param selector the key selector (s=), empty when the signature could not be parsed that far
 * @param result the RFC 8601 result
 * @param reason why, for the quarantine view and the Authentication-Results reason
 */
public record DkimResult(String domain, String selector, Result result, String reason) {
    public static final String CHECK = "dkim";
    /** What may stand unquoted as an Authentication-Results property value (a subset of an RFC 2045 token). */
    private static final Pattern PROPERTY_VALUE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int MAX_REASON_LENGTH = 200;

    public enum Result {
        PASS,
        /** The signature did not verify: the header hash (b=) or the body hash (bh=) does not match. */
        FAIL,
        /** The key could not be fetched for now (DNS failure); a later attempt may succeed. */
        TEMPERROR,
        /** The signature cannot be verified: malformed, expired, no key, or a key that does not apply. */
        PERMERROR,
        /** The message has no DKIM-Signature. */
        NONE;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DkimResult {
        Objects.requireNonNull(domain);
        Objects.requireNonNull(selector);
        Objects.requireNonNull(result);
        Objects.requireNonNull(reason);
    }

    public static DkimResult none() {
        return new DkimResult("", "", Result.NONE, "the message has no DKIM-Signature");
    }

    public Finding finding() {
        String about = result == Result.NONE ? reason : signature() + ": " + reason;
        return Finding.of("DKIM_" + result.name(), CHECK, result.asString(), about);
    }

    /** The RFC 8601 result, e.g. {@code dkim=pass header.d=example.com header.s=sel}. */
    public String authenticationResultsProperties() {
        StringBuilder properties = new StringBuilder("dkim=").append(result.asString());
        if (result == Result.NONE) {
            return properties.toString();
        }
        if (result != Result.PASS) {
            properties.append(" reason=").append(quoted(reason));
        }
        if (PROPERTY_VALUE.matcher(domain).matches()) {
            properties.append(" header.d=").append(domain);
        }
        if (PROPERTY_VALUE.matcher(selector).matches()) {
            properties.append(" header.s=").append(selector);
        }
        return properties.toString();
    }

    private String signature() {
        if (domain.isEmpty() && selector.isEmpty()) {
            return "unreadable signature";
        }
        return "d=" + domain + " s=" + selector;
    }

    private static String quoted(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        String bounded = oneLine.length() > MAX_REASON_LENGTH ? oneLine.substring(0, MAX_REASON_LENGTH) : oneLine;
        return '"' + bounded.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
