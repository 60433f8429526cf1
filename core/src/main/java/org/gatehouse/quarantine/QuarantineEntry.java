package org.gatehouse.quarantine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/**
 * What the quarantine knows of one held message without reading it: the metadata kept with the message in its
 * repository (as mail attributes) and indexed for search. The repository is the source of truth.
 *
 * @param id          stable id of the entry (the mail's key in its repository, unique across repositories)
 * @param sender      envelope sender, empty for the null sender
 * @param reasons     rule ids that held the message (for example {@code GTUBE}, {@code CONTENT_DENIED_TYPE})
 * @param explanation the human reasons, one line per rule
 * @param direction   {@code inbound} or {@code outbound}
 */
public record QuarantineEntry(String id, TenantId tenant, QuarantineFamily family, String sender, List<String> recipients,
                              String clientIp, String subject, Instant receivedAt, long size, Optional<Integer> score,
                              Optional<String> category, List<String> reasons, List<String> explanation, String direction,
                              Instant retainUntil) {
    public QuarantineEntry {
        Preconditions.checkArgument(id != null && !id.isBlank(), "id is required");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(retainUntil, "retainUntil");
        Preconditions.checkArgument(size >= 0, "size must not be negative");
        recipients = ImmutableList.copyOf(recipients);
        reasons = ImmutableList.copyOf(reasons);
        explanation = ImmutableList.copyOf(explanation);
    }

    public boolean isExpiredAt(Instant now) {
        return !retainUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("id", id).add("tenant", tenant.asString()).add("family", family)
            .add("reasons", reasons).toString();
    }
}
