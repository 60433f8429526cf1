package org.gatehouse.dlp;

import java.util.Arrays;

/**
 * Maximal runs of ASCII digit groups joined by single separators ({@code 4111 1111 1111 1111}, {@code 078-05-1120},
 * {@code 1234567893}), found in one linear pass. The number detectors judge the groups; the run's edges tell whether
 * it stands alone.
 */
final class DigitRuns {
    /** One run: groups {@code [starts[i], ends[i])}, {@code separators[i]} between group {@code i} and {@code i + 1}. */
    static final class Run {
        final int[] starts;
        final int[] ends;
        final char[] separators;
        final int size;

        private Run(int[] starts, int[] ends, char[] separators, int size) {
            this.starts = starts;
            this.ends = ends;
            this.separators = separators;
            this.size = size;
        }

        int start() {
            return starts[0];
        }

        int end() {
            return ends[size - 1];
        }

        int length(int group) {
            return ends[group] - starts[group];
        }

        /** Whether groups {@code from}..{@code to} (inclusive) are joined by one and the same separator. */
        boolean sameSeparator(int from, int to) {
            for (int k = from + 1; k < to; k++) {
                if (separators[k] != separators[from]) {
                    return false;
                }
            }
            return true;
        }

        /** The digits of groups {@code from}..{@code to} (inclusive), separators left out. */
        String digits(String text, int from, int to) {
            StringBuilder digits = new StringBuilder();
            for (int k = from; k <= to; k++) {
                digits.append(text, starts[k], ends[k]);
            }
            return digits.toString();
        }
    }

    /** Receives each run; a run is valid only during the call (its arrays are reused). */
    interface Runs {
        void run(Run run);
    }

    private DigitRuns() {
    }

    /** @param separators the characters that may join two groups, one at a time; empty for bare digit runs */
    static void find(String text, String separators, Runs runs) {
        int i = 0;
        int n = text.length();
        int[] starts = new int[8];
        int[] ends = new int[8];
        char[] seps = new char[8];
        while (i < n) {
            if (!ScanText.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int size = 0;
            while (true) {
                int start = i;
                while (i < n && ScanText.isDigit(text.charAt(i))) {
                    i++;
                }
                if (size == starts.length) {
                    starts = Arrays.copyOf(starts, size * 2);
                    ends = Arrays.copyOf(ends, size * 2);
                    seps = Arrays.copyOf(seps, size * 2);
                }
                starts[size] = start;
                ends[size] = i;
                size++;
                if (i + 1 < n && separators.indexOf(text.charAt(i)) >= 0 && ScanText.isDigit(text.charAt(i + 1))) {
                    seps[size - 1] = text.charAt(i);
                    i++;
                } else {
                    break;
                }
            }
            runs.run(new Run(starts, ends, seps, size));
        }
    }
}
