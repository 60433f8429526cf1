package org.gatehouse.sender.spf;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.verdict.Finding;

import com.google.common.net.InetAddresses;

/**
 * What SPF (RFC 7208) says about one client and one sender identity: the result, which identity and domain were
 * checked, and the domain's own explanation when it gave one. It becomes a {@link Finding} (the policy adds score
 * and action) and an Authentication-Results method entry.
 *
 * @param result the RFC 7208 §2.6 result
 * @param identity the identity checked: MAIL FROM, or HELO for the null sender (RFC 7208 §2.4)
 * @param domain the domain checked: the MAIL FROM domain, or the HELO name
 * @param clientIp the SMTP client's address
 * @param explanation the domain's exp= text, expanded (RFC 7208 §6.2); only ever present for a fail
 */
public record SpfResult(Result result, Identity identity, String domain, InetAddress clientIp, Optional<String> explanation) {
    /** The seven results of RFC 7208 §2.6. */
    public enum Result {
        PASS("authorizes %s to send its mail"),
        FAIL("does not authorize %s to send its mail"),
        SOFTFAIL("says %s is probably not authorized to send its mail"),
        NEUTRAL("makes no statement about %s"),
        NONE("publishes no SPF record (client %s)"),
        TEMPERROR("could not be checked for %s: temporary DNS error"),
        PERMERROR("has an SPF record that cannot be evaluated (client %s)");

        private final String statement;

        Result(String statement) {
            this.statement = statement;
        }

        /** The result word of RFC 7208 and RFC 8601, e.g. {@code softfail}. */
        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Result parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public String ruleId() {
            return "SPF_" + name();
        }
    }

    /** The identity checked, named as in RFC 8601's {@code smtp.mailfrom} and {@code smtp.helo} properties. */
    public enum Identity {
        MAILFROM("smtp.mailfrom", "MAIL FROM domain"),
        HELO("smtp.helo", "HELO name");

        private final String property;
        private final String label;

        Identity(String property, String label) {
            this.property = property;
            this.label = label;
        }

        public String property() {
            return property;
        }
    }

    public static final String CHECK = "spf";

    public SpfResult {
        Objects.requireNonNull(result);
        Objects.requireNonNull(identity);
        Objects.requireNonNull(domain);
        Objects.requireNonNull(clientIp);
        Objects.requireNonNull(explanation);
    }

    /** The finding, without score or action: those are the tenant policy's. */
    public Finding toFinding() {
        String reason = identity.label + " " + domain + " "
            + String.format(Locale.ROOT, result.statement, InetAddresses.toAddrString(clientIp))
            + explanation.map(text -> "; it explains: " + text).orElse("");
        return Finding.of(result.ruleId(), CHECK, result.asString(), reason);
    }

    /** The method entry for Authentication-Results (RFC 8601 §2.7.2), e.g. {@code spf=fail smtp.mailfrom=example.com}. */
    public String authenticationResultsProperty() {
        return CHECK + "=" + result.asString() + " " + identity.property + "=" + propertyValue(domain);
    }

    /** A token when the domain is one (the usual case), otherwise a quoted-string (RFC 2045), without control characters. */
    private static String propertyValue(String value) {
        if (!value.isEmpty() && value.chars().allMatch(SpfResult::isTokenChar)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        value.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append((char) c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append('?');
            } else {
                quoted.append((char) c);
            }
        });
        return quoted.append('"').toString();
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }
}
