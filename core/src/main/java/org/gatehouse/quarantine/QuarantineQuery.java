package org.gatehouse.quarantine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

import com.google.common.base.Preconditions;

/**
 * A search of the quarantine. Every filter is optional; they combine with AND.
 *
 * @param text      free text over subject, body and attachment text
 * @param sender    envelope sender address, or a domain (matches any sender of that domain)
 * @param recipient envelope recipient address
 * @param reason    a rule id ({@code GTUBE}) or a family ({@code spam})
 * @param from      received at or after (inclusive)
 * @param to        received before (exclusive)
 */
public record QuarantineQuery(Optional<TenantId> tenant, Optional<String> text, Optional<String> sender,
                              Optional<String> recipient, Optional<String> reason, Optional<Instant> from,
                              Optional<Instant> to, Sort sort, int offset, int limit) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    /** Sort key and direction of the results; the newest first by default. */
    public enum SortField { DATE, SCORE, SIZE }

    /** Sort of the results. */
    public record Sort(SortField field, boolean descending) {
        public static final Sort NEWEST_FIRST = new Sort(SortField.DATE, true);

        public Sort {
            Objects.requireNonNull(field, "field");
        }
    }

    public static QuarantineQuery all() {
        return new QuarantineQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Sort.NEWEST_FIRST, 0, DEFAULT_LIMIT);
    }

    public QuarantineQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(sort, "sort");
        Preconditions.checkArgument(offset >= 0, "offset must not be negative");
        Preconditions.checkArgument(limit >= 0 && limit <= MAX_LIMIT, "limit must be between 0 and " + MAX_LIMIT);
    }

    public QuarantineQuery withTenant(TenantId value) {
        return new QuarantineQuery(Optional.of(value), text, sender, recipient, reason, from, to, sort, offset, limit);
    }

    public QuarantineQuery withText(String value) {
        return new QuarantineQuery(tenant, Optional.of(value), sender, recipient, reason, from, to, sort, offset, limit);
    }

    public QuarantineQuery withSender(String value) {
        return new QuarantineQuery(tenant, text, Optional.of(value), recipient, reason, from, to, sort, offset, limit);
    }

    public QuarantineQuery withRecipient(String value) {
        return new QuarantineQuery(tenant, text, sender, Optional.of(value), reason, from, to, sort, offset, limit);
    }

    public QuarantineQuery withReason(String value) {
        return new QuarantineQuery(tenant, text, sender, recipient, Optional.of(value), from, to, sort, offset, limit);
    }

    public QuarantineQuery between(Optional<Instant> start, Optional<Instant> end) {
        return new QuarantineQuery(tenant, text, sender, recipient, reason, start, end, sort, offset, limit);
    }

    public QuarantineQuery sortedBy(Sort value) {
        return new QuarantineQuery(tenant, text, sender, recipient, reason, from, to, value, offset, limit);
    }

    public QuarantineQuery page(int newOffset, int newLimit) {
        return new QuarantineQuery(tenant, text, sender, recipient, reason, from, to, sort, newOffset, newLimit);
    }
}
