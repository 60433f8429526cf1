package org.gatehouse.phishing;

/** Damerau–Levenshtein distance (optimal string alignment) over code points, with the transpositions it used. */
final class EditDistance {
    /** A distance and how many of its edits were adjacent transpositions. */
    record Alignment(int distance, int transpositions) {
        int otherEdits() {
            return distance - transpositions;
        }
    }

    private EditDistance() {
    }

    /**
     * Whether the distance is at most limit, abandoning the table as soon as a whole row exceeds it: the cheap test
     * that runs against every protected label.
     */
    static boolean within(int[] x, int[] y, int limit) {
        if (Math.abs(x.length - y.length) > limit) {
            return false;
        }
        int[] before = new int[y.length + 1];
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            int rowMinimum = i;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int best = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (swapped(x, y, i, j)) {
                    best = Math.min(best, before[j - 2] + 1);
                }
                current[j] = best;
                rowMinimum = Math.min(rowMinimum, best);
            }
            if (rowMinimum > limit) {
                return false;
            }
            int[] recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return previous[y.length] <= limit;
    }

    static int distance(String a, String b) {
        return align(a, b).distance();
    }

    static Alignment align(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (swapped(x, y, i, j)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return new Alignment(d[x.length][y.length], transpositions(d, x, y));
    }

    private static boolean swapped(int[] x, int[] y, int i, int j) {
        return i > 1 && j > 1 && x[i - 1] != y[j - 1] && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1];
    }

    private static int transpositions(int[][] d, int[] x, int[] y) {
        int count = 0;
        int i = x.length;
        int j = y.length;
        while (i > 0 && j > 0) {
            if (x[i - 1] == y[j - 1] && d[i][j] == d[i - 1][j - 1]) {
                i--;
                j--;
            } else if (swapped(x, y, i, j) && d[i][j] == d[i - 2][j - 2] + 1) {
                count++;
                i -= 2;
                j -= 2;
            } else if (d[i][j] == d[i - 1][j - 1] + 1) {
                i--;
                j--;
            } else if (d[i][j] == d[i - 1][j] + 1) {
                i--;
            } else {
                j--;
            }
        }
        return count;
    }
}
