package org.gatehouse.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.gatehouse.tenant.TenantDirectory;

/**
 * Lets a tenant's relay clients relay: at MAIL FROM, a client whose address is in a tenant's {@code relayClients}
 * may send to any domain. Every other client may only send to tenant domains: James's AuthRequiredToRelayRcptHook
 * answers 550 5.7.1 for the rest. List it in smtpserver.xml's handler chain before James's core handlers.
 */
public class TenantRelayClientMailHook implements MailHook {
    private final TenantDirectory directory;

    @Inject
    public TenantRelayClientMailHook(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (directory.relayClientTenant(session.getRemoteAddress().getAddress()).isPresent()) {
            session.setRelayingAllowed(true);
        }
        return HookResult.DECLINED;
    }
}
