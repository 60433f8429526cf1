package org.gatehouse.quarantine;

import java.util.Optional;

/** Records the final action of each quarantine entry, at most one per entry. */
public interface QuarantineActions {
    /** Records the action unless the entry already has one; {@code false} (and nothing changed) when it had. */
    boolean claim(QuarantineAction action);

    Optional<QuarantineAction> find(String entryId);

    /** Takes back a claim whose action could not be carried out (the release could not be queued, say). */
    void withdraw(String entryId);
}
