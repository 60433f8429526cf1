package org.gatehouse.messagelog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One message as seen for one tenant: the envelope, the SMTP client, whether it came over TLS, and what became of
 * it. Later checks add their verdicts to {@code reasons}.
 */
public record MessageRecord(String id, Instant receivedAt, Instant updatedAt, Direction direction, Optional<TenantId> tenantId,
                            String sender, Optional<String> clientIp, Optional<String> helo, long sizeBytes,
                            Optional<String> messageId, Disposition disposition, ImmutableList<String> reasons,
                            ImmutableMap<String, RecipientState> recipients, Optional<String> tls) {

    public record RecipientState(Disposition disposition, Optional<String> detail) {
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
            disposition, reasons, recipients, transport);
    }

    public Map<String, RecipientState> recipientStates() {
        return recipients;
    }
}
