package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.content.InspectedPart;
import org.gatehouse.dlp.DlpAction;
import org.gatehouse.dlp.DlpContent;
import org.gatehouse.dlp.DlpEnvelope;
import org.gatehouse.dlp.DlpEvaluator;
import org.gatehouse.dlp.DlpPolicies;
import org.gatehouse.dlp.DlpPolicy;
import org.gatehouse.dlp.DlpResult;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.message.MessageMemo;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;

import com.google.common.collect.ImmutableList;

/**
 * Data loss prevention on a tenant's outbound part: scans the subject, the body and the text extracted from every
 * attachment at every archive depth (ContentInspector) against the tenant's {@code dlp} rules, records the findings
 * (masked, never the data) in the message log, and applies the most severe action: block (a bounce to the sender
 * naming the rule, through the bounces processor), quarantine (held for the tenant administrator's approval), tag
 * ({@code X-Gatehouse-DLP} header), notify or log (message log only, for now).
 * Parameters: {@code bounceProcessor} (default {@code bounces}), {@code quarantineProcessor} (default {@code quarantine}).
 */
public class CheckDlp extends GenericMailet {
    public static final String HEADER = "X-Gatehouse-DLP";
    /** Set when the relay tenant's outbound rules tagged the part, before the recipients' tenant's inbound rules run. */
    static final String TAGGED_OUTBOUND = "org.gatehouse.dlp.taggedOutbound";

    private final DlpPolicies policies;
    private final TenantDirectory directory;
    private final ActionExecutor executor;
    private final DlpEvaluator evaluator = new DlpEvaluator();
    private final ContentInspector inspector = ContentInspector.withDefaults();
    private String bounceProcessor;
    private String quarantineProcessor;

    @Inject
    public CheckDlp(DlpPolicies policies, TenantDirectory directory, ActionExecutor executor) {
        this.policies = policies;
        this.directory = directory;
        this.executor = executor;
    }

