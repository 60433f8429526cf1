package org.gatehouse.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.gatehouse.messagelog.MessageLog;
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
 * message log records the refusal; nothing was accepted, so nothing is dropped. Otherwise the decisions travel with
 * the mail ({@link PipelineAttributes#SCORE_DECISIONS}) for ScoreMessage to apply per part. A failure answers 451.
 */
public class ScoringMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScoringMessageHook.class);

    private final TransactionTenants transactionTenants;
    private final MessageScorer scorer;
    private final SmtpRefusals refusals;

    @Inject
    public ScoringMessageHook(TenantDirectory directory, MessageScorer scorer, MessageLog messageLog) {
        this(directory, scorer, messageLog, Clock.systemUTC());
    }

    public ScoringMessageHook(TenantDirectory directory, MessageScorer scorer, MessageLog messageLog, Clock clock) {
        this.transactionTenants = new TransactionTenants(directory);
        this.scorer = scorer;
        this.refusals = new SmtpRefusals(messageLog, clock);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            // every recipient's tenant but the one whose own relay client this is (inbound only)
            MessageTenants message = transactionTenants.of(session, mail);
            Map<TenantId, List<MailAddress>> recipientsByTenant = new LinkedHashMap<>();
            for (MailAddress recipient : mail.getRecipients()) {
                message.ownerOf(recipient.asString()).filter(owner -> !message.trusts(owner))
                    .ifPresent(tenant -> recipientsByTenant.computeIfAbsent(tenant, any -> new ArrayList<>()).add(recipient));
            }
            if (recipientsByTenant.isEmpty()) {
                return HookResult.DECLINED;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // the envelope sender, as the delivering server will write it: rules compare it with From
            out.write(("Return-Path: <" + mail.getMaybeSender().asString("") + ">\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(ReceivedBytes.of(session, mail));
            byte[] raw = out.toByteArray();
            ParsedMessage parsed = ParsedMessage.parse(raw);
            MessageMemo.shared().rememberReadableText(raw, parsed.readableText());
            Map<String, Verdict> senderVerdicts = mail.getAttribute(AttributeName.of(PipelineAttributes.SENDER_VERDICTS))
                .map(attribute -> VerdictJson.read((String) attribute.getValue().value()))
                .orElse(Map.of());
            Map<TenantId, Verdict> byTenant = new LinkedHashMap<>();
            recipientsByTenant.keySet().forEach(tenant -> byTenant.put(tenant, senderVerdicts.getOrDefault(tenant.asString(), Verdict.empty())));
            Map<String, ScoreDecision> decisions = new LinkedHashMap<>();
            scorer.decide(byTenant, raw, parsed).forEach((tenant, decision) -> decisions.put(tenant.asString(), decision));
            Set<TenantId> blocking = new LinkedHashSet<>();
            decisions.forEach((tenant, decision) -> {
                if (decision.action() == Action.BLOCK) {
                    blocking.add(TenantId.of(tenant));
                }
            });
            if (!blocking.isEmpty() && !message.deliversAnythingWhenBlockedBy(blocking)) {
                ScoreDecision refusing = decisions.get(blocking.iterator().next().asString());
                String rules = String.join(",", refusing.ruleIds());
                String reply = "5.7.1 Message refused as spam (score " + refusing.score() + ", rules " + rules + ")";
                LOGGER.info("Message from {} ({}) refused at the end of DATA: {}", session.getRemoteAddress().getAddress(),
                    mail.getMaybeSender().asString(""), refusing.because());
                recipientsByTenant.forEach((tenant, recipients) ->
                    logRefusal(session, mail, parsed, tenant, recipients, decisions.get(tenant.asString()), "550 " + reply));
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("550")
                    .smtpDescription(reply)
                    .build();
            }
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SCORE_DECISIONS), AttributeValue.of(ScoreDecision.write(decisions))));
            return HookResult.DECLINED;
        } catch (Exception e) {
            LOGGER.error("Spam scoring failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    /** One REJECTED record per tenant, so the operator sees what was refused and why. */
    private void logRefusal(SMTPSession session, Mail mail, ParsedMessage parsed, TenantId tenant, List<MailAddress> recipients,
                            ScoreDecision decision, String reply) {
        List<String> reasons = new ArrayList<>(decision.explanation());
        reasons.add("REJECTED at the end of DATA: " + decision.because());
        refusals.record(session, mail, Direction.INBOUND, Optional.of(tenant), recipients, parsed.header("Message-ID"), reasons, reply);
    }
}
