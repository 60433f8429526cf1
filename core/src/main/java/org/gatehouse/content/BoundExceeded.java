package org.gatehouse.content;

/**
 * A bound of {@link ContentLimits} was hit. Some bounds end only the entry being read (ratio, decoder memory);
 * the others (entries, expanded bytes, time) end the whole inspection. Never leaves the package.
 */
final class BoundExceeded extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean stopsInspection;
    private boolean recorded;

    private BoundExceeded(String reason, boolean stopsInspection) {
        super(reason, null, false, false);
        this.stopsInspection = stopsInspection;
    }

    static BoundExceeded ofEntry(String reason) {
        return new BoundExceeded(reason, false);
    }

    static BoundExceeded ofInspection(String reason) {
        return new BoundExceeded(reason, true);
    }

    boolean stopsInspection() {
        return stopsInspection;
    }

    /** True the first time: the part where the bound was hit records it, the levels it unwinds through do not. */
    boolean markRecorded() {
        boolean first = !recorded;
        recorded = true;
        return first;
    }
}
