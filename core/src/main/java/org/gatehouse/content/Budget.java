package org.gatehouse.content;

/** What one inspection may still spend: time, entries, expanded bytes, characters of text. Not thread-safe. */
final class Budget {
    private final ContentLimits limits;
    private final long start;
    private final long deadline;
    private long expanded;
    private int entries;
    private long textLeft;

    Budget(ContentLimits limits) {
        this.limits = limits;
        this.start = System.nanoTime();
        this.deadline = start + limits.maxDuration().toNanos();
        this.textLeft = limits.maxTotalTextChars();
    }

    long elapsedNanos() {
        return System.nanoTime() - start;
    }

    boolean timeIsUp() {
        return System.nanoTime() - deadline > 0;
    }

    void checkTime() throws BoundExceeded {
        if (timeIsUp()) {
            throw BoundExceeded.ofInspection("inspection took longer than " + limits.maxDuration().toMillis() + " ms");
        }
    }

    void countEntry() throws BoundExceeded {
        entries++;
        if (entries > limits.maxEntries()) {
            throw BoundExceeded.ofInspection("more than " + limits.maxEntries() + " archive entries and nested parts");
        }
    }

    int entriesLeft() {
        return Math.max(0, limits.maxEntries() - entries);
    }

    void countExpanded(long bytes) throws BoundExceeded {
        expanded += bytes;
        if (expanded > limits.maxExpandedBytes()) {
            throw BoundExceeded.ofInspection("more than " + limits.maxExpandedBytes() + " bytes expanded from archives");
        }
    }

    long expanded() {
        return expanded;
    }

    /** Characters of text the next part may keep. */
    int textAllowance() {
        return (int) Math.min(limits.maxTextChars(), textLeft);
    }

    void useText(int characters) {
        textLeft -= characters;
    }
}
