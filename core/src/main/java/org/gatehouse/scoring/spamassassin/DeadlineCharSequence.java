package org.gatehouse.scoring.spamassassin;

/**
 * A text whose {@code charAt} throws once the message's time budget is spent: a regex matcher reads every character
 * through it, so even a catastrophically backtracking rule stops at the deadline instead of stalling a mail thread.
 */
final class DeadlineCharSequence implements CharSequence {
    /** Thrown when the per-message budget is over. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("SpamAssassin rule time budget exceeded", null, false, false);
        }
    }

    /** How many character reads between two clock readings (reading the clock costs more than a character). */
    private static final int CHECK_EVERY = 4096;

    private final CharSequence text;
    private final Deadline deadline;

    DeadlineCharSequence(CharSequence text, Deadline deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    /** The point in time after which no rule may run for the current message. */
    static final class Deadline {
        private final long nanos;
        private int reads;

        Deadline(long nanos) {
            this.nanos = nanos;
        }

        void check() {
            if (System.nanoTime() - nanos > 0) {
                throw new BudgetExceeded();
            }
        }

        void tick() {
            if (++reads >= CHECK_EVERY) {
                reads = 0;
                check();
            }
        }
    }

    @Override
    public char charAt(int index) {
        deadline.tick();
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
