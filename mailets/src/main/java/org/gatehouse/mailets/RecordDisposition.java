package org.gatehouse.mailets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;

/**
 * Records what happened to the recipients of this mail in the message log.
 * Parameters: {@code disposition} (delivered, bounced, rejected, quarantined; required), {@code reason} (optional
 * text), {@code reasonAttribute} (optional: a mail attribute whose string value explains, e.g.
 * {@code delivery-error} set by RemoteDelivery). The explanation is the attribute's value, else the mail's error
 * message, else {@code reason}. {@code onStoreFailure}: {@code defer} (default: the mail comes back to this
 * processor later, see {@link StoreOutageDeferral}) or {@code fail} (the mailet throws; for the {@code error}
 * processor, which has already kept the mail).
 */
public class RecordDisposition extends GenericMailet {
    private final MessageLog messageLog;
    private final GatehouseMetrics metrics;
    private final Clock clock;
    private Disposition disposition;
    private Optional<String> reason;
    private Optional<AttributeName> reasonAttribute;
    private Optional<StoreOutageDeferral> storeOutage;

    @Inject
    public RecordDisposition(MessageLog messageLog, GatehouseMetrics metrics) {
        this(messageLog, metrics, Clock.systemUTC());
    }

    public RecordDisposition(MessageLog messageLog) {
        this(messageLog, GatehouseMetrics.none(), Clock.systemUTC());
    }

    public RecordDisposition(MessageLog messageLog, Clock clock) {
        this(messageLog, GatehouseMetrics.none(), clock);
    }

    public RecordDisposition(MessageLog messageLog, GatehouseMetrics metrics, Clock clock) {
        this.messageLog = messageLog;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        String value = getInitParameter("disposition");
        try {
            disposition = Disposition.parse(Optional.ofNullable(value).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("RecordDisposition: 'disposition' must be one of delivered, bounced, rejected, "
                + "quarantined; got '" + value + "'");
        }
        reason = Optional.ofNullable(getInitParameter("reason")).filter(text -> !text.isBlank());
        reasonAttribute = Optional.ofNullable(getInitParameter("reasonAttribute")).filter(text -> !text.isBlank())
            .map(AttributeName::of);
        String onStoreFailure = Optional.ofNullable(getInitParameter("onStoreFailure")).orElse("defer");
        switch (onStoreFailure) {
            case "defer" -> storeOutage = Optional.of(StoreOutageDeferral.from(getMailetConfig()));
            case "fail" -> storeOutage = Optional.empty();
            default -> throw new MessagingException("RecordDisposition: 'onStoreFailure' must be defer or fail, got '"
                + onStoreFailure + "'");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            record(mail);
        } catch (StoreException e) {
            if (storeOutage.isEmpty()) {
                throw e;
            }
            storeOutage.get().defer(mail, getMailetContext(), e);
        }
    }

    private void record(Mail mail) {
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        Optional<String> detail = reasonAttribute
            .flatMap(name -> AttributeUtils.getValueAndCastFromMail(mail, name, String.class))
            .or(() -> Optional.ofNullable(mail.getErrorMessage()).filter(text -> !text.isBlank()))
            .or(() -> reason);
        String logId = MailAttributes.get(mail, PipelineAttributes.LOG_ID)
            .orElseGet(() -> recordUnroutedMail(mail, recipients));
        write(mail, messageLog, logId, recipients, disposition, detail, clock.instant());
        // counted once the record holds it (a store outage defers the mail, which is counted when it comes back)
        metrics.disposition(direction(mail), disposition, MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of));
    }

    /**
     * Writes a disposition of these recipients to the part's records: {@code logId}, then the relay tenant's record a
     * part handed on to the recipients' tenant also has ({@code org.gatehouse.logIds}), with the reasons the checks
     * gave the part and that no earlier step wrote. Records not written yet (a part delivered at its first attempt, or
     * one that never reached delivery or the quarantine) are inserted with their reasons and this disposition: one
     * write; the others are updated.
     */
    static void write(Mail mail, MessageLog messageLog, String logId, List<String> recipients, Disposition disposition,
                      Optional<String> detail, Instant at) {
        Set<String> logIds = new LinkedHashSet<>(List.of(logId));
        MailAttributes.get(mail, PipelineAttributes.LOG_IDS).stream().flatMap(ids -> Arrays.stream(ids.split(",")))
            .filter(id -> !id.isBlank()).forEach(logIds::add);
        Optional<String> reason = detail.map(text -> disposition.asString() + ": " + text);
        PendingRecords.Written written = PendingRecords.write(mail, messageLog, PendingReasons.byRecord(mail),
            new PendingRecords.Outcome(logIds, recipients, disposition, detail, reason, at));
        Map<String, List<String>> pending = written.left();
        for (String id : logIds) {
            if (written.settled().contains(id)) {
                continue;
            }
            List<String> reasons = new ArrayList<>(Optional.ofNullable(pending.remove(id)).orElse(List.of()));
            reason.ifPresent(reasons::add);
            // the disposition and the reasons in one write
            messageLog.updateRecipients(id, recipients, disposition, detail, reasons);
        }
        pending.forEach(messageLog::addNewReasons);
        PendingReasons.clear(mail);
    }

    private static Direction direction(Mail mail) {
        try {
            return MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction::parse).orElse(Direction.SYSTEM);
        } catch (IllegalArgumentException e) {
            return Direction.SYSTEM;
        }
    }

    /** A mail that failed before TenantRouting logged it (an error in the root processor). */
    private String recordUnroutedMail(Mail mail, List<String> recipients) {
        String id = UUID.randomUUID().toString();
        MailAttributes.set(mail, PipelineAttributes.LOG_ID, id);
        messageLog.record(MessageRecord.received(id, clock.instant(), Direction.SYSTEM, Optional.empty(),
            mail.getMaybeSender().asString(""), recipients, Optional.ofNullable(mail.getRemoteAddr()),
            MailAttributes.get(mail, Mail.SMTP_HELO.asString()), MailAttributes.messageSize(mail), Optional.empty()));
        return id;
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse message log disposition";
    }
}
