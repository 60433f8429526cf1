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
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant decisions of the SMTP dialogue. List it in smtpserver.xml's handler chain before James's core
 * handlers, whose AuthRequiredToRelayRcptHook then applies them.
 * <ul>
 *   <li>MAIL FROM: a client whose address is in a tenant's {@code relayClients} may relay (send to any domain);
 *       every other client may only send to tenant domains (550 5.7.1 for the rest).</li>
 *   <li>When the tenant store cannot be read, MAIL and RCPT answer {@code 451 4.3.0}: the sender retries later;
 *       nothing is accepted unchecked, and nothing is refused for good because of an outage.</li>
 * </ul>
 */
public class TenantSessionHook implements MailHook, RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(TenantSessionHook.class);
    static final HookResult TEMPORARY_FAILURE = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("451")
        .smtpDescription("4.3.0 Temporary failure reading the gateway's policy, please try again later")
        .build();

    private final TenantDirectory directory;

    @Inject
    public TenantSessionHook(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<Tenant> relayTenant;
        try {
            relayTenant = directory.relayClientTenant(session.getRemoteAddress().getAddress());
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
            directory.ownerOf(rcpt.getDomain().asString());
        } catch (RuntimeException e) {
            LOGGER.error("Tenant store unavailable at RCPT TO {}: answering 451", rcpt, e);
            return TEMPORARY_FAILURE;
        }
        return HookResult.DECLINED;
    }
}
