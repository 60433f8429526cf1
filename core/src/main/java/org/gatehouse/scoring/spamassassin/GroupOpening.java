package org.gatehouse.scoring.spamassassin;

import java.util.Optional;

/**
 * How a group of a Java regex opens, for the parsers that read regexes ({@link RequiredLiteral}, {@link TextAutomaton}):
 * where its contents start and whether it is a lookaround (it matches no text).
 *
 * @param contents the index where the group's contents start
 * @param zeroWidth true for a lookahead or lookbehind
 */
record GroupOpening(int contents, boolean zeroWidth) {
    /**
     * Reads the opening at {@code at}, just after the {@code (}: a plain, non-capturing, atomic or named group, or a
     * lookaround. Empty for inline flags and anything else, which each parser handles or refuses.
     */
    static Optional<GroupOpening> read(String regex, int at) {
        if (!regex.startsWith("?", at)) {
            return Optional.of(new GroupOpening(at, false));
        }
        if (regex.startsWith("?:", at) || regex.startsWith("?>", at)) {
            return Optional.of(new GroupOpening(at + 2, false));
        }
        if (regex.startsWith("?=", at) || regex.startsWith("?!", at)) {
            return Optional.of(new GroupOpening(at + 2, true));
        }
        if (regex.startsWith("?<=", at) || regex.startsWith("?<!", at)) {
            return Optional.of(new GroupOpening(at + 3, true));
        }
        if (regex.startsWith("?<", at)) {
            int close = regex.indexOf('>', at);
            return close < 0 ? Optional.empty() : Optional.of(new GroupOpening(close + 1, false));
        }
        return Optional.empty();
    }
}
