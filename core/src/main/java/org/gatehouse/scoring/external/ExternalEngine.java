package org.gatehouse.scoring.external;

import java.util.Locale;

/**
 * The external scoring engines Gatehouse can ask, each with its stable rule ids (documented in
 * docs/external-engines.md, never renamed).
 */
public enum ExternalEngine {
    SPAMD,
    RSPAMD;

    /** The finding's check name, e.g. {@code spamd}. */
    public String check() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine answered: {@code SPAMD_SCORE}, with the mapped contribution. */
    public String scoreRule() {
        return name() + "_SCORE";
    }

    /** The engine could not be asked or gave no usable answer: {@code SPAMD_ERROR}, score 0. */
    public String errorRule() {
        return name() + "_ERROR";
    }

    /** The message is over the configured size and was not sent: {@code SPAMD_SKIPPED}, score 0. */
    public String skippedRule() {
        return name() + "_SKIPPED";
    }
}
