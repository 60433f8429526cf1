package org.gatehouse.mailets;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantId;

/**
 * Files a held message in its tenant's quarantine, under the family of the check that held it (the attribute
 * {@link Hold} set), with its metadata, and indexes it for search. The mail goes on (to {@link RecordDisposition}).
 * Parameter {@code defaultCheck}: the check assumed when a mail reaches the processor without one (default
 * {@code scoring}); a mail without a tenant is an error (the error processor keeps it).
 */
public class StoreInQuarantine extends GenericMailet {
    private final QuarantineRepositories repositories;
    private final MessageLog messageLog;
    private HoldingCheck defaultCheck;

    @Inject
    public StoreInQuarantine(QuarantineRepositories repositories, MessageLog messageLog) {
        this.repositories = repositories;
        this.messageLog = messageLog;
    }

    @Override
    public void init() throws MessagingException {
        String value = Optional.ofNullable(getInitParameter("defaultCheck")).orElse(HoldingCheck.SCORING.asString());
        defaultCheck = HoldingCheck.parse(value).orElseThrow(() -> new MessagingException(
            "StoreInQuarantine: 'defaultCheck' must be one of antivirus, content, sender, scoring, dlp, phishing; got '" + value + "'"));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        TenantId tenant = MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of)
            .orElseThrow(() -> new MessagingException("A held message has no tenant: it cannot be quarantined"));
        HoldingCheck check = Hold.check(mail).orElse(defaultCheck);
        List<String> explanation = Optional.ofNullable(mail.getErrorMessage()).filter(text -> !text.isBlank())
            .map(List::of).orElse(List.of());
        // the checks' reasons are not stored with the held message (a release would write them again): taken off
        // while it is stored; the part's records given at routing go on file first, with them (whoever finds the
        // message held finds its record), and where it is held is added after
        Map<String, List<String>> unwritten = PendingReasons.byRecord(mail);
        PendingReasons.clear(mail);
        try {
            unwritten = PendingRecords.write(mail, messageLog, unwritten);
            QuarantineEntry entry = repositories.hold(mail, tenant, check, Hold.rules(mail), explanation);
            PendingReasons.write(mail, messageLog, unwritten,
                List.of("quarantine: held as " + entry.id() + " (" + entry.family().asString() + ", kept until " + entry.retainUntil() + ")"));
        } catch (MessagingException | RuntimeException e) {
            // not held, or held without its reasons on record: they stay on the part for whatever handles the failure
            PendingReasons.restore(mail, unwritten);
            throw e;
        }
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse quarantine store";
    }
}
