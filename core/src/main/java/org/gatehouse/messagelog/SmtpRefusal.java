package org.gatehouse.messagelog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One refusal in the SMTP dialogue, as the SMTP server answered it: what {@link RefusalLog} writes to the message log.
 *
 * @param transactionId the id of the record of the SMTP transaction it belongs to (every refusal of one transaction
 *                      shares it)
 * @param sender the envelope sender, {@code ""} for the null sender or when the refusal came before MAIL FROM
 * @param reply the SMTP reply, code first: {@code 550 5.7.1 Message refused...}
 * @param ruleIds the stable rule ids that refused it, at least one; the first decides (flood aggregation counts by it)
 * @param reasons what decided, for people (the findings' explanations)
 * @param recipients the refused recipients (REJECTED, with their reply) and those accepted so far in the transaction
 *                   (ACCEPTED)
 */
public record SmtpRefusal(String transactionId, Instant at, String clientIp, Optional<String> helo, Direction direction,
                          List<TenantId> tenants, String sender, Stage stage, String reply, List<String> ruleIds,
                          List<String> reasons, Map<String, MessageRecord.RecipientState> recipients, Optional<String> tls,
                          long sizeBytes, Optional<String> messageId) {
    public SmtpRefusal {
        Objects.requireNonNull(transactionId);
        Objects.requireNonNull(clientIp);
        Objects.requireNonNull(stage);
        tenants = List.copyOf(tenants);
        ruleIds = List.copyOf(ruleIds);
        reasons = List.copyOf(reasons);
        recipients = ImmutableMap.copyOf(recipients);
        if (ruleIds.isEmpty()) {
            throw new IllegalArgumentException("A refusal names at least one rule id");
        }
        if (stage == Stage.QUEUE) {
            throw new IllegalArgumentException("A refusal is made in the SMTP dialogue, never after acceptance");
        }
    }

    /** The rule id that decided: the first. */
    public String ruleId() {
        return ruleIds.get(0);
    }

    /** This refusal as (a part of) its transaction's record. */
    MessageRecord toRecord() {
        return new MessageRecord(transactionId, at, at, direction, tenants.stream().findFirst(), sender, Optional.of(clientIp), helo,
            sizeBytes, messageId, Disposition.REJECTED, ImmutableList.copyOf(reasons), ImmutableMap.copyOf(recipients), tls, stage,
            ImmutableList.copyOf(ruleIds), Optional.of(new MessageRecord.Refusal(reply, ImmutableList.copyOf(tenants), 1, false)));
    }
}
