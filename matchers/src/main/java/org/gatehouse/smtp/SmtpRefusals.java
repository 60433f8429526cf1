package org.gatehouse.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a message refused at the end of DATA to the message log: one REJECTED record per tenant (or one without a
 * tenant), with the client, HELO, envelope, the reasons and the reply. Its failure never changes the SMTP answer.
 */
final class SmtpRefusals {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpRefusals.class);

    private final MessageLog messageLog;
    private final Clock clock;

    SmtpRefusals(MessageLog messageLog, Clock clock) {
        this.messageLog = messageLog;
        this.clock = clock;
    }

    void record(SMTPSession session, Mail mail, Direction direction, Optional<TenantId> tenant, List<MailAddress> recipients,
                Optional<String> messageId, List<String> reasons, String reply) {
        try {
            String id = UUID.nameUUIDFromBytes(("smtp-refusal|" + mail.getName() + "|" + tenant.map(TenantId::asString).orElse(""))
                .getBytes(StandardCharsets.UTF_8)).toString();
            List<String> addresses = recipients.stream().map(MailAddress::asString).toList();
            messageLog.record(MessageRecord.received(id, clock.instant(), direction, tenant,
                mail.getMaybeSender().asString(""), addresses,
                Optional.of(session.getRemoteAddress().getAddress().getHostAddress()),
                session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection),
                mail.getMessageSize(), messageId)
                .withTls(mail.getAttribute(AttributeName.of(PipelineAttributes.TLS)).map(attribute -> String.valueOf(attribute.getValue().value()))));
            messageLog.addReasons(id, reasons);
            messageLog.updateRecipients(id, addresses, Disposition.REJECTED, Optional.of(reply));
        } catch (Exception e) {
            LOGGER.warn("Could not record the refusal of a message from {} in the message log", mail.getMaybeSender().asString(""), e);
        }
    }
}
