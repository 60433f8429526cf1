package org.gatehouse.smtp;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant decisions of the SMTP dialogue. List it in smtpserver.xml's handler chain before James's core
 * handlers, whose AuthRequiredToRelayRcptHook then applies them.
 * <ul>
 *   <li>MAIL FROM: a client whose address is in a tenant's {@code relayClients} may relay (send to any domain);
 *       every other client may only send to tenant domains (550 5.7.1 for the rest).</li>
 *   <li>Whom the message is for ({@link TransactionTenants}): the relay tenant at MAIL FROM, each recipient's owner at
 *       RCPT TO, handed to the pipeline at the end of DATA ({@code org.gatehouse.tenants}).</li>
 *   <li>When the tenant store cannot be read, MAIL and RCPT answer {@code 451 4.3.0}: the sender retries later;
 *       nothing is accepted unchecked, and nothing is refused for good because of an outage.</li>
 * </ul>
 */
public class TenantSessionHook implements MailHook, RcptHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(TenantSessionHook.class);
    static final HookResult TEMPORARY_FAILURE = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("451")
        .smtpDescription("4.3.0 Temporary failure reading the gateway's policy, please try again later")
        .build();

    private final TransactionTenants tenants;

    @Inject
    public TenantSessionHook(TenantDirectory directory) {
        this.tenants = new TransactionTenants(directory);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<TenantId> relayTenant;
        try {
            relayTenant = tenants.relayTenant(session);
        } catch (RuntimeException e) {
            LOGGER.error("Tenant store unavailable at MAIL FROM from {}: answering 451", session.getRemoteAddress(), e);
            return TEMPORARY_FAILURE;
        }
        if (relayTenant.isPresent()) {
            session.setRelayingAllowed(true);
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            tenants.ownerOf(session, rcpt);
        } catch (RuntimeException e) {
            LOGGER.error("Tenant store unavailable at RCPT TO {}: answering 451", rcpt, e);
            return TEMPORARY_FAILURE;
        }
        return HookResult.DECLINED;
    }

    /** Hands whom the message is for to the pipeline (TenantRouting), so it is not worked out again after the queue. */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANTS),
                AttributeValue.of(tenants.of(session, mail).toJson())));
        } catch (RuntimeException e) {
            LOGGER.error("Tenant store unavailable at the end of DATA from {}: answering 451", session.getRemoteAddress(), e);
            return TEMPORARY_FAILURE;
        }
        return HookResult.DECLINED;
    }
}
