package org.gatehouse.smtp;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first check at the end of DATA, before any other reads the message: a message with a line longer than the
 * server reads gets {@code 500 5.5.2}, one whose MIME structure crosses a bound ({@code smtp.mime.maxDepth},
 * {@code maxParts}, {@code maxHeaderFields}) gets {@code 554 5.6.0} with the bound it crossed. Either way the message
 * is not accepted and the refusal is in the message log. The structure it measured (the nesting depth) is kept for the
 * antivirus, which holds a message nested deeper than clamd opens.
 */
public class MessageStructureHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageStructureHook.class);
    private static final ProtocolSession.AttachmentKey<MimeStructure> STRUCTURE =
        ProtocolSession.AttachmentKey.of("org.gatehouse.mimeStructure", MimeStructure.class);

    private final MimeStructure.Limits limits;
    private final TenantDirectory directory;
    private final SmtpRefusals refusals;

    @Inject
    public MessageStructureHook(MimeStructure.Limits limits, TenantDirectory directory, MessageLog messageLog) {
        this(limits, directory, messageLog, Clock.systemUTC());
    }

    public MessageStructureHook(MimeStructure.Limits limits, TenantDirectory directory, MessageLog messageLog, Clock clock) {
        this.limits = limits;
        this.directory = directory;
        this.refusals = new SmtpRefusals(messageLog, clock);
    }

    /** The structure measured for this transaction's message; empty when this hook did not run. */
    static Optional<MimeStructure> measured(SMTPSession session) {
        return session.getAttachment(STRUCTURE, ProtocolSession.State.Transaction);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (OverlongLines.seen(session)) {
            String reply = "5.5.2 Message refused: a line is too long (RFC 5321 section 4.5.3.1.6)";
            return refuse(session, mail, "500", reply, "REJECTED at the end of DATA: SMTP_LINE_TOO_LONG (a line over the server's limit)");
        }
        try {
            MimeStructure structure = MimeStructure.scan(new ByteArrayInputStream(ReceivedBytes.of(session, mail)), limits);
            session.setAttachment(STRUCTURE, structure, ProtocolSession.State.Transaction);
            if (structure.exceeds()) {
                String because = structure.violation().orElseThrow();
                return refuse(session, mail, "554", "5.6.0 Message refused: " + because,
                    "REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (" + because + ")");
            }
            return HookResult.DECLINED;
        } catch (Exception e) {
            LOGGER.error("The MIME structure of a message from {} could not be measured: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    private HookResult refuse(SMTPSession session, Mail mail, String code, String reply, String reason) {
        LOGGER.info("Message from {} ({}) refused at the end of DATA: {}", session.getRemoteAddress().getAddress().getHostAddress(),
            mail.getMaybeSender().asString("<>"), reply);
        Direction direction = session.isRelayingAllowed() ? Direction.OUTBOUND : Direction.INBOUND;
        byTenant(session, mail).forEach((tenant, recipients) ->
            refusals.record(session, mail, direction, tenant, recipients, Optional.empty(), List.of(reason), code + " " + reply));
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(reply)
            .build();
    }

    /** Outbound: the relay client's tenant; inbound: each recipient's tenant, those of no tenant together. */
    private Map<Optional<TenantId>, List<MailAddress>> byTenant(SMTPSession session, Mail mail) {
        Map<Optional<TenantId>, List<MailAddress>> grouped = new LinkedHashMap<>();
        try {
            if (session.isRelayingAllowed()) {
                grouped.put(directory.relayClientTenant(session.getRemoteAddress().getAddress()).map(Tenant::id),
                    List.copyOf(mail.getRecipients()));
                return grouped;
            }
            for (MailAddress recipient : mail.getRecipients()) {
                grouped.computeIfAbsent(directory.ownerOf(recipient.getDomain().asString()).map(Tenant::id), any -> new ArrayList<>())
                    .add(recipient);
            }
        } catch (RuntimeException e) {
            grouped.clear();
            grouped.put(Optional.empty(), List.copyOf(mail.getRecipients()));
        }
        return grouped;
    }
}
