package org.gatehouse.scoring;

import java.util.List;
import java.util.Objects;

/**
 * A message's category and the evidence for it, kept for the explanation.
 *
 * @param category the category decided
 * @param evidence what was seen, e.g. {@code List-Unsubscribe header}; empty for {@link Category#CORPORATE}
 */
public record Classification(Category category, List<String> evidence) {
    public Classification {
        Objects.requireNonNull(category);
        evidence = List.copyOf(evidence);
    }
}
