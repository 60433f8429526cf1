package org.gatehouse.scoring.spamassassin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The longest piece of plain text every match of a regex must contain, lower-cased, when one can be read off the
 * regex's top level (no top-level alternation): a line whose lower-cased text lacks it cannot match, so the regex is
 * not run there. Lower-casing both sides keeps the test a superset whatever the regex's case flags.
 */
final class RequiredLiteral {
    /** Shorter pieces filter too little to pay for the test. */
    static final int MIN_LENGTH = 3;
    private static final Pattern INLINE_EXTENDED = Pattern.compile("\\(\\?[a-zA-Z-]*x[a-zA-Z-]*[:)]");

    private RequiredLiteral() {
    }

    static Optional<String> of(String regex) {
        if (regex.contains("\\Q") || INLINE_EXTENDED.matcher(regex).find()) {
            return Optional.empty();
        }
        StringBuilder run = new StringBuilder();
        String best = "";
        int depth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return Optional.empty();
                }
                char next = regex.charAt(i + 1);
                boolean literal = depth == 0 && !Character.isLetterOrDigit(next);
                i += 2;
                if (literal) {
                    best = appendLiteral(regex, i, next, run, best);
                    if (optionalAt(regex, i)) {
                        run.setLength(0);
                    }
                } else {
                    best = longer(best, run);
                    run.setLength(0);
                }
                continue;
            }
            if (c == '[') {
                best = longer(best, run);
                run.setLength(0);
                i = skipClass(regex, i);
                continue;
            }
            if (c == '(') {
                depth++;
                best = longer(best, run);
                run.setLength(0);
                i++;
                continue;
            }
            if (c == ')') {
                depth--;
                i++;
                continue;
            }
            if (depth == 0 && c == '|') {
                return Optional.empty();
            }
            if (depth > 0 || ".^$?*+{}".indexOf(c) >= 0) {
                best = longer(best, run);
                run.setLength(0);
                if (c == '{' && depth == 0) {
                    int close = regex.indexOf('}', i);
                    i = close < 0 ? regex.length() : close + 1;
                } else {
                    i++;
                }
                continue;
            }
            i++;
            best = appendLiteral(regex, i, c, run, best);
            if (optionalAt(regex, i)) {
                run.setLength(0);
            }
        }
        best = longer(best, run);
        return best.length() >= MIN_LENGTH ? Optional.of(best.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Adds a literal character, unless the quantifier after it makes it optional; returns the best run so far. */
    private static String appendLiteral(String regex, int after, char c, StringBuilder run, String best) {
        if (optionalAt(regex, after)) {
            return longer(best, run);
        }
        run.append(c);
        if (after < regex.length() && (regex.charAt(after) == '+' || regex.charAt(after) == '{')) {
            // repeated: the character is needed, what follows is not adjacent to it
            String longest = longer(best, run);
            run.setLength(0);
            return longest;
        }
        return best;
    }

    private static boolean optionalAt(String regex, int at) {
        if (at >= regex.length()) {
            return false;
        }
        char c = regex.charAt(at);
        return c == '?' || c == '*' || c == '{' && regex.startsWith("{0", at);
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > best.length() ? run.toString() : best;
    }

    private static int skipClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                i = skipClass(regex, i);
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }
}
