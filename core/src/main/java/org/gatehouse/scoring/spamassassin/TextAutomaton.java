package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.gatehouse.shaded.lucene.util.automaton.Automata;
import org.gatehouse.shaded.lucene.util.automaton.Automaton;
import org.gatehouse.shaded.lucene.util.automaton.Operations;
import org.gatehouse.shaded.lucene.util.automaton.Transition;

/**
 * Says whether a regex <em>may</em> match somewhere in a text, reading it once, one step per character: a lazily built
 * DFA (as RE2's) over a nondeterministic automaton that accepts a superset of the regex's matches, so a text it rejects
 * cannot hold a match and the regex is not run on it. The superset comes from widening what an automaton cannot
 * express or would make large: lookarounds, anchors and {@code \b} match the empty string, a back reference any
 * string, a counted repeat {@code {n,m}} becomes "at least min(n, 5)", and {@code \p{..}} any character. Exact for
 * the rest, Java's case-insensitivity (ASCII letters only) included.
 *
 * <p>What it is for: long regexes that Java's backtracking matcher tries branch after branch at every position, such
 * as SpamAssassin's {@code __FILL_THIS_FORM_*} (lists of form fields, each one of about a hundred words), whose full
 * DFA is too large to build: only the DFA states a text reaches are made, each once, and kept for the next texts up
 * to {@link #MAX_STATES}; past that a text counts as a candidate. Thread-safe (states are immutable but for their
 * transitions, filled in idempotently). The texts are SpamAssassin's byte strings (characters up to 0xFF); a text with
 * a character above that is always a candidate.
 */
final class TextAutomaton {
    /** The most DFA states kept per regex; past it a text needing a new state is a candidate (the regex runs as before). */
    static final int MAX_STATES = 4_000;

    /**
     * The DFA states all the automata of one rule set may make together (their memory): once spent, a text needing a
     * new state is a candidate.
     */
    static final class Budget {
        private final java.util.concurrent.atomic.AtomicInteger left;
        private final int size;

        Budget(int size) {
            this.size = size;
            this.left = new java.util.concurrent.atomic.AtomicInteger(size);
        }

        boolean take() {
            return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }

        /** How many states were made. */
        int used() {
            return size - left.get();
        }
    }

    /** The most copies a counted repeat keeps ({@code {n,m}} becomes {@code {min(n, 5),}}). */
    private static final int MAX_COPIES = 5;
    private static final int ALPHABET = 256;
    /** How many characters between two clock readings (a power of two). */
    private static final int CHECK_EVERY = 1 << 16;
    private static final int UNTRANSLATED_FLAGS = Pattern.COMMENTS | Pattern.LITERAL | Pattern.UNICODE_CASE
        | Pattern.UNICODE_CHARACTER_CLASS | Pattern.CANON_EQ;

    /** Per NFA state, its transitions as (min, max, destination) triples. */
    private final int[][] transitions;
    private final boolean[] accepting;
    /** Each character's class: characters no transition tells apart share one. */
    private final byte[] classes;
    private final int[] representatives;
    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();
    private final Budget budget;
    private final State start;

    private TextAutomaton(Automaton nfa, Budget budget) {
        this.budget = budget;
        int count = nfa.getNumStates();
        transitions = new int[count][];
        accepting = new boolean[count];
        boolean[] boundary = new boolean[ALPHABET + 1];
        boundary[0] = true;
        Transition transition = new Transition();
        for (int state = 0; state < count; state++) {
            accepting[state] = nfa.isAccept(state);
            int number = nfa.initTransition(state, transition);
            int[] triples = new int[number * 3];
            for (int i = 0; i < number; i++) {
                nfa.getNextTransition(transition);
                triples[3 * i] = transition.min;
                triples[3 * i + 1] = transition.max;
                triples[3 * i + 2] = transition.dest;
                if (transition.min < ALPHABET) {
                    boundary[transition.min] = true;
                }
                if (transition.max + 1 < ALPHABET) {
                    boundary[transition.max + 1] = true;
                }
            }
            transitions[state] = triples;
        }
        classes = new byte[ALPHABET];
        List<Integer> starts = new ArrayList<>();
        for (int c = 0; c < ALPHABET; c++) {
            if (boundary[c]) {
                starts.add(c);
            }
            classes[c] = (byte) (starts.size() - 1);
        }
        representatives = starts.stream().mapToInt(Integer::intValue).toArray();
        start = make(new int[] {0});
    }

