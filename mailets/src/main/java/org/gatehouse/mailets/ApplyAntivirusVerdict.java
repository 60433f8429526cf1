package org.gatehouse.mailets;

import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the antivirus verdict made at the end of DATA to each part: the findings go to the message log, and a part
 * with a virus (or one the operator chose to hold when the scan failed or the message was too large to scan) goes to
 * the virus quarantine, never to its recipients. Parameter: {@code virusProcessor} (default {@code virus-quarantine}).
 */
public class ApplyAntivirusVerdict extends GenericMailet {
    private final MessageLog messageLog;
    private String virusProcessor;

    @Inject
    public ApplyAntivirusVerdict(MessageLog messageLog) {
        this.messageLog = messageLog;
    }

    @Override
    public void init() {
        virusProcessor = Optional.ofNullable(getInitParameter("virusProcessor")).orElse("virus-quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(virusProcessor));
    }

    @Override
    public void service(Mail mail) {
        Optional<Verdict> verdict = MailAttributes.get(mail, PipelineAttributes.ANTIVIRUS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(AntivirusFindings.CHECK, Verdict.empty()));
        if (verdict.isEmpty() || verdict.get().findings().isEmpty()) {
            return;
        }
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id -> messageLog.addReasons(id, verdict.get().explanation()));
        if (verdict.get().action().compareTo(Action.QUARANTINE) >= 0 && !Hold.isReleasedFrom(mail, HoldingCheck.ANTIVIRUS)) {
            Hold.hold(mail, HoldingCheck.ANTIVIRUS, verdict.get().ruleIds(),
                "held by the antivirus: " + String.join("; ", verdict.get().explanation()), virusProcessor);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse antivirus verdict";
    }
}
