package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and phrases found as whole words, case-insensitively, punctuation between words ignored ({@code Social
 * Security} matches {@code social-security}): for keyword lists and the context terms some detectors require.
 */
final class PhraseSet {
    /** Receives each occurrence: which phrase, and the index of its first and last word. */
    interface Occurrences {
        void found(int phrase, int firstWord, int lastWord);
    }

    private final List<String[]> phrases = new ArrayList<>();
    private final Map<String, List<Integer>> byFirstWord = new HashMap<>();
    private final int longest;

    PhraseSet(List<String> phrases) {
        int longestSeen = 1;
        for (String phrase : phrases) {
            String[] words = wordsOf(phrase);
            if (words.length == 0) {
                throw new IllegalArgumentException("A phrase needs at least one word: '" + phrase + "'");
            }
            byFirstWord.computeIfAbsent(words[0], first -> new ArrayList<>()).add(this.phrases.size());
            this.phrases.add(words);
            longestSeen = Math.max(longestSeen, words.length);
        }
        this.longest = longestSeen;
    }

    /** The lower-case words of a phrase; empty when it has no letter or digit. */
    static String[] wordsOf(String phrase) {
        Words words = Words.of(phrase);
        String[] result = new String[words.size()];
        Arrays.setAll(result, words::word);
        return result;
    }

    int longest() {
        return longest;
    }

    void find(Words words, Occurrences occurrences) {
        for (int i = 0; i < words.size(); i++) {
            List<Integer> candidates = byFirstWord.get(words.word(i));
            if (candidates == null) {
                continue;
            }
            for (int phrase : candidates) {
                String[] wanted = phrases.get(phrase);
                if (matchesAt(words, i, wanted)) {
                    occurrences.found(phrase, i, i + wanted.length - 1);
                }
            }
        }
    }

    private static boolean matchesAt(Words words, int first, String[] wanted) {
        if (first + wanted.length > words.size()) {
            return false;
        }
        for (int k = 1; k < wanted.length; k++) {
            if (!words.word(first + k).equals(wanted[k])) {
                return false;
            }
        }
        return true;
    }

    /** Where this set's phrases occur in a text, to ask whether a value is near one of them. */
    Proximity proximity(Words words) {
        int[] firsts = new int[8];
        int[] lasts = new int[8];
        int[] count = {0};
        int[][] arrays = {firsts, lasts};
        find(words, (phrase, firstWord, lastWord) -> {
            if (count[0] == arrays[0].length) {
                arrays[0] = Arrays.copyOf(arrays[0], count[0] * 2);
                arrays[1] = Arrays.copyOf(arrays[1], count[0] * 2);
            }
            arrays[0][count[0]] = firstWord;
            arrays[1][count[0]] = lastWord;
            count[0]++;
        });
        return new Proximity(arrays[0], arrays[1], count[0], longest);
    }

    /** The occurrences of a phrase set in one text, in word order. */
    static final class Proximity {
        private final int[] firsts;
        private final int[] lasts;
        private final int size;
        private final int longest;

        private Proximity(int[] firsts, int[] lasts, int size, int longest) {
            this.firsts = firsts;
            this.lasts = lasts;
            this.size = size;
            this.longest = longest;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Whether a phrase occurs within {@code window} words before or after the words {@code first}–{@code last}. */
        boolean near(int first, int last, int window) {
            int from = Arrays.binarySearch(firsts, 0, size, first - window - longest);
            from = from >= 0 ? from : -from - 1;
            while (from > 0 && firsts[from - 1] >= first - window - longest) {
                from--;
            }
            for (int k = from; k < size && firsts[k] <= last + window; k++) {
                if (lasts[k] >= first - window) {
                    return true;
                }
            }
            return false;
        }
    }
}
