package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A necessary condition on the pairs of consecutive characters a text must hold for a regex to match in it, read off
 * the regex by {@link RequiredLiteral#pairs}: every match of {@code W[e3]lls} holds a {@code W} or {@code w} followed
 * by {@code e}, {@code E} or {@code 3}, and an {@code e}/{@code E}/{@code 3} followed by {@code l} or {@code L}, and so
 * on. This is the prefilter for the regexes without a required literal, the letter-by-letter obfuscation rules
 * ({@code <Y><O><U><R>}: each letter a class of look-alike bytes) above all: per message, the pairs present in a group
 * of texts are recorded once per text ({@link #present}, a 257 x 257 bit matrix, characters above 255 counted as one), and a
 * regex whose condition does not hold there is not run. Characters are taken as they are, both ASCII cases being in
 * every set (Java's CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only). Immutable.
 */
final class CharacterPairs {
    /** Characters 0 to 255, and one slot for all characters above. */
    static final int CHARS = LiteralAutomaton.MAX_CHAR + 2;
    /** Longs per row of the matrix. */
    private static final int ROW = (CHARS + 63) / 64;
    /** Longs in a matrix of {@link #present}. */
    static final int SIZE = CHARS * ROW;
    /** A set with more members than this (\W, [^x], .) lets almost any pair through: not worth testing. */
    private static final int MAX_SET = 200;
    /** The most conditions a conjunction keeps (the smallest); dropping some only weakens it. */
    private static final int MAX_AND = 16;
    /** The most branches a disjunction may have; beyond, it holds always. */
    private static final int MAX_OR = 64;

    /** What every match needs: true, a pair of sets, or a conjunction or disjunction of such conditions. */
    abstract static class Condition {
        abstract boolean holds(long[] present);

        /** How many pairs it lets through, roughly: to keep the most selective parts of a conjunction. */
        abstract long weight();

        boolean always() {
            return false;
        }
    }

    /** The condition every text meets. */
    static final Condition TRUE = new Condition() {
        @Override
        boolean holds(long[] present) {
            return true;
        }

        @Override
        long weight() {
            return (long) CHARS * CHARS;
        }

        @Override
        boolean always() {
            return true;
        }
    };

    private CharacterPairs() {
    }

    /** Some character of {@code first} directly followed by some character of {@code second}. */
    static Condition pair(BitSet first, BitSet second) {
        int a = first.get(0, CHARS).cardinality();
        int b = second.get(0, CHARS).cardinality();
        if (a == 0 || b == 0 || a > MAX_SET || b > MAX_SET) {
            return TRUE;
        }
        int[] rows = first.stream().filter(c -> c < CHARS).toArray();
        long[] mask = new long[ROW];
        second.stream().filter(c -> c < CHARS).forEach(c -> mask[c >> 6] |= 1L << (c & 63));
        long weight = (long) a * b;
        return new Condition() {
            @Override
            boolean holds(long[] present) {
                for (int row : rows) {
                    int at = row * ROW;
                    for (int k = 0; k < ROW; k++) {
                        if ((present[at + k] & mask[k]) != 0) {
                            return true;
                        }
                    }
                }
                return false;
            }

            @Override
            long weight() {
                return weight;
            }
        };
    }

    /** Every one of these conditions (at most {@link #MAX_AND} of them kept, the most selective). */
    static Condition and(List<Condition> conditions) {
        List<Condition> kept = new ArrayList<>();
        for (Condition condition : conditions) {
            if (!condition.always()) {
                kept.add(condition);
            }
        }
        if (kept.isEmpty()) {
            return TRUE;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        kept.sort(Comparator.comparingLong(Condition::weight));
        Condition[] parts = kept.subList(0, Math.min(MAX_AND, kept.size())).toArray(new Condition[0]);
        long weight = parts[0].weight();
        return new Condition() {
            @Override
            boolean holds(long[] present) {
                for (Condition part : parts) {
                    if (!part.holds(present)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            long weight() {
                return weight;
            }
        };
    }

    /** One of these conditions: true as soon as one of them always holds or there are too many. */
    static Condition or(List<Condition> conditions) {
        if (conditions.isEmpty() || conditions.size() > MAX_OR || conditions.stream().anyMatch(Condition::always)) {
            return TRUE;
        }
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        Condition[] parts = conditions.toArray(new Condition[0]);
        long weight = conditions.stream().mapToLong(Condition::weight).sum();
        return new Condition() {
            @Override
            boolean holds(long[] present) {
                for (Condition part : parts) {
                    if (part.holds(present)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            long weight() {
                return weight;
            }
        };
    }

    /** No pair: the matrix of {@link #product} for an empty set (not to be changed). */
    static final long[] NO_PAIRS = new long[0];

    /** The pairs of a character of {@code first} followed by one of {@code second}, as a matrix like {@link #present}'s. */
    static long[] product(BitSet first, BitSet second) {
        if (first.isEmpty() || second.isEmpty()) {
            return NO_PAIRS;
        }
        long[] row = new long[ROW];
        second.stream().filter(c -> c < CHARS).forEach(c -> row[c >> 6] |= 1L << (c & 63));
        long[] pairs = new long[SIZE];
        first.stream().filter(c -> c < CHARS).forEach(c -> System.arraycopy(row, 0, pairs, c * ROW, ROW));
        return pairs;
    }

    /** The pairs of either matrix (one of them when the other is empty; neither is changed). */
    static long[] union(long[] a, long[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        long[] union = a.clone();
        for (int i = 0; i < union.length; i++) {
            union[i] |= b[i];
        }
        return union;
    }

    /** How many pairs of two ASCII characters the matrix holds. */
    static int asciiPairs(long[] pairs) {
        if (pairs.length == 0) {
            return 0;
        }
        int count = 0;
        for (int c = 0; c < 128; c++) {
            count += Long.bitCount(pairs[c * ROW]) + Long.bitCount(pairs[c * ROW + 1]);
        }
        return count;
    }

    /** The matrix as one row per first character, null where the row is empty: what {@link #has} reads, kept smaller. */
    static long[][] rows(long[] pairs) {
        long[][] rows = new long[CHARS][];
        if (pairs.length == 0) {
            return rows;
        }
        for (int c = 0; c < CHARS; c++) {
            long[] row = java.util.Arrays.copyOfRange(pairs, c * ROW, c * ROW + ROW);
            if (java.util.Arrays.stream(row).anyMatch(bits -> bits != 0)) {
                rows[c] = row;
            }
        }
        return rows;
    }

    /** Whether the rows of {@link #rows} hold the pair of these characters (each below {@link #CHARS}). */
    static boolean has(long[][] rows, int first, int second) {
        long[] row = rows[first];
        return row != null && (row[second >> 6] & 1L << (second & 63)) != 0;
    }

    /** The pairs of consecutive characters in this text, as a matrix for {@link Condition#holds}. */
    static long[] present(String text) {
        long[] present = new long[SIZE];
        int top = CHARS - 1;
        int length = text.length();
        if (length < 2) {
            return present;
        }
        int previous = Math.min(text.charAt(0), top);
        for (int i = 1; i < length; i++) {
            int c = Math.min(text.charAt(i), top);
            present[previous * ROW + (c >> 6)] |= 1L << (c & 63);
            previous = c;
        }
        return present;
    }
}
