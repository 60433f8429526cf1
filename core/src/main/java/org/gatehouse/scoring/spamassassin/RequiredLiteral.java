package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.BitSet;
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
    static final int MAX_ALTERNATIVES = 512;
    /** The most characters a class may hold to be expanded into pieces. */
    static final int MAX_CLASS = 8;
    /** Pieces are cut to this length: a text holding a piece holds its start, and the automaton stays small. */
    static final int MAX_PIECE_LENGTH = 16;
    /** A first-character set with more ASCII characters than this leaves too few positions out to pay for skipping. */
    static final int MAX_FIRST_ASCII = 48;
    /** The same for the pairs of ASCII characters a match can open with (a quarter of them). */
    static final int MAX_OPENING_PAIRS = 128 * 128 / 4;
    /** Every character: bits 0 to 255, and 256 for the characters above. */
    private static final BitSet ALL = range(0, LiteralAutomaton.MAX_CHAR + 1);
    private static final BitSet DIGITS = range('0', '9');
    private static final BitSet WORD = word();
    private static final BitSet SPACE = chars(" \t\n\u000b\f\r");
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
        return parse(regex).flatMap(Info::factor).filter(RequiredLiteral::worthTesting).map(pieces -> pieces.stream()
            .map(piece -> piece.length() > MAX_PIECE_LENGTH ? piece.substring(0, MAX_PIECE_LENGTH) : piece)
            .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /**
     * Where a match can start, when every match has at least one character and the characters it can start with leave
     * out enough to be worth skipping to. For a regex opening with a group of zero-width assertions and single
     * characters, {@code (?:^|\s)X...} or {@code (?:^|\W)X...}, a match starts at a character X can start with, or at
     * one of that group's characters followed by one: the blanks before other words are skipped too. Besides, where
     * the match proper starts, the text must hold a character a one-character match is, or a pair of characters a
     * longer match can open with ({@code <P><A><Y>|<S><E><N><D>} opens with a P look-alike followed by an A look-alike,
     * or an S look-alike followed by an E look-alike). Both ASCII cases are always in.
     */
    static Optional<Starts> starts(Pattern pattern) {
        if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0 || pattern.pattern().contains("\\G")) {
            return Optional.empty();
        }
        String regex = pattern.pattern();
        return afterHead(regex).or(() -> parse(regex).filter(info -> !info.nullable() && selective(info))
            .map(info -> new Starts(characters(info.first()), new boolean[LiteralAutomaton.MAX_CHAR + 2], characters(info.one()),
                CharacterPairs.rows(info.starts()))));
    }

    /**
     * The characters at which a regex may be tried ({@code c} up to 255 at index c, all above at 256): where the text
     * holds one of {@code first}, or one of {@code before} followed by one of {@code first}; and there (or after the
     * {@code before} character) one of {@code one}, or a pair of characters of {@code pairs} ({@link CharacterPairs#rows}).
     */
    record Starts(boolean[] first, boolean[] before, boolean[] one, long[][] pairs) {
        boolean possibleAt(String text, int at) {
            int last = first.length - 1;
            int c = Math.min(text.charAt(at), last);
            return first[c] && opens(text, at)
                || before[c] && at + 1 < text.length() && first[Math.min(text.charAt(at + 1), last)] && opens(text, at + 1);
        }

        /** Whether a match can open at this character, which is one of {@code first}. */
        private boolean opens(String text, int at) {
            int last = first.length - 1;
            int c = text.charAt(at);
            // above 255 (all one slot, and a code point of two chars): not told apart
            if (c >= last || one[c]) {
                return true;
            }
            return at + 1 < text.length() && CharacterPairs.has(pairs, c, Math.min(text.charAt(at + 1), last));
        }
    }

    /**
     * The pairs of consecutive characters every match needs ({@link CharacterPairs}), when some can be read off the
     * regex; any construct the reading does not follow gives none (the regex always runs).
     */
    static Optional<CharacterPairs.Condition> pairs(Pattern pattern) {
        if ((pattern.flags() & UNSUPPORTED_FLAGS) != 0) {
            return Optional.empty();
        }
        return pairs(pattern.pattern());
    }

    /** As {@link #pairs(Pattern)} for a Java regex's text compiled without COMMENTS or UNICODE_CASE. */
    static Optional<CharacterPairs.Condition> pairs(String regex) {
        return parse(regex).map(Info::pairs).filter(condition -> !condition.always());
    }

    /** {@link #starts} for a regex that opens with a group of zero-width assertions and single characters. */
    private static Optional<Starts> afterHead(String regex) {
        try {
            Parser parser = new Parser(regex);
            Optional<BitSet> head = parser.singleCharacterHead();
            if (head.isEmpty()) {
                return Optional.empty();
            }
            Info rest = parser.sequence();
            if (parser.at < regex.length() || rest.nullable() || !selective(rest)) {
                return Optional.empty();
            }
            return Optional.of(new Starts(characters(rest.first()), characters(head.get()), characters(rest.one()),
                CharacterPairs.rows(rest.starts())));
        } catch (GiveUp e) {
            return Optional.empty();
        }
    }

    /** Whether the first characters, or the one-character matches and the opening pairs, leave out enough positions. */
    private static boolean selective(Info info) {
        return info.first().get(0, 128).cardinality() <= MAX_FIRST_ASCII
            || info.one().get(0, 128).cardinality() <= MAX_FIRST_ASCII && CharacterPairs.asciiPairs(info.starts()) <= MAX_OPENING_PAIRS;
    }

    private static boolean[] characters(BitSet set) {
        boolean[] characters = new boolean[LiteralAutomaton.MAX_CHAR + 2];
        set.stream().forEach(c -> characters[c] = true);
        return characters;
    }

    private static Optional<Info> parse(String regex) {
        try {
            Parser parser = new Parser(regex);
            Info info = parser.alternation();
            return parser.at < regex.length() ? Optional.empty() : Optional.of(info);
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
     * {@code required}, pieces one of which each of its matches contains; {@code first}, the characters its matches can
     * start with (bit 256: any above 255); {@code nullable}, whether it can match the empty text; {@code repeated}, for
     * {@code X+} of a known X, X's texts (the first occurrence follows what comes before, the last precedes what follows).
     */
    private record Info(Optional<Set<String>> exact, Optional<Set<String>> required, BitSet first, boolean nullable,
                        Optional<Set<String>> repeated, BitSet last, CharacterPairs.Condition pairs, BitSet one, long[] starts) {
        Info(Optional<Set<String>> exact, Optional<Set<String>> required, BitSet first, boolean nullable, BitSet last,
             CharacterPairs.Condition pairs, BitSet one, long[] starts) {
            this(exact, required, first, nullable, Optional.empty(), last, pairs, one, starts);
        }

        /** A zero-width assertion ({@code ^ $ \b}, a lookaround, inline flags): matches the empty text. */
        static final Info EMPTY = new Info(Optional.of(Set.of("")), Optional.empty(), new BitSet(), true, new BitSet(),
            CharacterPairs.TRUE, new BitSet(), CharacterPairs.NO_PAIRS);
        /** Any one character ({@code .}, {@code \p{...}}). */
        static final Info ANY = characters(ALL);
        /** A line break or a grapheme ({@code \R}, {@code \X}): one character or more. */
        static final Info ANY_SEQUENCE = new Info(Optional.empty(), Optional.empty(), ALL, false, ALL, CharacterPairs.TRUE, ALL,
            CharacterPairs.product(ALL, ALL));
        /** A back reference: anything, possibly empty. */
        static final Info ANYTHING = new Info(Optional.empty(), Optional.empty(), ALL, true, ALL, CharacterPairs.TRUE, ALL,
            CharacterPairs.product(ALL, ALL));

        /** One character of a set: its texts when the set is small. */
        static Info characters(BitSet set) {
            BitSet first = bothCases(set);
            Set<String> folded = new LinkedHashSet<>();
            if (!first.get(LiteralAutomaton.MAX_CHAR + 1)) {
                first.stream().forEach(c -> folded.add(String.valueOf(fold((char) c))));
            }
            // a class of blanks (\s) would multiply every piece by its variants: it breaks pieces instead
            boolean small = !folded.isEmpty() && folded.size() <= MAX_CLASS && (folded.size() == 1 || !first.intersects(SPACE));
            return new Info(small ? Optional.of(folded) : Optional.empty(), Optional.empty(), first, false, first, CharacterPairs.TRUE,
                first, CharacterPairs.NO_PAIRS);
        }

        Optional<Set<String>> factor() {
            return exact.or(() -> required);
        }
    }

    private static BitSet range(int low, int high) {
        BitSet set = new BitSet();
        set.set(low, high + 1);
        return set;
    }

    /** The set of these characters, those above 255 as bit 256. */
    private static BitSet chars(String members) {
        BitSet set = new BitSet();
        members.chars().forEach(c -> set.set(Math.min(c, LiteralAutomaton.MAX_CHAR + 1)));
        return set;
    }

    private static BitSet word() {
        BitSet set = range('a', 'z');
        set.or(range('A', 'Z'));
        set.or(DIGITS);
        set.set('_');
        return set;
    }

    /** The characters up to 255 not in the set, and all above. */
    private static BitSet complement(BitSet set) {
        BitSet complement = range(0, LiteralAutomaton.MAX_CHAR + 1);
        complement.andNot(set);
        complement.set(LiteralAutomaton.MAX_CHAR + 1);
        return complement;
    }

    private static BitSet bothCases(BitSet set) {
        BitSet both = (BitSet) set.clone();
        set.stream().filter(c -> c < 128 && Character.isLetter(c)).forEach(c -> {
            both.set(Character.toLowerCase(c));
            both.set(Character.toUpperCase(c));
        });
        return both;
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

    /**
     * The pieces of all these sets; when too many, each cut to its core (blanks at either end dropped, then its first
     * 8 characters): a text holding a piece holds any part of it.
     */
    private static Optional<Set<String>> union(Collection<Set<String>> sets) {
        Set<String> union = new LinkedHashSet<>();
        sets.forEach(union::addAll);
        if (union.size() <= MAX_ALTERNATIVES) {
            return Optional.of(union);
        }
        Set<String> cores = new LinkedHashSet<>();
        for (String piece : union) {
            String core = piece.strip();
            core = core.length() < MIN_LENGTH ? piece : core;
            cores.add(core.length() > 8 ? core.substring(0, 8) : core);
        }
        return cores.size() > MAX_ALTERNATIVES ? Optional.empty() : Optional.of(cores);
    }

    /** A recursive-descent reading of java.util.regex syntax, as far as literal text and first characters are concerned. */
    private static final class Parser {
        private final String regex;
        private int at;

        Parser(String regex) {
            this.regex = regex;
        }

        /**
         * For a regex opening with {@code (?:a|b|...)} where each branch is one zero-width assertion or one character
         * ({@code ^}, {@code \b}, {@code \s}, {@code \W}, a class), unquantified: the characters of the branches,
         * the parser then standing after the group; else nothing.
         */
        Optional<BitSet> singleCharacterHead() throws GiveUp {
            if (!regex.startsWith("(?:")) {
                return Optional.empty();
            }
            at = 3;
            BitSet characters = new BitSet();
            while (true) {
                // a group, an empty branch, or an escape of more than one character (\R, \X): not a single character
                if (at >= regex.length() || "()|".indexOf(regex.charAt(at)) >= 0 || regex.startsWith("\\R", at)
                    || regex.startsWith("\\X", at)) {
                    return Optional.empty();
                }
                Info atom = atom();
                if (atom.nullable() && !atom.first().isEmpty()) {
                    // a back reference
                    return Optional.empty();
                }
                characters.or(atom.first());
                if (at >= regex.length()) {
                    return Optional.empty();
                }
                char next = regex.charAt(at++);
                if (next == ')') {
                    break;
                }
                if (next != '|') {
                    return Optional.empty();
                }
            }
            if (at < regex.length() && "?*+{".indexOf(regex.charAt(at)) >= 0) {
                return Optional.empty();
            }
            return Optional.of(characters);
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
            BitSet first = new BitSet();
            BitSet last = new BitSet();
            List<CharacterPairs.Condition> pairs = new ArrayList<>();
            BitSet one = new BitSet();
            long[] starts = CharacterPairs.NO_PAIRS;
            boolean nullable = false;
            List<Set<String>> exact = new ArrayList<>();
            List<Set<String>> factors = new ArrayList<>();
            boolean everyFactor = true;
            for (Info branch : branches) {
                first.or(branch.first());
                last.or(branch.last());
                pairs.add(branch.pairs());
                one.or(branch.one());
                starts = CharacterPairs.union(starts, branch.starts());
                nullable |= branch.nullable();
                branch.exact().ifPresent(exact::add);
                Optional<Set<String>> factor = branch.factor();
                factor.ifPresent(factors::add);
                everyFactor &= factor.isPresent();
            }
            if (exact.size() == branches.size()) {
                Optional<Set<String>> all = union(exact);
                if (all.isPresent()) {
                    return new Info(all, Optional.empty(), first, nullable, last, CharacterPairs.or(pairs), one, starts);
                }
            }
            return new Info(Optional.empty(), everyFactor ? union(factors) : Optional.empty(), first, nullable, last,
                CharacterPairs.or(pairs), one, starts);
        }

        /**
         * Consecutive items: runs of items whose texts are all known multiply out (while small); the best run or
         * item requirement stands for the whole.
         */
        Info sequence() throws GiveUp {
            Optional<Set<String>> run = Optional.of(Set.of(""));
            Optional<Set<String>> best = Optional.empty();
            boolean allExact = true;
            BitSet first = new BitSet();
            boolean nullable = true;
            // character pairs: each item's own, and the junction after each item that cannot be empty (anchor: its
            // last characters) with what comes next (pending: the first characters of the possibly empty items since,
            // and of the next item that cannot be empty)
            List<CharacterPairs.Condition> pairs = new ArrayList<>();
            BitSet last = new BitSet();
            Optional<BitSet> anchor = Optional.empty();
            BitSet pending = new BitSet();
            // the first two characters of the matches longer than one character, and the characters of those of one
            BitSet one = new BitSet();
            long[] starts = CharacterPairs.NO_PAIRS;
            while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
                Info item = quantified(atom());
                starts = CharacterPairs.union(starts, CharacterPairs.product(one, item.first()));
                if (nullable) {
                    starts = CharacterPairs.union(starts, item.starts());
                }
                BitSet oneAfter = item.nullable() ? one : new BitSet();
                if (nullable) {
                    oneAfter = (BitSet) oneAfter.clone();
                    oneAfter.or(item.one());
                }
                one = oneAfter;
                if (nullable) {
                    first.or(item.first());
                }
                nullable &= item.nullable();
                if (item.nullable()) {
                    pending.or(item.first());
                    last.or(item.last());
                } else {
                    pairs.add(item.pairs());
                    if (anchor.isPresent()) {
                        pending.or(item.first());
                        pairs.add(CharacterPairs.pair(anchor.get(), pending));
                    }
                    anchor = Optional.of(item.last());
                    pending = new BitSet();
                    last = (BitSet) item.last().clone();
                }
                if (item.repeated().isPresent()) {
                    // the run ends with the first occurrence; a new run starts with the last one
                    allExact = false;
                    Set<String> texts = item.repeated().get();
                    Optional<Set<String>> before = run;
                    best = better(best, before.flatMap(known -> cross(known, texts)).or(() -> before));
                    run = Optional.of(texts);
                } else if (item.exact().isPresent()) {
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
            CharacterPairs.Condition condition = CharacterPairs.and(pairs);
            if (allExact) {
                return new Info(run, Optional.empty(), first, nullable, last, condition, one, starts);
            }
            return new Info(Optional.empty(), better(best, run), first, nullable, last, condition, one, starts);
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
            // a match opens with an occurrence of two characters or more, or with one of one character and the next one's first
            long[] starts = max >= 2 ? CharacterPairs.union(atom.starts(), CharacterPairs.product(atom.one(), atom.first())) : atom.starts();
            BitSet one = min >= 2 && !atom.nullable() ? new BitSet() : atom.one();
            if (min == 0) {
                if (max == 1 && atom.exact().isPresent() && atom.exact().get().size() < MAX_PIECES) {
                    Set<String> optional = new LinkedHashSet<>(atom.exact().get());
                    optional.add("");
                    return new Info(Optional.of(optional), Optional.empty(), atom.first(), true, atom.last(), CharacterPairs.TRUE, one,
                        starts);
                }
                return new Info(Optional.empty(), Optional.empty(), atom.first(), true, atom.last(), CharacterPairs.TRUE, one, starts);
            }
            // one occurrence's pairs; from two occurrences on, also an occurrence's last character before the next one's first
            CharacterPairs.Condition pairs = atom.nullable() ? CharacterPairs.TRUE : min >= 2
                ? CharacterPairs.and(List.of(atom.pairs(), CharacterPairs.pair(atom.last(), atom.first()))) : atom.pairs();
            if (min == max && min <= 3 && atom.exact().isPresent()) {
                Optional<Set<String>> repeated = Optional.of(Set.of(""));
                for (int i = 0; i < min && repeated.isPresent(); i++) {
                    repeated = cross(repeated.get(), atom.exact().get());
                }
                if (repeated.isPresent()) {
                    return new Info(repeated, Optional.empty(), atom.first(), atom.nullable(), atom.last(), pairs, one, starts);
                }
            }
            // at least one occurrence: what one occurrence requires
            return new Info(Optional.empty(), atom.factor(), atom.first(), atom.nullable(), atom.exact().filter(texts -> !texts.contains("")),
                atom.last(), pairs, one, starts);
        }

        private Info atom() throws GiveUp {
            char c = regex.charAt(at);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return Info.characters(characterClass());
                }
                case '\\' -> {
                    return escape();
                }
                case '.' -> {
                    at++;
                    return Info.ANY;
                }
                case '^', '$' -> {
                    at++;
                    return Info.EMPTY;
                }
                case '{', '*', '+', '?' -> throw new GiveUp();
                default -> {
                    at++;
                    return Info.characters(chars(String.valueOf(c)));
                }
            }
        }

        private Info group() throws GiveUp {
            at++;
            Optional<GroupOpening> opening = GroupOpening.read(regex, at);
            boolean zeroWidth = opening.map(GroupOpening::zeroWidth).orElse(false);
            if (opening.isPresent()) {
                at = opening.get().contents();
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
            Info inside = alternation();
            if (at >= regex.length() || regex.charAt(at) != ')') {
                throw new GiveUp();
            }
            at++;
            return zeroWidth ? Info.EMPTY : inside;
        }

        /** The characters a class matches (a superset where it holds a property or an intersection). */
        private BitSet characterClass() throws GiveUp {
            at++;
            boolean negated = at < regex.length() && regex.charAt(at) == '^';
            if (negated) {
                at++;
            }
            BitSet members = new BitSet();
            boolean approximate = false;
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
                    // a nested class or a union
                    members.or(characterClass());
                    continue;
                }
                if (c == '&' && regex.startsWith("&&", at)) {
                    // an intersection: the union is a superset
                    at += 2;
                    approximate = true;
                    continue;
                }
                int low = classChar(members);
                if (low < 0) {
                    continue;
                }
                int high = low;
                if (at + 1 < regex.length() && regex.charAt(at) == '-' && regex.charAt(at + 1) != ']') {
                    at++;
                    high = classChar(members);
                    if (high < low) {
                        throw new GiveUp();
                    }
                }
                members.set(Math.min(low, LiteralAutomaton.MAX_CHAR + 1), Math.min(high, LiteralAutomaton.MAX_CHAR + 1) + 1);
            }
            if (negated) {
                if (approximate || members.get(LiteralAutomaton.MAX_CHAR + 1)) {
                    return (BitSet) ALL.clone();
                }
                return complement(members);
            }
            return members;
        }

        /** One character of a class, or -1 after adding what an escape such as {@code \d} stands for. */
        private int classChar(BitSet members) throws GiveUp {
            char c = regex.charAt(at);
            if (c != '\\') {
                at++;
                return c;
            }
            int literal = escapedChar();
            if (literal >= 0) {
                return literal;
            }
            members.or(escapedClass().first());
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
                return Info.characters(chars(String.valueOf((char) literal)));
            }
            return escapedClass();
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

        /** An escape standing for many characters ({@code \d \w \s}, their negations, properties) or a back reference. */
        private Info escapedClass() throws GiveUp {
            char next = regex.charAt(at + 1);
            switch (next) {
                case 'd', 'w', 's', 'D', 'W', 'S' -> {
                    at += 2;
                    BitSet set = switch (Character.toLowerCase(next)) {
                        case 'd' -> DIGITS;
                        case 'w' -> WORD;
                        default -> SPACE;
                    };
                    return Info.characters(Character.isUpperCase(next) ? complement(set) : set);
                }
                case 'h', 'H', 'v', 'V' -> {
                    at += 2;
                    return Info.ANY;
                }
                case 'R', 'X' -> {
                    at += 2;
                    return Info.ANY_SEQUENCE;
                }
                case 'p', 'P' -> {
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
                    return Info.ANY;
                }
                case 'k' -> {
                    int close = regex.indexOf('>', at);
                    if (close < 0) {
                        throw new GiveUp();
                    }
                    at = close + 1;
                    return Info.ANYTHING;
                }
                default -> {
                    if (!Character.isDigit(next)) {
                        throw new GiveUp();
                    }
                    at += 2;
                    while (at < regex.length() && Character.isDigit(regex.charAt(at))) {
                        at++;
                    }
                    return Info.ANYTHING;
                }
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