    @Override
    public void init() {
        bounceProcessor = Optional.ofNullable(getInitParameter("bounceProcessor")).orElse("bounces");
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(bounceProcessor), new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<TenantId> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of);
        Direction direction = MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction::parse).orElse(Direction.SYSTEM);
        if (tenant.isEmpty() || direction == Direction.SYSTEM || Hold.isReleasedFrom(mail, HoldingCheck.DLP)) {
            return;
        }
        ParsedPolicies.Versioned<DlpPolicy> versioned = policies.versioned(tenant.get());
        DlpPolicy policy = versioned.policy();
        if (policy.rules().isEmpty()) {
            return;
        }
        byte[] raw = raw(mail);
        // what the end of DATA read of this content, once per message on this node, not once per tenant part
        MessageMemo memo = MessageMemo.shared();
        DlpContent content = DlpContent.of(ParsedMessage.parse(MessageMemo.headerSection(raw)).subject(),
            memo.readableText(raw, bytes -> ParsedMessage.parse(bytes).readableText()));
        ContentInspection inspection = memo.inspection(raw, inspector::inspectMessage);
        for (InspectedPart part : inspection.parts()) {
            if (!part.text().isBlank()) {
                content = content.withAttachment(part.path(), part.text());
            }
        }
        DlpEnvelope envelope = new DlpEnvelope(direction, mail.getMaybeSender().asOptional().map(MailAddress::asString),
            mail.getRecipients().stream().map(MailAddress::asString).toList(),
            directory.get(tenant.get()).map(Tenant::domains).map(java.util.Set::copyOf).orElse(java.util.Set.of()));
        DlpResult result = evaluator.evaluate(policy, content, envelope);
        List<Finding> findings = result.findings();
        if (findings.isEmpty()) {
            return;
        }
        List<String> reasons = new ArrayList<>(findings.stream().map(Finding::explain).toList());
        Optional<DlpAction> action = result.action();
        String rules = findings.stream().map(Finding::ruleId)
            .distinct().collect(Collectors.joining(","));
        if (result.notifyAdmin()) {
            reasons.add(notifyAdministrators(mail, tenant.get(), policy, findings, rules));
        }
        DlpAction dlpAction = action.orElse(DlpAction.LOG);
        Action applied = switch (dlpAction) {
            case BLOCK -> Action.BLOCK;
            case QUARANTINE -> Action.QUARANTINE;
            case TAG -> Action.TAG;
            default -> Action.PASS;
        };
        List<String> ruleIds = findings.stream().map(Finding::ruleId).distinct().toList();
        record(mail, Decision.of(DlpResult.CHECK, Stage.QUEUE, tenant.get(), direction, versioned.version(), applied, ruleIds));
        ActionPlan.Builder plan = ActionPlan.builder(HoldingCheck.DLP, applied, ruleIds, "DLP rules " + rules)
            .holdProcessor(quarantineProcessor);
        if (dlpAction == DlpAction.BLOCK) {
            plan.bounce("Message blocked by the sender organisation's data loss prevention policy. "
                + String.join(" ", result.senderExplanation()), bounceProcessor);
        } else if (dlpAction == DlpAction.QUARANTINE) {
            reasons.add("DLP QUARANTINED for approval: " + rules);
        } else if (dlpAction == DlpAction.TAG) {
            // a relay tenant's mail to another tenant keeps the sender's tag next to the recipient's
            boolean taggedBySender = MailAttributes.get(mail, TAGGED_OUTBOUND).isPresent();
            if (direction == Direction.OUTBOUND) {
                MailAttributes.set(mail, TAGGED_OUTBOUND, tenant.get().asString());
            }
            plan.marks(taggedBySender ? HeaderEdits.none().add(HEADER, "tag; rules=" + rules) : HeaderEdits.none().set(HEADER, "tag; rules=" + rules));
        }
        executor.execute(mail, tenant.get(), plan.reasons(reasons).build(), getMailetContext(), "transport");
    }

    /** DLP decides after the queue: its decision joins those of the end of DATA, with the policy version it was made under. */
    private static void record(Mail mail, Decision decision) {
        List<Decision> all = new ArrayList<>(MailDecisions.of(mail));
        all.add(decision);
        MailAttributes.set(mail, PipelineAttributes.DECISIONS, Decision.write(all));
    }

    /**
     * Sends the tenant's administrators ({@code dlp.notifyTo}, only addresses in the tenant's domains) a notice: which
     * rules fired on which message, with the findings' masked summaries; never the message or the data.
     */
    private String notifyAdministrators(Mail mail, TenantId tenant, DlpPolicy policy, List<Finding> findings, String rules) {
        List<MailAddress> recipients = AdministratorNotice.inTenantDomains(directory, tenant, policy.notifyTo());
        if (recipients.isEmpty()) {
            return "DLP NOTIFY: rules " + rules + "; no dlp.notifyTo address in the tenant's domains, nobody was told";
        }
        try {
            StringBuilder text = new StringBuilder("Data loss prevention rules fired on a message:\n\n")
                .append("Sender: ").append(printable(mail.getMaybeSender().asString("<>"))).append('\n')
                .append("Recipients: ").append(printable(mail.getRecipients().stream().map(MailAddress::asString)
                    .collect(Collectors.joining(", ")))).append('\n')
                .append("Message log id: ").append(MailAttributes.get(mail, PipelineAttributes.LOG_ID).orElse("none")).append("\n\n");
            findings.forEach(finding -> text.append("- ").append(printable(finding.explain())).append('\n'));
            text.append("\nThe data itself is never quoted; the samples above are masked.\n");
            AdministratorNotice.send(getMailetContext(), recipients, "[Gatehouse DLP] " + rules, text.toString());
            return "DLP NOTIFY: rules " + rules + "; told " + recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
        } catch (MessagingException | RuntimeException e) {
            log("Could not send the DLP notification for tenant " + tenant.asString(), e);
            return "DLP NOTIFY: rules " + rules + "; the notification could not be sent: " + e.getClass().getSimpleName();
        }
    }

    private static String printable(String value) {
        return AdministratorNotice.printable(value);
    }

    private static byte[] raw(Mail mail) throws MessagingException {
        return AdministratorNotice.raw(mail, "DLP");
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse data loss prevention";
    }
}
