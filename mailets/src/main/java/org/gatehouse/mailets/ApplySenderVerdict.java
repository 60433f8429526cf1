package org.gatehouse.mailets;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.sender.AuthenticationResults;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the part's tenant sender verdict (computed at the end of DATA by SenderVerificationMessageHook): removes
 * forged Authentication-Results headers of our authserv-id, adds ours, records the findings in the message log,
 * and acts through the {@link ActionExecutor}: pass; tag ({@code X-Gatehouse-Sender} header with the rule ids); tag the subject too; or quarantine.
 * A refusal that could not be answered at SMTP (another tenant of the same message accepted it) quarantines:
 * accepted mail is never dropped. A part received from an untrusted SMTP client without a verdict is quarantined
 * too (fail closed); mail the gateway generated and mail of a tenant's relay clients has no sender to verify.
 * Parameters: {@code quarantineProcessor} (default {@code quarantine}), {@code subjectPrefix} (default
 * {@code [SUSPICIOUS]}).
 */
public class ApplySenderVerdict extends GenericMailet {
    public static final String SENDER_HEADER = "X-Gatehouse-Sender";

    private final SenderSettings settings;
    private final ActionExecutor executor;
    private String quarantineProcessor;
    private String subjectPrefix;

    @Inject
    public ApplySenderVerdict(SenderSettings settings, ActionExecutor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    @Override
    public void init() {
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
        subjectPrefix = Optional.ofNullable(getInitParameter("subjectPrefix")).orElse("[SUSPICIOUS]");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT);
        Optional<Verdict> computed = MailAttributes.get(mail, PipelineAttributes.SENDER_VERDICTS)
            .map(VerdictJson::read)
            .flatMap(verdicts -> tenant.map(verdicts::get));
        if (computed.isEmpty() && !receivedFromAnUntrustedClient(mail)) {
            // Mail the gateway generated (bounces) or that the tenant's own relay client sent: no sender to verify.
            return;
        }
        Verdict verdict = computed.orElseGet(() -> Verdict.of(List.of(new Finding("SENDER_UNVERIFIED", "sender", "none", 0,
            Optional.of(Action.QUARANTINE), "sender verification did not run for this message"))));
        List<String> methods = MailAttributes.get(mail, PipelineAttributes.AUTHENTICATION_RESULTS)
            .map(lines -> Arrays.stream(lines.split("\n")).filter(line -> !line.isBlank()).toList())
            .orElse(List.of());
        AuthenticationResults results = AuthenticationResults.of(settings.authservId(), methods);
        HeaderEdits edits = withoutForgedResults(mail.getMessage(), results)
            .add(AuthenticationResults.HEADER, results.headerValue());
        ActionPlan plan = ActionPlan.builder(HoldingCheck.SENDER, verdict.action(), verdict.ruleIds(),
                "sender policy: " + String.join("; ", verdict.explanation()))
            .headers(edits)
            .marks(HeaderEdits.none().set(SENDER_HEADER, String.join(" ", verdict.ruleIds())))
            .reasons(verdict.explanation())
            .subjectPrefix(subjectPrefix)
            .holdProcessor(quarantineProcessor)
            .build();
        executor.execute(mail, tenant.map(TenantId::of), plan, getMailetContext(), "transport");
    }

    private static boolean receivedFromAnUntrustedClient(Mail mail) {
        boolean smtp = mail.getAttribute(Mail.SMTP_SESSION_ID).isPresent();
        return smtp && !MailAttributes.clientTrustedByTenant(mail);
    }

    /** Removes forged Authentication-Results headers of our authserv-id: all of them, then the others again. */
    private static HeaderEdits withoutForgedResults(MimeMessage message, AuthenticationResults results) throws MessagingException {
        String[] existing = message.getHeader(AuthenticationResults.HEADER);
        if (existing == null) {
            return HeaderEdits.none();
        }
        HeaderEdits edits = HeaderEdits.none().remove(AuthenticationResults.HEADER);
        for (String value : existing) {
            if (!results.isClaimedBy(MimeUtility.unfold(value))) {
                edits = edits.add(AuthenticationResults.HEADER, value);
            }
        }
        return edits;
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse sender verdict";
    }
}
