package org.gatehouse.disclaimer;

import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;

/**
 * The service provider's stamp (conf/gatehouse.properties {@code disclaimer.global.text} and
 * {@code disclaimer.global.html}): added to every tenant's outbound mail at the very bottom, after the tenant's own
 * disclaimer, with the same text rules and HTML sanitising.
 */
public final class GlobalDisclaimer {
    public static final String TEXT_KEY = "disclaimer.global.text";
    public static final String HTML_KEY = "disclaimer.global.html";

    private static final GlobalDisclaimer NONE = new GlobalDisclaimer(Optional.empty());

    private final Optional<Disclaimer> stamp;

    private GlobalDisclaimer(Optional<Disclaimer> stamp) {
        this.stamp = stamp;
    }

    public static GlobalDisclaimer none() {
        return NONE;
    }

    /**
     * The stamp from the configured values; both empty or blank means none.
     *
     * @throws org.gatehouse.validation.InvalidFieldException naming {@link #TEXT_KEY} or {@link #HTML_KEY}
     */
    public static GlobalDisclaimer of(Optional<String> text, Optional<String> html) {
        Optional<String> givenText = text.filter(value -> !value.isBlank());
        Optional<String> givenHtml = html.filter(value -> !value.isBlank());
        if (givenText.isEmpty() && givenHtml.isEmpty()) {
            return NONE;
        }
        Disclaimer stamp = Disclaimer.of(givenText, givenHtml, DisclaimerPosition.BOTTOM, "disclaimer.global");
        return new GlobalDisclaimer(Optional.of(stamp));
    }

    /** The stamp, always at the bottom; empty when the provider set none. */
    public Optional<Disclaimer> stamp() {
        return stamp;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof GlobalDisclaimer other && stamp.equals(other.stamp);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(stamp);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("stamp", stamp).toString();
    }
}
