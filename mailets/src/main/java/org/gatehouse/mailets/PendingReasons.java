package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;

/**
 * The reasons the checks after the queue give a tenant part, kept with the part and written to the message-log record
 * they are for in one write where the part leaves the checks: entering delivery ({@link RecordReasons}), stored in the
 * quarantine ({@link StoreInQuarantine}) or given its disposition ({@link RecordDisposition}). One database write per
 * part instead of one per check; a part processed again after a crash writes its reasons once, not once per attempt.
 * Each reason is kept with the record the part had when it was given ({@code org.gatehouse.logId}): a relay tenant's
 * part handed on to the recipients' tenant gets a record of its own there, and the outbound checks' reasons stay on
 * the relay tenant's record.
 */
final class PendingReasons {
    static final AttributeName NAME = AttributeName.of("org.gatehouse.pendingReasons");

    private PendingReasons() {
    }

    /** Adds reasons, for the part's current record, after those already kept; a part without a record keeps none. */
    static void add(Mail mail, List<String> reasons) {
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(record -> addFor(mail, record, reasons));
    }

    /** Adds reasons for a given record of the part (one it had earlier, e.g. the relay tenant's), after those kept. */
    static void addFor(Mail mail, String record, List<String> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        List<AttributeValue<?>> all = new ArrayList<>(entries(mail));
        reasons.forEach(reason -> all.add(entry(record, reason)));
        mail.setAttribute(new Attribute(NAME, AttributeValue.of(all)));
    }

    /** Puts reasons taken with {@link #byRecord} back on the part, as they were. */
    static void restore(Mail mail, Map<String, List<String>> byRecord) {
        List<AttributeValue<?>> all = new ArrayList<>();
        byRecord.forEach((record, reasons) -> reasons.forEach(reason -> all.add(entry(record, reason))));
        if (all.isEmpty()) {
            clear(mail);
        } else {
            mail.setAttribute(new Attribute(NAME, AttributeValue.of(all)));
        }
    }

    /** A record id is a UUID: the first space ends it. */
    private static AttributeValue<String> entry(String record, String reason) {
        return AttributeValue.of(record + " " + reason);
    }

    /** The reasons kept, in the order they were given, whatever record they are for. */
    static List<String> of(Mail mail) {
        List<String> reasons = new ArrayList<>();
        byRecord(mail).values().forEach(reasons::addAll);
        return List.copyOf(reasons);
    }

    /** The reasons kept, by the record they are for, records in the order of their first reason. */
    static Map<String, List<String>> byRecord(Mail mail) {
        Map<String, List<String>> byRecord = new LinkedHashMap<>();
        for (AttributeValue<?> entry : entries(mail)) {
            if (entry.value() instanceof String text && text.indexOf(' ') > 0) {
                int space = text.indexOf(' ');
                byRecord.computeIfAbsent(text.substring(0, space), any -> new ArrayList<>()).add(text.substring(space + 1));
            }
        }
        return byRecord;
    }

    private static List<AttributeValue<?>> entries(Mail mail) {
        Optional<Attribute> attribute = mail.getAttribute(NAME);
        if (attribute.isEmpty() || !(attribute.get().getValue().value() instanceof List<?> values)) {
            return List.of();
        }
        List<AttributeValue<?>> entries = new ArrayList<>();
        values.forEach(value -> {
            if (value instanceof AttributeValue<?> wrapped) {
                entries.add(wrapped);
            }
        });
        return entries;
    }

    /** Takes the kept reasons off the part (once they are written). */
    static void clear(Mail mail) {
        mail.removeAttribute(NAME);
    }

    /**
     * Writes the kept reasons, and these for the part's current record, one write per record, then takes them off the
     * part (a write that fails leaves them there for the next attempt).
     */
    static void write(Mail mail, MessageLog messageLog, List<String> more) {
        write(mail, messageLog, byRecord(mail), more);
        clear(mail);
    }

    /**
     * Writes reasons taken off the part with {@link #byRecord}, and these for the part's current record: a record still
     * kept with the part ({@link PendingRecords}) is inserted with its reasons, one write; the others get theirs added.
     */
    static void write(Mail mail, MessageLog messageLog, Map<String, List<String>> byRecord, List<String> more) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        byRecord.forEach((record, reasons) -> all.put(record, new ArrayList<>(reasons)));
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).filter(any -> !more.isEmpty())
            .ifPresent(record -> all.computeIfAbsent(record, any -> new ArrayList<>()).addAll(more));
        PendingRecords.write(mail, messageLog, all).forEach(messageLog::addReasons);
    }
}
