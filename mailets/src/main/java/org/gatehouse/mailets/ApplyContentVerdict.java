package org.gatehouse.mailets;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the tenant's content-policy verdict made at the end of DATA to its part: the findings go to the message log;
 * quarantine holds the part; block (when another tenant of the message accepted it, so it was accepted) holds it too,
 * marked {@code BLOCKED} — accepted mail is never dropped; tag adds {@code X-Gatehouse-Content}.
 * Parameter: {@code quarantineProcessor} (default {@code quarantine}).
 */
public class ApplyContentVerdict extends GenericMailet {
    public static final String HEADER = "X-Gatehouse-Content";

    private final MessageLog messageLog;
    private String quarantineProcessor;

    @Inject
    public ApplyContentVerdict(MessageLog messageLog) {
        this.messageLog = messageLog;
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
        Optional<String> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT);
        Optional<Verdict> verdict = tenant.flatMap(id -> MailAttributes.get(mail, PipelineAttributes.CONTENT_VERDICTS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(id, Verdict.empty())));
        if (verdict.isEmpty() || verdict.get().findings().isEmpty()) {
            return;
        }
        java.util.List<String> reasons = new java.util.ArrayList<>(verdict.get().explanation());
        String rules = verdict.get().ruleIds().stream().distinct().collect(Collectors.joining(","));
        Action action = verdict.get().action();
        if ((action == Action.REJECT || action == Action.QUARANTINE) && Hold.isReleasedFrom(mail, HoldingCheck.CONTENT)) {
            reasons.add("released from the quarantine: content policy not applied again");
        } else if (action == Action.REJECT || action == Action.QUARANTINE) {
            String because = "content policy: " + verdict.get().findings().stream().filter(finding -> finding.action().isPresent())
                .map(Finding::ruleId).distinct().collect(Collectors.joining(","));
            if (action == Action.REJECT) {
                reasons.add("BLOCKED: " + because);
            }
            Hold.hold(mail, HoldingCheck.CONTENT, verdict.get().findings().stream().filter(finding -> finding.action().isPresent())
                .map(Finding::ruleId).toList(), (action == Action.REJECT ? "blocked: " : "held: ") + because, quarantineProcessor);
        } else if (action == Action.TAG) {
            mail.getMessage().setHeader(HEADER, "tag; rules=" + rules);
            mail.getMessage().saveChanges();
        }
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id -> messageLog.addReasons(id, reasons));
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse content policy verdict";
    }
}
