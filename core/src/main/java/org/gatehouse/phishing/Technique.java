package org.gatehouse.phishing;

/**
 * How a lookalike domain imitates a protected one; the constant names are stable, rule-id style, and appear in
 * findings and explanations, so they are never renamed.
 */
public enum Technique {
    /** A typo: characters inserted, deleted or replaced (Damerau–Levenshtein, 1 from 4 letters, 2 from 9). */
    EDIT_DISTANCE("letters added, removed or replaced"),
    /** Two adjacent letters swapped: micorsoft for microsoft. */
    TRANSPOSITION("adjacent letters swapped"),
    /** Hyphens added or removed: pay-pal for paypal. */
    HYPHENATION("hyphens added or removed"),
    /** The same name under another public suffix: paypal.co, paypal.com.br for paypal.com. */
    TLD_SWAP("the same name under another suffix"),
    /** ASCII sequences that render alike: rn for m, vv for w, cl for d, 1 or I for l, 0 for o. */
    HOMOGLYPH("ASCII look-alike characters (rn for m, vv for w, cl for d, 1 or I for l, 0 for o)"),
    /** Unicode characters confusable with the original's (UTS #39 skeletons): Cyrillic а for Latin a. */
    CONFUSABLE("Unicode characters that render like the original's"),
    /** The label mixes scripts, Latin with Cyrillic say, which no genuine name needs. */
    MIXED_SCRIPT("letters from more than one script"),
    /** The name arrived as punycode (xn--), which the reader sees decoded. */
    PUNYCODE("written in punycode");

    private final String description;

    Technique(String description) {
        this.description = description;
    }

    /** What a person reading the explanation is told about this technique. */
    public String description() {
        return description;
    }
}
