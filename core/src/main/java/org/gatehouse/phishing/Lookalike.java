package org.gatehouse.phishing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A candidate domain found to imitate a protected domain: which one, by which techniques, and how far apart their
 * names are, so that a finding can say exactly why a sender or link looked wrong.
 *
 * @param candidate the domain examined, as given (trimmed, without a trailing dot)
 * @param protectedDomain the closest protected domain, as it was configured
 * @param techniques every technique that applies, never empty
 * @param distance Damerau–Levenshtein distance between the two registrable labels (public suffix removed) after
 *     punycode decoding, NFKC normalisation and lower-casing; 0 for a pure suffix swap
 * @param explanation one sentence for the person reading the quarantine
 */
public record Lookalike(String candidate, String protectedDomain, Set<Technique> techniques, int distance,
                        String explanation) {
    public Lookalike {
        Objects.requireNonNull(candidate);
        Objects.requireNonNull(protectedDomain);
        Objects.requireNonNull(explanation);
        if (techniques.isEmpty()) {
            throw new IllegalArgumentException("A lookalike has at least one technique");
        }
        if (distance < 0) {
            throw new IllegalArgumentException("Negative distance: " + distance);
        }
        techniques = Collections.unmodifiableSet(EnumSet.copyOf(techniques));
    }
}