    /**
     * The automaton for this compiled regex, or empty when its syntax or flags are beyond this translation (inline
     * flags, {@code COMMENTS}, {@code LITERAL}, Unicode case or classes), when it may match the empty string (every
     * text would be a candidate), or when the budget is spent.
     */
    static Optional<TextAutomaton> of(Pattern pattern, Budget budget) {
        if ((pattern.flags() & UNTRANSLATED_FLAGS) != 0) {
            return Optional.empty();
        }
        try {
            Optional<Automaton> regex = new Parser(pattern.pattern(), (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0).parse();
            if (regex.isEmpty()) {
                return Optional.empty();
            }
            Automaton anywhere = Operations.concatenate(Automata.makeAnyString(), regex.get());
            if (anywhere.getNumStates() == 0 || !budget.take()) {
                return Optional.empty();
            }
            TextAutomaton automaton = new TextAutomaton(anywhere, budget);
            return automaton.start.accept ? Optional.empty() : Optional.of(automaton);
        } catch (RuntimeException | StackOverflowError e) {
            // a regex nested deeper than the parser's recursion, or one Lucene refuses: no automaton, Java decides
            return Optional.empty();
        }
    }

    /**
     * False only when no match of the regex can occur in the text. Reads the clock every {@value #CHECK_EVERY}
     * characters, so that a huge text stops at the message's time budget as Java's matcher does.
     *
     * @throws DeadlineCharSequence.BudgetExceeded once the deadline has passed
     */
    boolean mayMatch(CharSequence text, DeadlineCharSequence.Deadline deadline) {
        State state = start;
        for (int i = 0, length = text.length(); i < length; i++) {
            if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
                deadline.check();
            }
            char c = text.charAt(i);
            if (c >= ALPHABET) {
                return true;
            }
            int k = classes[c] & 0xFF;
            State next = state.next[k];
            if (next == null) {
                next = step(state, k);
                if (next == null) {
                    // too many states: the text is a candidate
                    return true;
                }
                state.next[k] = next;
            }
            if (next.accept) {
                return true;
            }
            state = next;
        }
        return false;
    }

    private State step(State from, int k) {
        int c = representatives[k];
        int[] targets = new int[8];
        int size = 0;
        for (int nfaState : from.set) {
            int[] triples = transitions[nfaState];
            for (int i = 0; i < triples.length; i += 3) {
                if (triples[i] <= c && c <= triples[i + 1]) {
                    if (size == targets.length) {
                        targets = Arrays.copyOf(targets, size * 2);
                    }
                    targets[size++] = triples[i + 2];
                }
            }
        }
        int[] set = Arrays.stream(targets, 0, size).sorted().distinct().toArray();
        State known = states.get(new Key(set));
        if (known != null) {
            return known;
        }
        if (states.size() >= MAX_STATES || !budget.take()) {
            return null;
        }
        return make(set);
    }

    private State make(int[] set) {
        boolean accept = false;
        for (int nfaState : set) {
            accept |= accepting[nfaState];
        }
        State made = new State(set, accept, new State[representatives.length]);
        State raced = states.putIfAbsent(new Key(set), made);
        return raced == null ? made : raced;
    }

