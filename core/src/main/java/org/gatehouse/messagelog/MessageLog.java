package org.gatehouse.messagelog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** The per-tenant trace of every message. Every implementation passes {@code MessageLogContract}. */
public interface MessageLog {
    /**
     * Records a message; idempotent: when a record with this id exists, it is kept as it is. True when this call wrote
     * it, false when it was there already.
     */
    boolean record(MessageRecord record);

    /**
     * Whether a write can be expected to succeed now (the database answers). Checked before mail leaves the gateway
     * ahead of its record, so that an outage keeps it queued instead.
     */
    default boolean writable() {
        return true;
    }

    /**
     * Records a refusal made in the SMTP dialogue (a record with a {@link MessageRecord.Refusal}, disposition REJECTED):
     * creates it, or when a record with this id exists, merges the refusal into it ({@link MessageRecord#mergedWith}).
     */
    void mergeRefusal(MessageRecord refusal);

    /** Sets the state of some recipients of a logged message and recomputes its disposition. */
    void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail);

    /** Appends reasons (rule ids and explanations) to a logged message. */
    void addReasons(String id, List<String> reasons);

    /**
     * Appends those of the reasons the logged message does not have yet: a part's reasons written at a first failed
     * attempt, or by a partial delivery, and written again at its final disposition are on record once.
     */
    void addNewReasons(String id, List<String> reasons);

    /**
     * {@link #updateRecipients} and {@link #addNewReasons} in one write: a part's disposition with the reasons the checks
     * gave it.
     */
    void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                          List<String> newReasons);

    /**
     * The part's recipients were replaced by {@code target}: they become REDIRECTED (with the detail), and the target
     * is added as a QUEUED recipient whose outcome the message's disposition follows from then on.
     */
    void redirectRecipients(String id, Collection<String> originals, String target, String detail);

    Optional<MessageRecord> get(String id);

    List<MessageRecord> search(MessageQuery query);

    /**
     * Whether any message from exactly this envelope sender to this tenant was logged (an indexed lookup). Only messages
     * the gateway accepted count: a refused attempt does not make a sender known.
     */
    boolean hasMessageFrom(String sender, TenantId tenant);
}
