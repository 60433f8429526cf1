package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.sender.SenderContext;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.sender.SenderVerification;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sender verification at the end of DATA, before the 250: SPF, DKIM, DMARC, PTR, DNSBLs and country, judged by
 * the policy of every tenant the message is for. When every tenant refuses it, the answer is 550 5.7.1 (no
 * bounce to a forged sender); when a lookup failed and a tenant chose to tempfail, 451. Otherwise the message is
 * accepted with each tenant's verdict and the Authentication-Results in its attributes, for ApplySenderVerdict.
 */
public class SenderVerificationMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SenderVerificationMessageHook.class);

    /** The check's id in {@link Decision}s. */
    static final String CHECK = "sender";

    private final TransactionTenants transactionTenants;
    private final SenderVerification verification;
    private final SenderSettings settings;

    @Inject
    public SenderVerificationMessageHook(TenantDirectory directory, SenderVerification verification,
                                         SenderSettings settings) {
        this.transactionTenants = new TransactionTenants(directory);
        this.verification = verification;
        this.settings = settings;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            // every recipient's tenant but the one whose own relay client this is
            MessageTenants messageTenants = transactionTenants.of(session, mail);
            Set<TenantId> tenants = new LinkedHashSet<>(messageTenants.untrustingInboundTenants());
            EndOfDataDecision endOfData = EndOfDataDecision.of(session);
            if (tenants.isEmpty() || endOfData.decided(messageTenants)) {
                return HookResult.DECLINED;
            }
            // the From address as the message view reads it, the view the spam score and phishing read too
            SenderContext context = new SenderContext(session.getRemoteAddress().getAddress(),
                session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse(""),
                mail.getMaybeSender().asString(""), MessageInspection.view(session, mail).from().stream().findFirst());
            byte[] raw = ReceivedBytes.of(session, mail);
            SenderVerification.Outcome outcome = verification.afterData(tenants, context, raw)
                .get(settings.budget().toMillis() + 2000, TimeUnit.MILLISECONDS);
            Map<String, Verdict> byTenant = new LinkedHashMap<>();
            outcome.verdicts().forEach((tenant, verdict) -> byTenant.put(tenant.asString(), verdict));
            if (byTenant.values().stream().anyMatch(verdict -> verdict.action() == Action.TEMPFAIL)) {
                Verdict tempfailing = byTenant.values().stream().filter(verdict -> verdict.action() == Action.TEMPFAIL).findFirst().orElseThrow();
                RefusalDetails.attach(session, tempfailing);
                return SmtpReplies.tempfail(tempfailing);
            }
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SENDER_VERDICTS), AttributeValue.of(VerdictJson.write(byTenant))));
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.AUTHENTICATION_RESULTS),
                AttributeValue.of(String.join("\n", outcome.authenticationResults()))));
            List<Decision> made = new ArrayList<>();
            Map<TenantId, EndOfDataDecision.Block> blocks = new LinkedHashMap<>();
            byTenant.forEach((tenantName, verdict) -> {
                TenantId tenant = TenantId.of(tenantName);
                made.add(Decision.of(CHECK, Stage.DATA, tenant, Direction.INBOUND, outcome.policyVersions().getOrDefault(tenant, 0),
                    verdict.action(), verdict.ruleIds()));
                if (verdict.action() == Action.BLOCK) {
                    blocks.put(tenant, new EndOfDataDecision.Block(SmtpReplies.refuse(verdict), verdict));
                }
            });
            HookResult answer = endOfData.add(session, mail, messageTenants, made, blocks);
            if (answer != HookResult.DECLINED) {
                LOGGER.info("Message from {} ({}) refused: {}", context.clientIp(), context.mailFrom(), answer.getSmtpDescription());
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TenantSessionHook.TEMPORARY_FAILURE;
        } catch (Exception e) {
            LOGGER.error("Sender verification failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }
}
