package org.gatehouse.dlp;

import java.util.Objects;

/**
 * One sensitive value a detector found at one location, kept only in masked form: the clear value is never stored, so
 * no finding, log line, bounce or quarantine view built from matches can quote it.
 */
public final class DlpMatch {
    private final String detectorId;
    private final DlpCategory category;
    private final DlpLocation location;
    private final String masked;
    private final int occurrences;

    DlpMatch(String detectorId, DlpCategory category, DlpLocation location, String masked, int occurrences) {
        this.detectorId = Objects.requireNonNull(detectorId);
        this.category = Objects.requireNonNull(category);
        this.location = Objects.requireNonNull(location);
        this.masked = Objects.requireNonNull(masked);
        if (occurrences < 1) {
            throw new IllegalArgumentException("A match occurs at least once: " + occurrences);
        }
        this.occurrences = occurrences;
    }

    /** The built-in detector id ({@code PAYMENT_CARD}) or the tenant's pattern or keyword list id. */
    public String detectorId() {
        return detectorId;
    }

    public DlpCategory category() {
        return category;
    }

    public DlpLocation location() {
        return location;
    }

    /** The value masked, e.g. {@code ****-****-****-1111}. */
    public String masked() {
        return masked;
    }

    /** How many times this value occurs at this location. */
    public int occurrences() {
        return occurrences;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DlpMatch that && detectorId.equals(that.detectorId) && category == that.category
            && location.equals(that.location) && masked.equals(that.masked) && occurrences == that.occurrences;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(detectorId, category, location, masked, occurrences);
    }

    @Override
    public String toString() {
        return detectorId + " " + masked + (occurrences > 1 ? " x" + occurrences : "") + " in " + location.asString();
    }
}
