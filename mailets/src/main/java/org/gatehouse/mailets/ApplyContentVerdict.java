package org.gatehouse.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.content.StripsJson;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * The content policy's decision for a tenant's part, made at the end of DATA, applied by the {@link ActionExecutor}
 * under the policy version it was made under: quarantine holds the part; block (when another tenant of the message
 * accepted it, so it was accepted) holds it too, marked {@code BLOCKED}; redirect sends it to the tenant's
 * {@code content.adminAddress} instead of its recipients; copy sends that address a copy of the original (straight to
 * delivery, with {@code X-Gatehouse-Content-Copy}); strip keeps the original in the quarantine and delivers the message
 * without the offending attachments, with a note part; every action but pass adds {@code X-Gatehouse-Content}. A
 * message released from the quarantine is delivered as it is.
 * Parameters: {@code quarantineProcessor} (default {@code quarantine}), {@code copyProcessor} (default {@code transport}).
 */
public class ApplyContentVerdict extends GenericMailet {
    public static final String HEADER = "X-Gatehouse-Content";

    private final ContentPolicies policies;
    private final ActionExecutor executor;
    private String quarantineProcessor;
    private String copyProcessor;

    @Inject
    public ApplyContentVerdict(ContentPolicies policies, ActionExecutor executor) {
        this.policies = policies;
        this.executor = executor;
    }

    @Override
    public void init() {
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
        copyProcessor = Optional.ofNullable(getInitParameter("copyProcessor")).orElse("transport");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor), new ProcessingState(copyProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT);
        Optional<Verdict> verdict = tenant.flatMap(id -> MailAttributes.get(mail, PipelineAttributes.CONTENT_VERDICTS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(id, Verdict.empty())));
        if (verdict.isEmpty() || verdict.get().findings().isEmpty()) {
            return;
        }
        TenantId tenantId = TenantId.of(tenant.get());
        executor.execute(mail, tenantId, plan(mail, tenantId, verdict.get()), getMailetContext(), copyProcessor);
    }

    private ActionPlan plan(Mail mail, TenantId tenant, Verdict verdict) {
        List<Finding> acting = verdict.findings().stream().filter(finding -> finding.action().isPresent()).toList();
        Set<Action> asked = acting.stream().map(finding -> finding.action().orElseThrow()).collect(Collectors.toSet());
        String rules = verdict.ruleIds().stream().distinct().collect(Collectors.joining(","));
        int version = MailDecisions.policyVersion(mail, HoldingCheck.CONTENT.asString(), tenant);
        ParsedPolicies.Versioned<ContentPolicy> policy = version < 0 ? policies.versioned(tenant) : policies.at(tenant, version);
        Action action = verdict.action();
        List<String> strippedBy = acting.stream().filter(finding -> finding.action().filter(Action.STRIP::equals).isPresent())
            .map(Finding::ruleId).distinct().toList();
        return ActionPlan.builder(HoldingCheck.CONTENT, action,
                action == Action.STRIP ? strippedBy : acting.stream().map(Finding::ruleId).distinct().toList(),
                "content policy: " + acting.stream().map(Finding::ruleId).distinct().collect(Collectors.joining(",")))
            .also(asked)
            .reasons(verdict.explanation())
            .marks(HeaderEdits.none().set(HEADER, action.asString() + "; rules=" + ActionExecutor.safe(rules)))
            .redirectTo(policy.policy().adminAddress())
            .strips(strips(mail, tenant))
            .holdProcessor(quarantineProcessor)
            .build();
    }

    private static List<ContentPolicy.Strip> strips(Mail mail, TenantId tenant) {
        return MailAttributes.get(mail, PipelineAttributes.CONTENT_STRIPS)
            .map(StripsJson::read)
            .map(all -> all.getOrDefault(tenant.asString(), List.of()))
            .orElse(List.of());
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse content policy verdict";
    }
}
