package org.gatehouse.sender;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.common.base.Preconditions;

/**
 * The {@code Authentication-Results} header (RFC 8601) Gatehouse adds to every inbound message: its authserv-id
 * and one method result per check, e.g.
 * {@code gatehouse.example.net; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=s1}.
 */
public final class AuthenticationResults {
    public static final String HEADER = "Authentication-Results";
    private static final Pattern AUTHSERV_ID = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    /** Anything that could end the header or start another one is removed from generated text. */
    private static final Pattern UNSAFE = Pattern.compile("[\\r\\n\\x00-\\x1f\\x7f]");

    public static AuthenticationResults of(String authservId, List<String> methodResults) {
        Preconditions.checkArgument(AUTHSERV_ID.matcher(authservId).matches(), "Invalid authserv-id %s", authservId);
        return new AuthenticationResults(authservId.toLowerCase(Locale.ROOT), List.copyOf(methodResults));
    }

    private final String authservId;
    private final List<String> methodResults;

    private AuthenticationResults(String authservId, List<String> methodResults) {
        this.authservId = authservId;
        this.methodResults = methodResults;
    }

    public String authservId() {
        return authservId;
    }

    /** The header value; {@code none} when no method ran (RFC 8601 §2.2). */
    public String headerValue() {
        if (methodResults.isEmpty()) {
            return authservId + "; none";
        }
        StringBuilder value = new StringBuilder(authservId);
        for (String result : methodResults) {
            value.append(";\r\n\t").append(UNSAFE.matcher(result).replaceAll(" "));
        }
        return value.toString();
    }

    /**
     * Whether an existing header claims to come from this authserv-id: such headers in incoming mail are forged
     * (RFC 8601 §5) and must be removed before ours is added.
     */
    public boolean isClaimedBy(String existingHeaderValue) {
        String value = existingHeaderValue.trim();
        int end = 0;
        while (end < value.length() && value.charAt(end) != ';' && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        return value.substring(0, end).equalsIgnoreCase(authservId);
    }
}
