package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.message.MessageMemo;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreDecision;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spam score at the end of DATA, before the 250, for every tenant the message is for (after the sender checks,
 * whose score contributions it adds). When every tenant blocks it, the answer is 550 5.7.1 with the rule ids and the
 * message log records the refusal ({@code SPAM_SCORE_REJECT}, through {@link RefusalRecorder}); nothing was accepted,
 * so nothing is dropped. Otherwise the decisions travel with the mail ({@link PipelineAttributes#SCORE_DECISIONS}) for
 * ScoreMessage to apply per part. A failure answers 451.
 */
public class ScoringMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScoringMessageHook.class);

    /** The rule id of the refusal (the spam score reached the tenant's block threshold or category action). */
    static final String SPAM_SCORE_REJECT = "SPAM_SCORE_REJECT";
    /** The check's id in {@link Decision}s. */
    static final String CHECK = "scoring";

    private final TransactionTenants transactionTenants;
    private final MessageScorer scorer;

    @Inject
    public ScoringMessageHook(TenantDirectory directory, MessageScorer scorer) {
        this.transactionTenants = new TransactionTenants(directory);
        this.scorer = scorer;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            // every recipient's tenant but the one whose own relay client this is (inbound only)
            MessageTenants message = transactionTenants.of(session, mail);
            EndOfDataDecision endOfData = EndOfDataDecision.of(session);
            Map<TenantId, List<MailAddress>> recipientsByTenant = new LinkedHashMap<>();
            for (MailAddress recipient : mail.getRecipients()) {
                message.ownerOf(recipient.asString()).filter(owner -> !message.trusts(owner))
                    .ifPresent(tenant -> recipientsByTenant.computeIfAbsent(tenant, any -> new ArrayList<>()).add(recipient));
            }
            if (recipientsByTenant.isEmpty() || endOfData.decided(message)) {
                return HookResult.DECLINED;
            }
            // the envelope sender, as the delivering server will write it: rules compare it with From
            byte[] raw = MessageInspection.withReturnPath("<" + mail.getMaybeSender().asString("") + ">", ReceivedBytes.of(session, mail));
            ParsedMessage parsed = MessageInspection.view(session, mail);
            MessageMemo.shared().rememberReadableText(raw, parsed.readableText());
            Map<String, Verdict> senderVerdicts = mail.getAttribute(AttributeName.of(PipelineAttributes.SENDER_VERDICTS))
                .map(attribute -> VerdictJson.read((String) attribute.getValue().value()))
                .orElse(Map.of());
            Map<TenantId, Verdict> byTenant = new LinkedHashMap<>();
            recipientsByTenant.keySet().forEach(tenant -> byTenant.put(tenant, senderVerdicts.getOrDefault(tenant.asString(), Verdict.empty())));
            Map<String, ScoreDecision> decisions = new LinkedHashMap<>();
            Map<TenantId, Integer> versions = new LinkedHashMap<>();
            scorer.decideVersioned(byTenant, raw, parsed).forEach((tenant, decided) -> {
                decisions.put(tenant.asString(), decided.policy());
                versions.put(tenant, decided.version());
            });
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SCORE_DECISIONS), AttributeValue.of(ScoreDecision.write(decisions))));
            List<Decision> made = new ArrayList<>();
            Map<TenantId, EndOfDataDecision.Block> blocks = new LinkedHashMap<>();
            decisions.forEach((tenantName, decision) -> {
                TenantId tenant = TenantId.of(tenantName);
                made.add(Decision.of(CHECK, Stage.DATA, tenant, Direction.INBOUND, versions.getOrDefault(tenant, 0), decision.action(),
                    decision.ruleIds()));
                if (decision.action() == Action.BLOCK) {
                    String reply = "5.7.1 Message refused as spam (score " + decision.score() + ", rules "
                        + String.join(",", decision.ruleIds()) + ")";
                    blocks.put(tenant, new EndOfDataDecision.Block(HookResult.builder()
                        .hookReturnCode(HookReturnCode.deny())
                        .smtpReturnCode("550")
                        .smtpDescription(reply)
                        .build(), refusalDetails(List.of(decision))));
                }
            });
            HookResult answer = endOfData.add(session, mail, message, made, blocks);
            if (answer != HookResult.DECLINED) {
                LOGGER.info("Message from {} ({}) refused at the end of DATA: {}", session.getRemoteAddress().getAddress(),
                    mail.getMaybeSender().asString(""), answer.getSmtpDescription());
            }
            return answer;
        } catch (Exception e) {
            LOGGER.error("Spam scoring failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    /** For the message log: SPAM_SCORE_REJECT and the rules that fired, each tenant's score explained. */
    private static RefusalDetails refusalDetails(Collection<ScoreDecision> decisions) {
        Set<String> rules = new LinkedHashSet<>(List.of(SPAM_SCORE_REJECT));
        List<String> reasons = new ArrayList<>();
        decisions.forEach(decision -> {
            rules.addAll(decision.ruleIds());
            reasons.addAll(decision.explanation());
            reasons.add("REJECTED at the end of DATA: " + decision.because());
        });
        return new RefusalDetails(List.copyOf(rules), reasons);
    }
}
