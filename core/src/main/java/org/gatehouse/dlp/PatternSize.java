package org.gatehouse.dlp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate of a regular expression's compiled size, counted repetitions expanded ({@code (a{100}){100}} is
 * 10,000), read before compiling: RE2J's time per character grows with that size, and nested counts can exhaust the
 * heap while compiling. The estimate follows RE2 syntax loosely; RE2J itself judges the syntax.
 */
final class PatternSize {
    private PatternSize() {
    }

    /** The sum of a group's atoms and the size of the last atom or group, which a quantifier repeats. */
    private static final class Frame {
        long total;
        long last;

        void atom(long size) {
            total = saturatedAdd(total, size);
            last = size;
        }
    }

    static long estimate(String regex) {
        Deque<Frame> open = new ArrayDeque<>();
        Frame frame = new Frame();
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i = skipEscape(regex, i, frame);
            } else if (c == '[') {
                i = skipClass(regex, i);
                frame.atom(1);
            } else if (c == '(') {
                int close = regex.startsWith("(?", i) ? groupHeaderEnd(regex, i + 2) : i + 1;
                if (close > 0 && close <= n && regex.charAt(close - 1) == ')') {
                    i = close;
                    continue;
                }
                open.push(frame);
                frame = new Frame();
                i = close < 0 ? n : close;
            } else if (c == ')') {
                Frame group = frame;
                frame = open.isEmpty() ? new Frame() : open.pop();
                frame.atom(group.total);
                i++;
            } else if (c == '{') {
                int[] repeat = new int[1];
                int end = quantifier(regex, i, repeat);
                if (end > 0) {
                    frame.total = saturatedAdd(frame.total, saturatedMultiply(frame.last, repeat[0] - 1L));
                    frame.last = saturatedMultiply(frame.last, repeat[0]);
                    i = end;
                } else {
                    frame.atom(1);
                    i++;
                }
            } else if (c == '*' || c == '+' || c == '?' || c == '|') {
                i++;
            } else {
                frame.atom(1);
                i++;
            }
        }
        long total = frame.total;
        while (!open.isEmpty()) {
            total = saturatedAdd(total, open.pop().total);
        }
        return total;
    }

    /** After {@code (?}: the index after a flags-only group's {@code )}, or after the header of a group with content. */
    private static int groupHeaderEnd(String regex, int from) {
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == ')' || c == ':' || c == '>') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int skipEscape(String regex, int at, Frame frame) {
        int n = regex.length();
        if (at + 1 >= n) {
            frame.atom(1);
            return n;
        }
        char kind = regex.charAt(at + 1);
        if (kind == 'Q') {
            int end = regex.indexOf("\\E", at + 2);
            int stop = end < 0 ? n : end;
            frame.atom(Math.max(1, stop - at - 2));
            return end < 0 ? n : end + 2;
        }
        frame.atom(1);
        if ((kind == 'p' || kind == 'P' || kind == 'x') && at + 2 < n && regex.charAt(at + 2) == '{') {
            int close = regex.indexOf('}', at + 3);
            return close < 0 ? n : close + 1;
        }
        return at + 2;
    }

    private static int skipClass(String regex, int at) {
        int n = regex.length();
        int i = at + 1;
        if (i < n && regex.charAt(i) == '^') {
            i++;
        }
        if (i < n && regex.charAt(i) == ']') {
            i++;
        }
        while (i < n && regex.charAt(i) != ']') {
            if (regex.charAt(i) == '\\') {
                i += 2;
            } else if (regex.startsWith("[:", i)) {
                int close = regex.indexOf(":]", i + 2);
                i = close < 0 ? i + 1 : close + 2;
            } else {
                i++;
            }
        }
        return Math.min(n, i + 1);
    }

    /** Parses {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}; the larger count goes to {@code repeat[0]}. */
    private static int quantifier(String regex, int at, int[] repeat) {
        int i = at + 1;
        int n = regex.length();
        int first = 0;
        int digits = 0;
        while (i < n && Character.isDigit(regex.charAt(i)) && digits < 6) {
            first = first * 10 + (regex.charAt(i++) - '0');
            digits++;
        }
        if (digits == 0 || i >= n) {
            return -1;
        }
        int second = first;
        if (regex.charAt(i) == ',') {
            i++;
            int more = 0;
            int value = 0;
            while (i < n && Character.isDigit(regex.charAt(i)) && more < 6) {
                value = value * 10 + (regex.charAt(i++) - '0');
                more++;
            }
            second = more == 0 ? first : value;
        }
        if (i >= n || regex.charAt(i) != '}') {
            return -1;
        }
        repeat[0] = Math.max(1, Math.max(first, second));
        return i + 1;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
