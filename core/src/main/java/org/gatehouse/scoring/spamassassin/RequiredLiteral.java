package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pieces of plain text of which every match of a regex must contain at least one, read off the (Java) regex:
 * literal runs, alternations ({@code (?:foo|bar)baz} gives {foobaz, barbaz}), optional parts ({@code colou?r} gives
 * {color, colour}), small character classes ({@code [Ss]ale} gives {sale}). A text containing none of them cannot
 * match, so the regex is not run on it. The pieces are {@link #fold folded} (ASCII letters lower-cased) and texts are
 * folded the same way before the test, which keeps the test a superset of the matches whatever the regex's case flags
 * (Java's CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only). A regex for which no such set exists (every
 * piece shorter than {@link #MIN_LENGTH}, a leading {@code .*}, a class of many characters) has none and always runs.
 */
final class RequiredLiteral {
    /** Shorter pieces are in almost every text: they filter too little to be worth testing. */
    static final int MIN_LENGTH = 3;
    /** The most pieces a cross product of alternations may give (they grow fast). */
    static final int MAX_PIECES = 64;
    /** The most pieces an alternation may give (word lists). */
    static final int MAX_ALTERNATIVES = 256;
    /** The most characters a class may hold to be expanded into pieces. */
    static final int MAX_CLASS = 8;
    /** Pieces are cut to this length: a text holding a piece holds its start, and the automaton stays small. */
    static final int MAX_PIECE_LENGTH = 16;
    private static final int UNSUPPORTED_FLAGS = Pattern.COMMENTS | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS
        | Pattern.LITERAL | Pattern.CANON_EQ;

    private RequiredLiteral() {
    }

    /** ASCII letters lower-cased, every other character as it is. */
    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            folded.append(fold(text.charAt(i)));
        }
        return folded.toString();
    }

    /** The folded pieces one of which every match of this pattern contains, when there is such a set worth testing. */
    static Optional<Set<String>> of(Pattern pattern) {
        if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0) {
            return Optional.empty();
        }
        return of(pattern.pattern());
    }

    /** As {@link #of(Pattern)} for a Java regex's text compiled without COMMENTS or UNICODE_CASE. */
    static Optional<Set<String>> of(String regex) {
        try {
            Parser parser = new Parser(regex);
            Info info = parser.alternation();
            if (parser.at < regex.length()) {
                return Optional.empty();
            }
            return info.factor().filter(RequiredLiteral::worthTesting).map(pieces -> pieces.stream()
                .map(piece -> piece.length() > MAX_PIECE_LENGTH ? piece.substring(0, MAX_PIECE_LENGTH) : piece)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        } catch (GiveUp e) {
            return Optional.empty();
        }
    }

    private static boolean worthTesting(Set<String> pieces) {
        return !pieces.isEmpty() && pieces.stream().allMatch(piece -> piece.length() >= MIN_LENGTH
            && piece.chars().allMatch(c -> c <= LiteralAutomaton.MAX_CHAR));
    }

    /** A construct the analysis does not follow: the regex gets no pieces (it always runs). */
    private static final class GiveUp extends Exception {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    /**
     * What is known of a part of the regex: {@code exact}, every text it can match (folded), when that set is small;
     * {@code required}, pieces one of which each of its matches contains.
     */
    private record Info(Optional<Set<String>> exact, Optional<Set<String>> required) {
        static final Info UNKNOWN = new Info(Optional.empty(), Optional.empty());
        /** A zero-width assertion ({@code ^ $ \b}, a lookaround, inline flags): matches the empty text. */
        static final Info EMPTY = exactly(Set.of(""));

        static Info exactly(Set<String> texts) {
            return new Info(Optional.of(texts), Optional.empty());
        }

        static Info requiring(Optional<Set<String>> pieces) {
            return new Info(Optional.empty(), pieces);
        }

        Optional<Set<String>> factor() {
            return exact.or(() -> required);
        }
    }

    /** The more selective of two piece sets: the longer shortest piece (up to 8 characters), then fewer pieces. */
    private static Optional<Set<String>> better(Optional<Set<String>> a, Optional<Set<String>> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return rank(b.get()) > rank(a.get()) ? b : a;
    }

    private static int rank(Set<String> pieces) {
        int shortest = pieces.stream().mapToInt(String::length).min().orElse(0);
        return Math.min(shortest, 8) * 1000 - pieces.size();
    }

    private static Optional<Set<String>> cross(Set<String> left, Set<String> right) {
        if ((long) left.size() * right.size() > MAX_PIECES) {
            return Optional.empty();
        }
        Set<String> product = new LinkedHashSet<>();
        for (String a : left) {
            for (String b : right) {
                product.add(a + b);
            }
        }
        return Optional.of(product);
    }

    private static Optional<Set<String>> union(Collection<Set<String>> sets) {
        Set<String> union = new LinkedHashSet<>();
        sets.forEach(union::addAll);
        return union.size() > MAX_ALTERNATIVES ? Optional.empty() : Optional.of(union);
    }

    /** A recursive-descent reading of java.util.regex syntax, as far as literal text is concerned. */
    private static final class Parser {
        private final String regex;
        private int at;

        Parser(String regex) {
            this.regex = regex;
        }

        /** {@code a|b|c}: each match is a match of one branch. */
        Info alternation() throws GiveUp {
            List<Info> branches = new ArrayList<>();
            branches.add(sequence());
            while (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                branches.add(sequence());
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            List<Set<String>> exact = new ArrayList<>();
            List<Set<String>> factors = new ArrayList<>();
            for (Info branch : branches) {
                branch.exact().ifPresent(exact::add);
                Optional<Set<String>> factor = branch.factor();
                if (factor.isEmpty()) {
                    return Info.UNKNOWN;
                }
                factors.add(factor.get());
            }
            if (exact.size() == branches.size()) {
                Optional<Set<String>> all = union(exact);
                if (all.isPresent()) {
                    return Info.exactly(all.get());
                }
            }
            return Info.requiring(union(factors));
        }

        /**
         * Consecutive items: runs of items whose texts are all known multiply out (while small); the best run or
         * item requirement stands for the whole.
         */
        private Info sequence() throws GiveUp {
            Optional<Set<String>> run = Optional.of(Set.of(""));
            Optional<Set<String>> best = Optional.empty();
            boolean allExact = true;
            while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
                Info item = quantified(atom());
                if (item.exact().isPresent()) {
                    Optional<Set<String>> longer = run.flatMap(texts -> cross(texts, item.exact().get()));
                    if (longer.isEmpty()) {
                        // too many texts: what is known so far stands, a new run starts here
                        best = better(best, run);
                        allExact = false;
                        longer = item.exact();
                    }
                    run = longer;
                } else {
                    allExact = false;
                    best = better(better(best, run), item.required());
                    run = Optional.of(Set.of(""));
                }
            }
            if (allExact) {
                return Info.exactly(run.get());
            }
            return Info.requiring(better(best, run));
        }

        private Info quantified(Info atom) throws GiveUp {
            if (at >= regex.length()) {
                return atom;
            }
            char c = regex.charAt(at);
            int min;
            int max;
            if (c == '?') {
                min = 0;
                max = 1;
                at++;
            } else if (c == '*') {
                min = 0;
                max = Integer.MAX_VALUE;
                at++;
            } else if (c == '+') {
                min = 1;
                max = Integer.MAX_VALUE;
                at++;
            } else if (c == '{') {
                int close = regex.indexOf('}', at);
                if (close < 0) {
                    throw new GiveUp();
                }
                String[] bounds = regex.substring(at + 1, close).split(",", -1);
                try {
                    min = Integer.parseInt(bounds[0].strip());
                    max = bounds.length == 1 ? min : bounds[1].isBlank() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1].strip());
                } catch (NumberFormatException e) {
                    throw new GiveUp();
                }
                at = close + 1;
            } else {
                return atom;
            }
            // lazy or possessive: the same texts
            if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
                at++;
            }
            if (min == 0) {
                if (max == 1 && atom.exact().isPresent() && atom.exact().get().size() < MAX_PIECES) {
                    Set<String> optional = new LinkedHashSet<>(atom.exact().get());
                    optional.add("");
                    return Info.exactly(optional);
                }
                return Info.UNKNOWN;
            }
            if (min == max && min <= 3 && atom.exact().isPresent()) {
                Optional<Set<String>> repeated = Optional.of(Set.of(""));
                for (int i = 0; i < min && repeated.isPresent(); i++) {
                    repeated = cross(repeated.get(), atom.exact().get());
                }
                if (repeated.isPresent()) {
                    return Info.exactly(repeated.get());
                }
            }
            // at least one occurrence: what one occurrence requires
            return Info.requiring(atom.factor());
        }

        private Info atom() throws GiveUp {
            char c = regex.charAt(at);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return characterClass();
                }
                case '\\' -> {
                    return escape();
                }
                case '.' -> {
                    at++;
                    return Info.UNKNOWN;
                }
                case '^', '$' -> {
                    at++;
                    return Info.EMPTY;
                }
                case '{', '*', '+', '?' -> throw new GiveUp();
                default -> {
                    at++;
                    return Info.exactly(Set.of(String.valueOf(fold(c))));
                }
            }
        }

        private Info group() throws GiveUp {
            at++;
            boolean zeroWidth = false;
            if (regex.startsWith("?", at)) {
                if (regex.startsWith("?:", at) || regex.startsWith("?>", at)) {
                    at += 2;
                } else if (regex.startsWith("?=", at) || regex.startsWith("?!", at)) {
                    at += 2;
                    zeroWidth = true;
                } else if (regex.startsWith("?<=", at) || regex.startsWith("?<!", at)) {
                    at += 3;
                    zeroWidth = true;
                } else if (regex.startsWith("?<", at)) {
                    int close = regex.indexOf('>', at);
                    if (close < 0) {
                        throw new GiveUp();
                    }
                    at = close + 1;
                } else {
                    // inline flags, (?i) or (?i:...): x and u change what the text means
                    int end = at + 1;
                    while (end < regex.length() && (Character.isLetter(regex.charAt(end)) || regex.charAt(end) == '-')) {
                        end++;
                    }
                    String flags = regex.substring(at + 1, end);
                    if (end >= regex.length() || flags.indexOf('x') >= 0 || flags.indexOf('u') >= 0 || flags.indexOf('U') >= 0) {
                        throw new GiveUp();
                    }
                    at = end + 1;
                    if (regex.charAt(end) == ')') {
                        return Info.EMPTY;
                    }
                    if (regex.charAt(end) != ':') {
                        throw new GiveUp();
                    }
                }
            }
            Info inside = alternation();
            if (at >= regex.length() || regex.charAt(at) != ')') {
                throw new GiveUp();
            }
            at++;
            return zeroWidth ? Info.EMPTY : inside;
        }

        /** A class of few characters is the set of those characters; a negated or large one is unknown. */
        private Info characterClass() throws GiveUp {
            at++;
            boolean negated = at < regex.length() && regex.charAt(at) == '^';
            if (negated) {
                at++;
            }
            Set<String> members = new LinkedHashSet<>();
            boolean known = !negated;
            boolean first = true;
            while (true) {
                if (at >= regex.length()) {
                    throw new GiveUp();
                }
                char c = regex.charAt(at);
                if (c == ']' && !first) {
                    at++;
                    break;
                }
                first = false;
                if (c == '[') {
                    // a nested class or a union: skipped, the class is unknown
                    skipClass();
                    known = false;
                    continue;
                }
                if (c == '&' && regex.startsWith("&&", at)) {
                    at += 2;
                    known = false;
                    continue;
                }
                int low = classChar();
                if (low < 0) {
                    known = false;
                    continue;
                }
                int high = low;
                if (at + 1 < regex.length() && regex.charAt(at) == '-' && regex.charAt(at + 1) != ']') {
                    at++;
                    high = classChar();
                    if (high < 0) {
                        known = false;
                        continue;
                    }
                }
                if (high - low >= MAX_CLASS) {
                    known = false;
                    continue;
                }
                for (int member = low; member <= high; member++) {
                    members.add(String.valueOf(fold((char) member)));
                }
            }
            return known && !members.isEmpty() && members.size() <= MAX_CLASS ? Info.exactly(members) : Info.UNKNOWN;
        }

        private void skipClass() throws GiveUp {
            int depth = 0;
            while (at < regex.length()) {
                char c = regex.charAt(at);
                if (c == '\\') {
                    at += 2;
                    continue;
                }
                at++;
                if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return;
                }
            }
            throw new GiveUp();
        }

        /** One character of a class, or -1 for an escape standing for many ({@code \d}, {@code \p{Alpha}}). */
        private int classChar() throws GiveUp {
            char c = regex.charAt(at);
            if (c != '\\') {
                at++;
                return c;
            }
            int literal = escapedChar();
            if (literal >= 0) {
                return literal;
            }
            skipEscape();
            return -1;
        }

        private Info escape() throws GiveUp {
            if (at + 1 >= regex.length()) {
                throw new GiveUp();
            }
            char next = regex.charAt(at + 1);
            if ("bBAzZG".indexOf(next) >= 0) {
                at += 2;
                return Info.EMPTY;
            }
            if (next == 'Q' || next == 'E' || next == 'N' || next == 'K') {
                throw new GiveUp();
            }
            int literal = escapedChar();
            if (literal >= 0) {
                return Info.exactly(Set.of(String.valueOf(fold((char) literal))));
            }
            skipEscape();
            return Info.UNKNOWN;
        }

        /** An escape meaning one character ({@code \.}, {@code \t}, {@code \x41}), consumed; else -1 and nothing consumed. */
        private int escapedChar() throws GiveUp {
            char next = regex.charAt(at + 1);
            if (!Character.isLetterOrDigit(next)) {
                at += 2;
                return next;
            }
            int simple = "tnrfae".indexOf(next);
            if (simple >= 0) {
                at += 2;
                return "\t\n\r\f\u0007\u001b".charAt(simple);
            }
            if (next == 'x') {
                if (regex.startsWith("{", at + 2)) {
                    int close = regex.indexOf('}', at);
                    if (close < 0) {
                        throw new GiveUp();
                    }
                    int value = hex(regex.substring(at + 3, close));
                    at = close + 1;
                    return value;
                }
                int value = hex(regex.substring(at + 2, Math.min(regex.length(), at + 4)));
                at += 4;
                return value;
            }
            if (next == 'u') {
                int value = hex(regex.substring(at + 2, Math.min(regex.length(), at + 6)));
                at += 6;
                return value;
            }
            if (next == '0') {
                int end = at + 2;
                while (end < regex.length() && end < at + 5 && regex.charAt(end) >= '0' && regex.charAt(end) <= '7') {
                    end++;
                }
                if (end == at + 2) {
                    throw new GiveUp();
                }
                int value = Integer.parseInt(regex.substring(at + 2, end), 8);
                at = end;
                return value;
            }
            if (next == 'c' && at + 2 < regex.length()) {
                int value = regex.charAt(at + 2) ^ 64;
                at += 3;
                return value;
            }
            return -1;
        }

        /** Consumes an escape standing for many characters or for a back reference. */
        private void skipEscape() throws GiveUp {
            char next = regex.charAt(at + 1);
            if ("dDwWsShHvVRX".indexOf(next) >= 0) {
                at += 2;
            } else if (next == 'p' || next == 'P') {
                at += 2;
                if (regex.startsWith("{", at)) {
                    int close = regex.indexOf('}', at);
                    if (close < 0) {
                        throw new GiveUp();
                    }
                    at = close + 1;
                } else {
                    at++;
                }
            } else if (Character.isDigit(next)) {
                at += 2;
                while (at < regex.length() && Character.isDigit(regex.charAt(at))) {
                    at++;
                }
            } else if (next == 'k') {
                int close = regex.indexOf('>', at);
                if (close < 0) {
                    throw new GiveUp();
                }
                at = close + 1;
            } else {
                throw new GiveUp();
            }
        }

        private static int hex(String digits) throws GiveUp {
            try {
                int value = Integer.parseInt(digits, 16);
                if (value > Character.MAX_VALUE) {
                    throw new GiveUp();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new GiveUp();
            }
        }
    }
}
