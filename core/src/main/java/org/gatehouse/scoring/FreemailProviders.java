package org.gatehouse.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The big free mail providers, shared by the relay signals (From not sent through its provider) and phishing (Reply-To diverted to free mail). */
public final class FreemailProviders {
    /**
     * Big mail providers: the From domains (a domain or any subdomain) and the names at least one Received field
     * mentions when the message really left that provider.
     */
    public static final Map<List<String>, List<String>> PROVIDERS = Map.of(
            List.of("hotmail.com", "hotmail.co.uk", "hotmail.fr", "msn.com", "live.com", "outlook.com"),
            List.of("hotmail.com", "msn.com", "live.com", "outlook.com", "microsoft.com"),
            List.of("yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.co.jp", "ymail.com", "rocketmail.com"),
            List.of("yahoo.com", "yahoo.co.jp", "yahoo.net", "yahoodns.net"),
            List.of("aol.com", "aim.com"), List.of("aol.com", "aol.net", "yahoo.com", "yahoodns.net"),
            List.of("gmail.com", "googlemail.com"), List.of("google.com", "gmail.com"),
            List.of("excite.com"), List.of("excite.com"),
            List.of("juno.com", "netzero.net"), List.of("juno.com", "netzero.net", "untd.com"),
            List.of("lycos.com"), List.of("lycos.com"),
            List.of("gmx.net", "gmx.de", "gmx.com"), List.of("gmx.net", "gmx.com", "gmx.de"),
            List.of("mail.ru"), List.of("mail.ru"));


    /** True when the domain, or a domain it is under, is a big free mail provider's. */
    public static boolean isFreemail(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        return PROVIDERS.keySet().stream().flatMap(List::stream)
            .anyMatch(provider -> lower.equals(provider) || lower.endsWith("." + provider));
    }

    private FreemailProviders() {
    }
}
