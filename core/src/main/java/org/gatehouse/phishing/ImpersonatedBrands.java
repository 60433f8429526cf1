package org.gatehouse.phishing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shipped list of frequently impersonated brand domains ({@code impersonated-brands.txt}), kept as data a person
 * can review, so that lookalike detection protects well-known brands as well as a tenant's own domains.
 */
public final class ImpersonatedBrands {
    static final String RESOURCE = "impersonated-brands.txt";

    private ImpersonatedBrands() {
    }

    /** The brand domains in file order, lower-cased; a missing list is a build error, reported at once. */
    public static List<String> load() {
        try (InputStream in = ImpersonatedBrands.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> domains = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String domain = (comment >= 0 ? line.substring(0, comment) : line).strip().toLowerCase(Locale.ROOT);
                if (!domain.isEmpty()) {
                    domains.add(domain);
                }
            }
            return List.copyOf(domains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
