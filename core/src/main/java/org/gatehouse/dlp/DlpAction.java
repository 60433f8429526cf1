package org.gatehouse.dlp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.gatehouse.verdict.Action;

/** What a DLP rule does to a message it fires on, in increasing severity; the most severe fired rule wins. */
public enum DlpAction {
    /** Deliver; the finding goes to the message log only. */
    LOG(Optional.empty()),
    /** Deliver and tell the tenant's administrator. */
    NOTIFY(Optional.empty()),
    /** Deliver with the X-Gatehouse headers naming the rule. */
    TAG(Optional.of(Action.TAG)),
    /** Hold for the tenant administrator's approval; releasing it sends it. */
    QUARANTINE(Optional.of(Action.QUARANTINE)),
    /** Refuse, with a bounce to the sender naming the rule and never quoting the data. */
    BLOCK(Optional.of(Action.BLOCK));

    private final Optional<Action> verdictAction;

    DlpAction(Optional<Action> verdictAction) {
        this.verdictAction = verdictAction;
    }

    /** The action the finding carries into the {@link org.gatehouse.verdict.Verdict}; none for log and notify. */
    public Optional<Action> verdictAction() {
        return verdictAction;
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DlpAction> parse(String value) {
        return Arrays.stream(values()).filter(action -> action.asString().equals(value)).findFirst();
    }
}
