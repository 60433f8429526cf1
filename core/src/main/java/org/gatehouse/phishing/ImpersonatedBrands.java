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

/** The shipped list of much-impersonated brand domains ({@code impersonated-brands.txt}), protected for every tenant that keeps {@code brands}. */
public final class ImpersonatedBrands {
    private static final String RESOURCE = "impersonated-brands.txt";
    private static final List<String> BRANDS = read();

    public static List<String> load() {
        return BRANDS;
    }

    private static List<String> read() {
        try (InputStream in = ImpersonatedBrands.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            List<String> domains = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String domain = line.replaceAll("#.*", "").trim().toLowerCase(Locale.ROOT);
                if (!domain.isEmpty()) {
                    domains.add(domain);
                }
            }
            return List.copyOf(domains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImpersonatedBrands() {
    }
}