    /** A set of NFA states, as a map key. */
    private record Key(int[] set) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(set, key.set);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(set);
        }

    }

    /** One DFA state: its NFA states, whether one accepts, and its transitions by character class as they are found. */
    private record State(int[] set, boolean accept, State[] next) {
    }

    /** Recursive descent over Java's regex syntax, as {@link PerlRegex} writes it; empty for what it does not know. */
    private static final class Parser {
        private final String source;
        private final boolean caseless;
        private int at;
        private boolean unknown;

        Parser(String source, boolean caseless) {
            this.source = source;
            this.caseless = caseless;
        }

        Optional<Automaton> parse() {
            Automaton result = alternation();
            return unknown || at != source.length() ? Optional.empty() : Optional.of(result);
        }

        private Automaton alternation() {
            List<Automaton> branches = new ArrayList<>();
            branches.add(sequence());
            while (!unknown && at < source.length() && source.charAt(at) == '|') {
                at++;
                branches.add(sequence());
            }
            return branches.size() == 1 ? branches.get(0) : Operations.union(branches);
        }

        private Automaton sequence() {
            List<Automaton> items = new ArrayList<>();
            while (!unknown && at < source.length() && source.charAt(at) != '|' && source.charAt(at) != ')') {
                items.add(quantified(atom()));
            }
            if (items.isEmpty()) {
                return Automata.makeEmptyString();
            }
            return items.size() == 1 ? items.get(0) : Operations.concatenate(items);
        }

        private Automaton quantified(Automaton atom) {
            Automaton result = atom;
            while (!unknown && at < source.length()) {
                char c = source.charAt(at);
                if (c == '?') {
                    at++;
                    result = Operations.optional(result);
                } else if (c == '*') {
                    at++;
                    result = Operations.repeat(result);
                } else if (c == '+') {
                    at++;
                    result = Operations.repeat(result, 1);
                } else if (c == '{' && counted()) {
                    int close = source.indexOf('}', at);
                    String bounds = source.substring(at + 1, close);
                    int comma = bounds.indexOf(',');
                    int min = Integer.parseInt(comma < 0 ? bounds : bounds.substring(0, comma));
                    at = close + 1;
                    result = Operations.repeat(result, Math.min(min, MAX_COPIES));
                } else {
                    break;
                }
                // lazy and possessive forms match the same texts, or fewer
                if (at < source.length() && (source.charAt(at) == '?' || source.charAt(at) == '+')) {
                    at++;
                }
            }
            return result;
        }

        private boolean counted() {
            int close = source.indexOf('}', at);
            return close > at && source.substring(at + 1, close).matches("\\d{1,6}(,\\d{0,6})?");
        }

        private Automaton atom() {
            char c = source.charAt(at);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    return chars(characterClass());
                }
                case '.' -> {
                    at++;
                    return chars(all());
                }
                case '^', '$' -> {
                    at++;
                    return Automata.makeEmptyString();
                }
                case '\\' -> {
                    return escape();
                }
                case '*', '+', '?', '{' -> {
                    if (c == '{' && !counted()) {
                        at++;
                        return literal(c);
                    }
                    // a quantifier with nothing to repeat
                    return giveUp();
                }
                default -> {
                    at++;
                    return literal(c);
                }
            }
        }

        private Automaton giveUp() {
            unknown = true;
            at = source.length();
            return Automata.makeEmptyString();
        }

        private Automaton group() {
            at++;
            Optional<GroupOpening> opening = GroupOpening.read(source, at);
            if (opening.isEmpty()) {
                // inline flags and anything else: not translated
                return giveUp();
            }
            at = opening.get().contents();
            boolean zeroWidth = opening.get().zeroWidth();
            Automaton inner = alternation();
            if (unknown || at >= source.length() || source.charAt(at) != ')') {
                return giveUp();
            }
            at++;
            return zeroWidth ? Automata.makeEmptyString() : inner;
        }

        private Automaton escape() {
            if (at + 1 >= source.length()) {
                return giveUp();
            }
            char e = source.charAt(at + 1);
            if (e == 'Q') {
                int end = source.indexOf("\\E", at + 2);
                String quoted = end < 0 ? source.substring(at + 2) : source.substring(at + 2, end);
                at = end < 0 ? source.length() : end + 2;
                List<Automaton> letters = new ArrayList<>();
                for (char q : quoted.toCharArray()) {
                    letters.add(literal(q));
                }
                return letters.isEmpty() ? Automata.makeEmptyString() : Operations.concatenate(letters);
            }
            switch (e) {
                case 'b', 'B', 'A', 'z', 'Z', 'G' -> {
                    at += 2;
                    return Automata.makeEmptyString();
                }
                case 'R', 'X' -> {
                    // a line break or a grapheme cluster: one character or more
                    at += 2;
                    return Operations.repeat(chars(all()), 1);
                }
                case 'k' -> {
                    int close = source.indexOf('>', at);
                    at = close < 0 ? source.length() : close + 1;
                    return Automata.makeAnyString();
                }
                default -> {
                    if (e >= '1' && e <= '9') {
                        // a back reference: whatever the group matched
                        at += 2;
                        while (at < source.length() && Character.isDigit(source.charAt(at))) {
                            at++;
                        }
                        return Automata.makeAnyString();
                    }
                    boolean[] set = escapedSet();
                    return unknown ? Automata.makeEmptyString() : chars(set);
                }
            }
        }

        /** A one-character escape at {@code at} (a backslash), inside or outside a class; moves past it. */
        private boolean[] escapedSet() {
            char e = source.charAt(at + 1);
            at += 2;
            boolean[] set = new boolean[ALPHABET];
            switch (e) {
                case 'd' -> range(set, '0', '9');
                case 'D' -> complement(rangeSet('0', '9'), set);
                case 's' -> spaces(set);
                case 'S' -> {
                    boolean[] spaces = new boolean[ALPHABET];
                    spaces(spaces);
                    complement(spaces, set);
                }
                case 'w' -> word(set);
                case 'W' -> {
                    boolean[] word = new boolean[ALPHABET];
                    word(word);
                    complement(word, set);
                }
                case 'h' -> {
                    set[' '] = true;
                    set['\t'] = true;
                    set[0xA0] = true;
                }
                case 'v' -> {
                    set['\n'] = true;
                    set[0x0B] = true;
                    set['\f'] = true;
                    set['\r'] = true;
                    set[0x85] = true;
                }
                case 'H', 'V', 'p', 'P' -> {
                    // complements and Unicode properties: any character will do for a superset
                    if ((e == 'p' || e == 'P') && at < source.length() && source.charAt(at) == '{') {
                        int close = source.indexOf('}', at);
                        at = close < 0 ? source.length() : close + 1;
                    } else if (e == 'p' || e == 'P') {
                        at++;
                    }
                    return all();
                }
                case 't' -> set['\t'] = true;
                case 'n' -> set['\n'] = true;
                case 'r' -> set['\r'] = true;
                case 'f' -> set['\f'] = true;
                case 'a' -> set[0x07] = true;
                case 'e' -> set[0x1B] = true;
                case 'x' -> {
                    int code;
                    if (at < source.length() && source.charAt(at) == '{') {
                        int close = source.indexOf('}', at);
                        code = Integer.parseInt(source.substring(at + 1, close), 16);
                        at = close + 1;
                    } else {
                        code = Integer.parseInt(source.substring(at, at + 2), 16);
                        at += 2;
                    }
                    addLiteral(set, code);
                }
                case 'u' -> {
                    addLiteral(set, Integer.parseInt(source.substring(at, at + 4), 16));
                    at += 4;
                }
                case '0' -> {
                    int end = at;
                    while (end < source.length() && end < at + 3 && source.charAt(end) >= '0' && source.charAt(end) <= '7') {
                        end++;
                    }
                    addLiteral(set, end == at ? 0 : Integer.parseInt(source.substring(at, end), 8));
                    at = end;
                }
                case 'c' -> {
                    addLiteral(set, source.charAt(at) ^ 64);
                    at++;
                }
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        giveUp();
                        return set;
                    }
                    addLiteral(set, e);
                }
            }
            return set;
        }

        private boolean[] characterClass() {
            at++;
            boolean negated = at < source.length() && source.charAt(at) == '^';
            if (negated) {
                at++;
            }
            boolean[] set = new boolean[ALPHABET];
            while (at < source.length() && source.charAt(at) != ']') {
                char c = source.charAt(at);
                if (c == '[' || source.startsWith("&&", at)) {
                    // nested classes and intersections: any character will do for a superset
                    skipClass();
                    return all();
                }
                int low;
                boolean[] escaped = null;
                if (c == '\\') {
                    char e = at + 1 < source.length() ? source.charAt(at + 1) : 0;
                    if (e == 'p' || e == 'P' || e == 'Q') {
                        skipClass();
                        return all();
                    }
                    escaped = escapedSet();
                    if (unknown) {
                        return set;
                    }
                    low = single(escaped);
                } else {
                    at++;
                    low = c;
                }
                if (low >= 0 && at + 1 < source.length() && source.charAt(at) == '-' && source.charAt(at + 1) != ']') {
                    at++;
                    int high;
                    if (source.charAt(at) == '\\') {
                        high = single(escapedSet());
                        if (unknown || high < 0) {
                            giveUp();
                            return set;
                        }
                    } else {
                        high = source.charAt(at);
                        at++;
                    }
                    for (int code = low; code <= Math.min(high, ALPHABET - 1); code++) {
                        addLiteral(set, code);
                    }
                } else if (escaped != null) {
                    for (int code = 0; code < ALPHABET; code++) {
                        set[code] |= escaped[code];
                    }
                } else {
                    addLiteral(set, low);
                }
            }
            if (at >= source.length()) {
                giveUp();
                return set;
            }
            at++;
            if (!negated) {
                return set;
            }
            boolean[] complement = new boolean[ALPHABET];
            complement(set, complement);
            return complement;
        }

        private void skipClass() {
            int depth = 0;
            while (at < source.length()) {
                char c = source.charAt(at);
                if (c == '\\') {
                    at += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    if (depth == 0) {
                        at++;
                        return;
                    }
                    depth--;
                }
                at++;
            }
            unknown = true;
        }

        /** The one character a set holds, or -1. */
        private static int single(boolean[] set) {
            int found = -1;
            for (int code = 0; code < ALPHABET; code++) {
                if (set[code]) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = code;
                }
            }
            return found;
        }

        private Automaton literal(int c) {
            boolean[] set = new boolean[ALPHABET];
            addLiteral(set, c);
            return chars(set);
        }

        /** A character, with its other ASCII case when the regex is case-insensitive (Java's default folding). */
        private void addLiteral(boolean[] set, int c) {
            if (c < 0 || c >= ALPHABET) {
                return;
            }
            set[c] = true;
            if (caseless && c >= 'a' && c <= 'z') {
                set[c - 32] = true;
            } else if (caseless && c >= 'A' && c <= 'Z') {
                set[c + 32] = true;
            }
        }

        private static Automaton chars(boolean[] set) {
            List<Automaton> ranges = new ArrayList<>();
            int code = 0;
            while (code < ALPHABET) {
                if (!set[code]) {
                    code++;
                    continue;
                }
                int start = code;
                while (code < ALPHABET && set[code]) {
                    code++;
                }
                ranges.add(Automata.makeCharRange(start, code - 1));
            }
            if (ranges.isEmpty()) {
                return Automata.makeEmpty();
            }
            return ranges.size() == 1 ? ranges.get(0) : Operations.union(ranges);
        }

        private static boolean[] all() {
            boolean[] set = new boolean[ALPHABET];
            Arrays.fill(set, true);
            return set;
        }

        private static void range(boolean[] set, char from, char to) {
            for (int c = from; c <= to; c++) {
                set[c] = true;
            }
        }

        private static boolean[] rangeSet(char from, char to) {
            boolean[] set = new boolean[ALPHABET];
            range(set, from, to);
            return set;
        }

        private static void complement(boolean[] from, boolean[] into) {
            for (int c = 0; c < ALPHABET; c++) {
                into[c] = !from[c];
            }
        }

        private static void spaces(boolean[] set) {
            for (char c : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                set[c] = true;
            }
        }

        private static void word(boolean[] set) {
            range(set, 'a', 'z');
            range(set, 'A', 'Z');
            range(set, '0', '9');
            set['_'] = true;
        }
    }
}
