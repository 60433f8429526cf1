package org.gatehouse.smtp;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.sender.SenderVerification;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sender policy decisions that need no message, answered at RCPT TO so that the message is never accepted:
 * the recipient tenant's block list (client address, envelope sender), its DNSBLs and its countries. 550 5.7.1 for
 * a refusal, 451 4.7.0 when a lookup failed and the tenant chose to tempfail. A tenant's own relay clients are not
 * checked for its recipients; another tenant's relay clients are, like any sender.
 */
public class SenderPolicyRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SenderPolicyRcptHook.class);

    private final TransactionTenants tenants;
    private final SenderVerification verification;
    private final SenderSettings settings;

    @Inject
    public SenderPolicyRcptHook(TenantDirectory directory, SenderVerification verification, SenderSettings settings) {
        this.tenants = new TransactionTenants(directory);
        this.verification = verification;
        this.settings = settings;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            // the recipient's tenant, unless the client is that tenant's own relay client
            Optional<TenantId> tenant = tenants.ownerOf(session, rcpt).filter(owner -> !tenants.trustedBy(session, owner));
            if (tenant.isEmpty()) {
                return HookResult.DECLINED;
            }
            Verdict verdict = verification.beforeData(tenant.get(), session.getRemoteAddress().getAddress(), sender.asString(""))
                .get(settings.budget().toMillis() + 1000, TimeUnit.MILLISECONDS);
            RefusalDetails.attach(session, verdict);
            if (verdict.action() == Action.BLOCK) {
                LOGGER.info("RCPT {} from {} refused: {}", rcpt, session.getRemoteAddress(), verdict.explanation());
                return SmtpReplies.refuse(verdict);
            }
            if (verdict.action() == Action.TEMPFAIL) {
                return SmtpReplies.tempfail(verdict);
            }
            return HookResult.DECLINED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TenantSessionHook.TEMPORARY_FAILURE;
        } catch (Exception e) {
            LOGGER.error("Sender checks failed at RCPT {}: answering 451", rcpt, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }
}
