package org.gatehouse.dlp;

/**
 * Finds one kind of sensitive value in a text and reports each with the key that tells distinct values apart and its
 * masked form. The key is the clear value: it lives only while the scanner counts, never in a {@link DlpMatch}.
 * Implementations scan in time linear in the text.
 */
interface Detector {
    /** Receives what a detector finds. */
    interface Hits {
        /**
         * @param key the normalised clear value, so that the same value written twice counts once
         * @param masked what may be shown
         * @param weight what the value adds to the count (1, or a keyword's weight)
         */
        void add(String key, String masked, int weight);

        default void add(String key, String masked) {
            add(key, masked, 1);
        }
    }

    /** The stable id rules name, upper snake case. */
    String id();

    DlpCategory category();

    /** How a person reads a count of these, e.g. {@code payment card numbers}. */
    String label();

    /** Distinct values a message needs before any is reported (bulk lists); 1 for the others. */
    default int floor() {
        return 1;
    }

    void scan(ScanText text, Hits hits);
}
