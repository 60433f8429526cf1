package org.gatehouse.dlp;

import java.util.Arrays;
import java.util.Locale;

/** A text cut into words (runs of letters and digits), lower-cased, with their offsets: for keywords and proximity. */
final class Words {
    private final int[] starts;
    private final String[] words;
    private final int size;

    private Words(int[] starts, String[] words, int size) {
        this.starts = starts;
        this.words = words;
        this.size = size;
    }

    static Words of(String text) {
        int[] starts = new int[16];
        String[] words = new String[16];
        int size = 0;
        int i = 0;
        while (i < text.length()) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                words = Arrays.copyOf(words, size * 2);
            }
            starts[size] = start;
            words[size] = text.substring(start, i).toLowerCase(Locale.ROOT);
            size++;
        }
        return new Words(starts, words, size);
    }

    int size() {
        return size;
    }

    String word(int index) {
        return words[index];
    }

    /** The index of the first word starting at or after {@code offset} ({@link #size()} when none). */
    int indexAt(int offset) {
        int found = Arrays.binarySearch(starts, 0, size, offset);
        if (found >= 0) {
            return found;
        }
        return -found - 1;
    }
}
