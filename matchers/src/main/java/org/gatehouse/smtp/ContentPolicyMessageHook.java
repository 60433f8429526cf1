package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.content.StripsJson;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content policy at the end of DATA: the message is inspected once (true types at every depth, archives,
 * encryption) and judged by the policy of each tenant it touches ({@link TransactionTenants}: the relay client's tenant
 * outbound and every recipient's tenant inbound). When the blocks leave nothing to deliver (the outbound tenant's block
 * stops the whole message), {@code 550 5.7.1} names the rule and the part; otherwise the verdicts
 * travel with the mail for ApplyContentVerdict. A message with a virus is left to the antivirus (virus quarantine).
 */
public class ContentPolicyMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentPolicyMessageHook.class);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/()+ -]");
    /** The message is over the tenant's {@code content.maxMessageBytes}. */
    static final String TOO_LARGE = "CONTENT_MESSAGE_TOO_LARGE";
    /** The check's id in {@link Decision}s. */
    static final String CHECK = "content";

    private final TransactionTenants transactionTenants;
    private final ContentPolicies policies;

    @Inject
    public ContentPolicyMessageHook(TenantDirectory directory, ContentPolicies policies) {
        this.transactionTenants = new TransactionTenants(directory);
        this.policies = policies;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            if (infected(mail)) {
                return HookResult.DECLINED;
            }
            // the relay client's tenant (outbound) and every recipient's tenant (inbound), each by its own policy
            MessageTenants message = transactionTenants.of(session, mail);
            List<TenantId> tenants = message.allTenants();
            if (tenants.isEmpty()) {
                return HookResult.DECLINED;
            }
            ContentInspection inspection = MessageInspection.of(session, mail);
            long size = mail.getMessageSize();
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            Map<String, List<ContentPolicy.Strip>> strips = new LinkedHashMap<>();
            List<Decision> made = new ArrayList<>();
            Map<TenantId, EndOfDataDecision.Block> blocks = new LinkedHashMap<>();
            for (TenantId tenant : tenants) {
                ParsedPolicies.Versioned<ContentPolicy> versioned = policies.versioned(tenant);
                ContentPolicy policy = versioned.policy();
                ContentPolicy.Judgement judgement = policy.judge(inspection);
                List<Finding> findings = new ArrayList<>(judgement.findings());
                boolean tooLarge = policy.maxMessageBytes().isPresent() && size > policy.maxMessageBytes().getAsLong();
                if (tooLarge) {
                    findings.add(Finding.of(TOO_LARGE, "content", "denied", "the message has " + size + " bytes, more than "
                        + policy.maxMessageBytes().getAsLong()).withAction(Action.BLOCK));
                }
                Verdict verdict = Verdict.of(findings);
                verdicts.put(tenant.asString(), verdict);
                if (!judgement.strips().isEmpty()) {
                    strips.put(tenant.asString(), judgement.strips());
                }
                for (Direction direction : roles(message, tenant)) {
                    made.add(Decision.of(CHECK, Stage.DATA, tenant, direction, versioned.version(), verdict.action(), verdict.ruleIds()));
                }
                if (verdict.action() == Action.BLOCK) {
                    blocks.put(tenant, new EndOfDataDecision.Block(
                        tooLarge ? MessageSizeRcptHook.tooLarge(policy.maxMessageBytes().getAsLong())
                            : refusal(verdict, message.outboundTenant().filter(tenant::equals).isPresent()), verdict));
                }
            }
            if (verdicts.values().stream().anyMatch(verdict -> !verdict.findings().isEmpty())) {
                mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.CONTENT_VERDICTS), AttributeValue.of(VerdictJson.write(verdicts))));
            }
            if (!strips.isEmpty()) {
                mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.CONTENT_STRIPS), AttributeValue.of(StripsJson.write(strips))));
            }
            HookResult answer = EndOfDataDecision.of(session).add(session, mail, message, made, blocks);
            if (answer != HookResult.DECLINED) {
                LOGGER.info("Message from {} ({}) refused at the end of DATA: {}", session.getRemoteAddress().getAddress().getHostAddress(),
                    mail.getMaybeSender().asString(""), answer.getSmtpDescription());
            }
            return answer;
        } catch (Exception e) {
            LOGGER.error("Content inspection failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    /** The roles the tenant has for this message: outbound, inbound, or both (its relay client writing to it and others). */
    static List<Direction> roles(MessageTenants message, TenantId tenant) {
        List<Direction> roles = new ArrayList<>();
        if (message.outboundTenant().filter(tenant::equals).isPresent()) {
            roles.add(Direction.OUTBOUND);
        }
        if (message.inboundTenants().contains(tenant)) {
            roles.add(Direction.INBOUND);
        }
        return roles;
    }

    /** The sender's own organisation (the outbound tenant) or the recipient's refused it: the reply says whose policy. */
    private static HookResult refusal(Verdict verdict, boolean sendersPolicy) {
        String because = verdict.findings().stream().filter(finding -> finding.action().filter(Action.BLOCK::equals).isPresent())
            .limit(3).map(ContentPolicyMessageHook::describe).collect(Collectors.joining("; "));
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription("5.7.1 Message refused by the " + (sendersPolicy ? "sender's" : "recipient's") + " content policy: " + because)
            .build();
    }

    private static boolean infected(Mail mail) {
        return mail.getAttribute(AttributeName.of(PipelineAttributes.ANTIVIRUS))
            .map(attribute -> VerdictJson.read(String.valueOf(attribute.getValue().value())))
            .map(verdicts -> verdicts.values().stream().anyMatch(verdict -> verdict.ruleIds().contains(AntivirusFindings.VIRUS_FOUND)))
            .orElse(false);
    }

    /** {@code CONTENT_DENIED_TYPE (a.zip/b.exe is application/x-msdownload (executable))}, only safe characters. */
    private static String describe(Finding finding) {
        String reason = UNSAFE.matcher(finding.reason()).replaceAll("_");
        return finding.ruleId() + " (" + (reason.length() > 120 ? reason.substring(0, 120) + "..." : reason) + ")";
    }
}
