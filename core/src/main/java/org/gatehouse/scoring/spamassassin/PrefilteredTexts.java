package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The texts a group of regex rules searches (the rendered body lines, the raw body, the URIs, the full message, or one
 * header query's value) and, once per message, one {@link LiteralAutomaton} pass over them for all those rules: a rule
 * then runs its regex only on the texts where one of its {@link RequiredLiteral} pieces occurs, and not at all when
 * none does, as spamd and rspamd do. A rule without pieces runs on every text. Filled while the rules compile
 * ({@link #add}), then {@link #seal sealed}; immutable afterwards.
 */
final class PrefilteredTexts {
    private final int index;
    private final Function<SaMessage, List<String>> texts;
    private final List<Set<String>> pieces = new ArrayList<>();
    private Optional<LiteralAutomaton> automaton = Optional.empty();

    PrefilteredTexts(int index, Function<SaMessage, List<String>> texts) {
        this.index = index;
        this.texts = texts;
    }

    /** Its place among the rules' text groups, for {@link SpamAssassinRules.Run}'s per-message memo. */
    int index() {
        return index;
    }

    /** Registers a rule's pieces; returns the rule's slot in {@link Scan#candidates}. */
    int add(Set<String> rulePieces) {
        pieces.add(rulePieces);
        return pieces.size() - 1;
    }

    void seal() {
        automaton = pieces.isEmpty() ? Optional.empty() : Optional.of(LiteralAutomaton.of(pieces));
    }

    /** One message's texts, and for each rule slot the texts where one of its pieces occurs. */
    Scan scan(SaMessage message) {
        List<String> read = texts.apply(message);
        BitSet[] candidates = new BitSet[pieces.size()];
        automaton.ifPresent(scanner -> {
            for (int i = 0; i < read.size(); i++) {
                int text = i;
                scanner.scan(read.get(i), slot -> {
                    if (candidates[slot] == null) {
                        candidates[slot] = new BitSet(read.size());
                    }
                    candidates[slot].set(text);
                });
            }
        });
        return new Scan(read, candidates);
    }

    /** The result of {@link #scan} for one message. */
    static final class Scan {
        private static final BitSet NONE = new BitSet();
        private final List<String> texts;
        private final BitSet[] candidates;
        /** The pairs of consecutive characters each text holds, and all of them ({@link CharacterPairs#present}), read when first needed. */
        private long[][] pairs;
        private long[] allPairs;

        private Scan(List<String> texts, BitSet[] candidates) {
            this.texts = texts;
            this.candidates = candidates;
        }

        /** Whether one of the texts holds the character pairs of this condition (false: no regex needing them can match). */
        boolean holds(CharacterPairs.Condition condition) {
            readPairs();
            return condition.holds(allPairs);
        }

        /** Whether this text holds the character pairs of this condition. */
        boolean holds(CharacterPairs.Condition condition, int text) {
            readPairs();
            return condition.holds(pairs[text]);
        }

        private void readPairs() {
            if (pairs == null) {
                pairs = new long[texts.size()][];
                allPairs = texts.size() == 1 ? null : new long[CharacterPairs.SIZE];
                for (int i = 0; i < pairs.length; i++) {
                    pairs[i] = CharacterPairs.present(texts.get(i));
                    if (allPairs != null) {
                        for (int k = 0; k < allPairs.length; k++) {
                            allPairs[k] |= pairs[i][k];
                        }
                    }
                }
                if (allPairs == null) {
                    allPairs = pairs.length == 1 ? pairs[0] : new long[CharacterPairs.SIZE];
                }
            }
        }

        List<String> texts() {
            return texts;
        }

        /** The indexes of the texts holding one of this slot's pieces (not to be changed). */
        BitSet candidates(int slot) {
            BitSet found = candidates[slot];
            return found == null ? NONE : found;
        }
    }
}
