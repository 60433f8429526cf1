package org.gatehouse.scoring.learning;

/** What learning one message changed in its tenant's statistics. */
public enum LearnOutcome {
    /** A message not seen before: counted once under its label. */
    LEARNT,
    /** A message learnt before under the other label: moved, so it is still counted once. */
    RELABELLED,
    /** A message learnt before under the same label: nothing changed. */
    ALREADY_KNOWN
}
