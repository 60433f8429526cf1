package org.gatehouse.phishing;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a link's visible text claims: the host name it shows ({@code www.paypal.com}, {@code https://paypal.com/x}), if any. */
final class LinkText {
    private static final Pattern SHOWN = Pattern.compile(
            "(?i)(?<![\\p{L}\\p{N}@.\\-])(?:https?://)?((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,24})"
                    + "(?![\\p{L}\\p{N}\\-@])");

    private LinkText() {
    }

    /** The ASCII form of the first host name the text shows whose suffix is public; file names like report.pdf are none. */
    static Optional<String> shownHost(String text) {
        if (text.indexOf('.') < 0) {
            // every name the expression accepts has a dot: "Read more" shows no host
            return Optional.empty();
        }
        Matcher shown = SHOWN.matcher(text);
        while (shown.find()) {
            try {
                String ascii = IDN.toASCII(shown.group(1), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
                if (Domains.isUnderPublicSuffix(ascii)) {
                    return Optional.of(ascii);
                }
            } catch (IllegalArgumentException notAName) {
                // not a host name: look further
            }
        }
        return Optional.empty();
    }
}
