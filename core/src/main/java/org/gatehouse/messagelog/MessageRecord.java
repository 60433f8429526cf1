package org.gatehouse.messagelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One message as seen for one tenant: the envelope, the SMTP client, whether it came over TLS, and what became of
 * it. Later checks add their verdicts to {@code reasons}. A refusal in the SMTP dialogue is a record too: one per SMTP
 * transaction (or, for a client flooding refusals, one per client IP, rule and minute), with its {@link Refusal}.
 *
 * @param stage where the record's fate was decided: {@link Stage#QUEUE} for a message the gateway accepted
 * @param ruleIds the stable rule ids that refused it (for a refusal record), the first one deciding
 */
public record MessageRecord(String id, Instant receivedAt, Instant updatedAt, Direction direction, Optional<TenantId> tenantId,
                            String sender, Optional<String> clientIp, Optional<String> helo, long sizeBytes,
                            Optional<String> messageId, Disposition disposition, ImmutableList<String> reasons,
                            ImmutableMap<String, RecipientState> recipients, Optional<String> tls, Stage stage,
                            ImmutableList<String> ruleIds, Optional<Refusal> refusal) {
    /** How many reasons a refusal record keeps: a client retrying in one transaction cannot grow it without bound. */
    public static final int MAX_REFUSAL_REASONS = 100;

    public record RecipientState(Disposition disposition, Optional<String> detail) {
    }

    /**
     * What a refusal record adds: the last SMTP reply ({@code 550 5.7.1 ...}), every tenant the refused transaction
     * concerned, and how many refusals it stands for (each refused command of the transaction; for an aggregated
     * record, every refusal of that client, rule and minute).
     */
    public record Refusal(String reply, ImmutableList<TenantId> tenants, int count, boolean aggregated) {
        /** The reply's three-digit code. */
        public String replyCode() {
            return reply.length() >= 3 ? reply.substring(0, 3) : reply;
        }
    }

    /** A record of a message the gateway accepted (stage {@code queue}, no refusal). */
    public MessageRecord(String id, Instant receivedAt, Instant updatedAt, Direction direction, Optional<TenantId> tenantId,
                         String sender, Optional<String> clientIp, Optional<String> helo, long sizeBytes,
                         Optional<String> messageId, Disposition disposition, ImmutableList<String> reasons,
                         ImmutableMap<String, RecipientState> recipients, Optional<String> tls) {
        this(id, receivedAt, updatedAt, direction, tenantId, sender, clientIp, helo, sizeBytes, messageId, disposition, reasons,
            recipients, tls, Stage.QUEUE, ImmutableList.of(), Optional.empty());
    }

    public static MessageRecord received(String id, Instant receivedAt, Direction direction, Optional<TenantId> tenantId,
                                         String sender, List<String> recipients, Optional<String> clientIp,
                                         Optional<String> helo, long sizeBytes, Optional<String> messageId) {
        ImmutableMap.Builder<String, RecipientState> states = ImmutableMap.builder();
        recipients.stream().distinct().forEach(rcpt -> states.put(rcpt, new RecipientState(Disposition.QUEUED, Optional.empty())));
        return new MessageRecord(id, receivedAt, receivedAt, direction, tenantId, sender, clientIp, helo, sizeBytes,
            messageId, Disposition.QUEUED, ImmutableList.of(), states.build(), Optional.empty());
    }

    /**
     * This record with how the message reached the gateway: the TLS protocol and cipher (e.g.
     * {@code TLSv1.3 TLS_AES_256_GCM_SHA384}), or {@code none} for plaintext SMTP.
     */
    public MessageRecord withTls(Optional<String> transport) {
        return new MessageRecord(id, receivedAt, updatedAt, direction, tenantId, sender, clientIp, helo, sizeBytes, messageId,
            disposition, reasons, recipients, transport, stage, ruleIds, refusal);
    }

    /** This record with these reasons after its own. */
    public MessageRecord withReasons(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        return new MessageRecord(id, receivedAt, updatedAt, direction, tenantId, sender, clientIp, helo, sizeBytes, messageId,
            disposition, ImmutableList.<String>builder().addAll(reasons).addAll(more).build(), recipients, tls, stage, ruleIds,
            refusal);
    }

    /**
     * This record with an outcome for some of its recipients (the others, and recipients it does not have, are left as
     * they are, as {@link MessageLog#updateRecipients} leaves them), its disposition derived
     * from all of them ({@link Disposition#of}), updated at {@code at}: a record first written at its disposition.
     */
    public MessageRecord withOutcome(Collection<String> of, Disposition outcome, Optional<String> detail, Instant at) {
        Map<String, RecipientState> states = new LinkedHashMap<>(recipients);
        of.stream().filter(states::containsKey).forEach(recipient -> states.put(recipient, new RecipientState(outcome, detail)));
        return new MessageRecord(id, receivedAt, at, direction, tenantId, sender, clientIp, helo, sizeBytes, messageId,
            Disposition.of(states.values().stream().map(RecipientState::disposition).toList()), reasons, ImmutableMap.copyOf(states),
            tls, stage, ruleIds, refusal);
    }

    public Map<String, RecipientState> recipientStates() {
        return recipients;
    }

    /**
     * This refusal record with a later refusal of the same transaction (or of the same aggregate) added: its recipients
     * (a refused one replaces the same recipient accepted earlier), rule ids, reasons and tenants; the furthest stage,
     * the latest reply, the sum of the counts. What the first refusal recorded about the client and envelope is kept.
     */
    public MessageRecord mergedWith(MessageRecord later) {
        Refusal mine = refusal.orElseThrow(() -> new IllegalStateException("Not a refusal record: " + id));
        Refusal theirs = later.refusal().orElseThrow(() -> new IllegalArgumentException("Not a refusal record: " + later.id()));
        Map<String, RecipientState> states = new LinkedHashMap<>(recipients);
        later.recipients().forEach((recipient, state) -> states.merge(recipient, state,
            (current, added) -> added.disposition() == Disposition.REJECTED || current.disposition() == Disposition.ACCEPTED ? added : current));
        Set<String> rules = new LinkedHashSet<>(ruleIds);
        rules.addAll(later.ruleIds());
        Set<TenantId> tenants = new LinkedHashSet<>(mine.tenants());
        tenants.addAll(theirs.tenants());
        List<String> allReasons = new ArrayList<>(reasons);
        later.reasons().stream().filter(reason -> !allReasons.contains(reason)).forEach(allReasons::add);
        return new MessageRecord(id, receivedAt, later.updatedAt().isAfter(updatedAt) ? later.updatedAt() : updatedAt, direction,
            tenantId.or(later::tenantId), sender.isEmpty() ? later.sender() : sender, clientIp.or(later::clientIp),
            helo.or(later::helo), Math.max(sizeBytes, later.sizeBytes()), messageId.or(later::messageId), Disposition.REJECTED,
            ImmutableList.copyOf(allReasons.subList(0, Math.min(allReasons.size(), MAX_REFUSAL_REASONS))),
            ImmutableMap.copyOf(states), tls.or(later::tls), later.stage().compareTo(stage) > 0 ? later.stage() : stage,
            ImmutableList.copyOf(rules),
            Optional.of(new Refusal(theirs.reply(), ImmutableList.copyOf(tenants), mine.count() + theirs.count(),
                mine.aggregated() || theirs.aggregated())));
    }
}
