package org.gatehouse.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreDecision;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.scoring.ScoringPolicy;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the spam-score decision to the part of one tenant. The decision was made at the end of DATA
 * (ScoringMessageHook, {@link PipelineAttributes#SCORE_DECISIONS}); a part without one (a message that did not come
 * through that hook) is scored here with the same {@link MessageScorer}. Writes {@code X-Gatehouse-Score},
 * {@code X-Gatehouse-Category} and {@code X-Gatehouse-Verdict} (replacing any the sender wrote), records the
 * explanation in the message log, then acts through the {@link ActionExecutor}, under the policy version the decision
 * was made under: tag (headers only), tag the subject, redirect (to the tenant's redirect address, only when its domain
 * is the tenant's), quarantine, or block. A block reaching this point concerns a
 * message accepted for several tenants of which not all blocked it; accepted mail is never dropped, so the part is
 * held in the quarantine with a {@code BLOCKED} reason.
 * Parameter: {@code quarantineProcessor} (default {@code quarantine}).
 */
public class ScoreMessage extends GenericMailet {
    public static final String SCORE_HEADER = "X-Gatehouse-Score";
    public static final String CATEGORY_HEADER = "X-Gatehouse-Category";
    public static final String VERDICT_HEADER = "X-Gatehouse-Verdict";

    private final ScoringPolicies policies;
    private final MessageScorer scorer;
    private final ActionExecutor executor;
    private String quarantineProcessor;

    @Inject
    public ScoreMessage(ScoringPolicies policies, MessageScorer scorer, ActionExecutor executor) {
        this.policies = policies;
        this.scorer = scorer;
        this.executor = executor;
    }

    @Override
    public void init() {
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenantName = MailAttributes.get(mail, PipelineAttributes.TENANT);
        if (tenantName.isEmpty()) {
            return;
        }
        TenantId tenant = TenantId.of(tenantName.get());
        Optional<ScoreDecision> decided = MailAttributes.get(mail, PipelineAttributes.SCORE_DECISIONS)
            .map(ScoreDecision::read)
            .flatMap(decisions -> Optional.ofNullable(decisions.get(tenant.asString())));
        if (decided.isEmpty() && MailAttributes.clientTrustedByTenant(mail)) {
            // the tenant's own relay client writing to the tenant: the spam score is for mail from others
            return;
        }
        ScoreDecision decision = decided.orElseGet(() -> scoreHere(mail, tenant));
        Action action = decision.action();
        // held by the tenant's phishing action: filed in the phishing family, and a release skips only that
        HoldingCheck check = decision.findings().stream()
            .anyMatch(finding -> finding.check().equals(HoldingCheck.PHISHING.asString()) && finding.action().filter(action::equals).isPresent())
            ? HoldingCheck.PHISHING : HoldingCheck.SCORING;
        int version = MailDecisions.policyVersion(mail, HoldingCheck.SCORING.asString(), tenant);
        ScoringPolicy policy = (version < 0 ? policies.versioned(tenant) : policies.at(tenant, version)).policy();
        ActionPlan plan = ActionPlan.builder(check, action, decision.ruleIds(), decision.because())
            .headers(HeaderEdits.none()
                .set(SCORE_HEADER, String.valueOf(decision.score()))
                .set(CATEGORY_HEADER, decision.category().asString())
                .set(VERDICT_HEADER, action.asString() + "; rules=" + String.join(",", decision.ruleIds())))
            .reasons(decision.explanation())
            .subjectPrefix(policy.subjectPrefix())
            .redirectTo(policy.redirectTo().map(ScoringPolicy.RedirectAddress::address))
            .holdProcessor(quarantineProcessor)
            .build();
        executor.execute(mail, tenant, plan, getMailetContext(), "transport");
    }

    private ScoreDecision scoreHere(Mail mail, TenantId tenant) {
        try {
            byte[] raw = raw(mail);
            Verdict senderVerdict = MailAttributes.get(mail, PipelineAttributes.SENDER_VERDICTS)
                .map(VerdictJson::read)
                .map(verdicts -> verdicts.getOrDefault(tenant.asString(), Verdict.empty()))
                .orElse(Verdict.empty());
            return scorer.decide(Map.of(tenant, senderVerdict), raw, ParsedMessage.parse(raw)).get(tenant);
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot read the message to score it", e);
        }
    }

    /** The message with the envelope sender as Return-Path on top, as the hook scores it. */
    private static byte[] raw(Mail mail) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(("Return-Path: <" + mail.getMaybeSender().asString("") + ">\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message to score it", e);
        }
        return out.toByteArray();
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse spam score";
    }
}
