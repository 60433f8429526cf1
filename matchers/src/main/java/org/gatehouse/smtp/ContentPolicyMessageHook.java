package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.content.StripsJson;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.Tenant;
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
 * encryption) and judged by the policy of each tenant it is for (its recipients' tenants inbound, the relay client's
 * tenant outbound). When every tenant blocks it, {@code 550 5.7.1} names the rule and the part; otherwise the verdicts
 * travel with the mail for ApplyContentVerdict. A message with a virus is left to the antivirus (virus quarantine).
 */
public class ContentPolicyMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentPolicyMessageHook.class);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/()+ -]");
    /** The message is over the tenant's {@code content.maxMessageBytes}. */
    static final String TOO_LARGE = "CONTENT_MESSAGE_TOO_LARGE";

    private final TenantDirectory directory;
    private final ContentPolicies policies;

    @Inject
    public ContentPolicyMessageHook(TenantDirectory directory, ContentPolicies policies) {
        this.directory = directory;
        this.policies = policies;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            if (infected(mail)) {
                return HookResult.DECLINED;
            }
            Set<TenantId> tenants = new LinkedHashSet<>();
            if (session.isRelayingAllowed()) {
                directory.relayClientTenant(session.getRemoteAddress().getAddress()).map(Tenant::id).ifPresent(tenants::add);
            } else {
                for (MailAddress recipient : mail.getRecipients()) {
                    directory.ownerOf(recipient.getDomain().asString()).map(Tenant::id).ifPresent(tenants::add);
                }
            }
            if (tenants.isEmpty()) {
                return HookResult.DECLINED;
            }
            ContentInspection inspection = MessageInspection.of(session, mail);
            long size = mail.getMessageSize();
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            Map<String, List<ContentPolicy.Strip>> strips = new LinkedHashMap<>();
            for (TenantId tenant : tenants) {
                ContentPolicy policy = policies.policyOf(tenant);
                ContentPolicy.Judgement judgement = policy.judge(inspection);
                List<Finding> findings = new ArrayList<>(judgement.findings());
                if (policy.maxMessageBytes().isPresent() && size > policy.maxMessageBytes().getAsLong()) {
                    findings.add(Finding.of(TOO_LARGE, "content", "denied", "the message has " + size + " bytes, more than "
                        + policy.maxMessageBytes().getAsLong()).withAction(Action.REJECT));
                }
                verdicts.put(tenant.asString(), Verdict.of(findings));
                if (!judgement.strips().isEmpty()) {
                    strips.put(tenant.asString(), judgement.strips());
                }
            }
            if (verdicts.values().stream().allMatch(verdict -> verdict.action() == Action.REJECT)) {
                RefusalDetails.attach(session, verdicts.values());
                if (verdicts.values().stream().anyMatch(verdict -> verdict.findings().stream()
                        .anyMatch(finding -> finding.ruleId().equals(TOO_LARGE) && finding.action().isPresent()))) {
                    long limit = tenants.stream().map(policies::policyOf).map(ContentPolicy::maxMessageBytes)
                        .filter(java.util.OptionalLong::isPresent).mapToLong(java.util.OptionalLong::getAsLong).min().orElse(0);
                    LOGGER.info("Message from {} ({}) refused: {} bytes, over the recipients' limit", session.getRemoteAddress().getAddress()
                        .getHostAddress(), mail.getMaybeSender().asString(""), size);
                    return MessageSizeRcptHook.tooLarge(limit);
                }
                Verdict refusing = verdicts.values().iterator().next();
                String because = refusing.findings().stream().filter(finding -> finding.action().filter(Action.REJECT::equals).isPresent())
                    .limit(3).map(ContentPolicyMessageHook::describe).collect(Collectors.joining("; "));
                LOGGER.info("Message from {} ({}) refused by the content policy: {}", session.getRemoteAddress().getAddress().getHostAddress(),
                    mail.getMaybeSender().asString(""), refusing.explanation());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("550")
                    .smtpDescription("5.7.1 Message refused by the recipient's content policy: " + because)
                    .build();
            }
            if (verdicts.values().stream().anyMatch(verdict -> !verdict.findings().isEmpty())) {
                mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.CONTENT_VERDICTS), AttributeValue.of(VerdictJson.write(verdicts))));
            }
            if (!strips.isEmpty()) {
                mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.CONTENT_STRIPS), AttributeValue.of(StripsJson.write(strips))));
            }
            return HookResult.DECLINED;
        } catch (Exception e) {
            LOGGER.error("Content inspection failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
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
