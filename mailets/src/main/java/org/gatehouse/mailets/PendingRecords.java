package org.gatehouse.mailets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.tenant.TenantId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The message-log records a part was given at routing ({@link TenantRouting}), kept with the part until its first write
 * to the log: entering delivery ({@link RecordReasons}), stored in the quarantine, redirected, or given its disposition.
 * There each record is inserted with the reasons the checks gave it, in one write, instead of an insert at routing and
 * an update at delivery. The record is on file before the message leaves the gateway or is held. A crash before that
 * write loses nothing: the part was still in the spool, and processing it again gives it the same record ids.
 */
public final class PendingRecords {
    static final AttributeName NAME = AttributeName.of("org.gatehouse.pendingRecords");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a record at routing holds, as kept on the part. */
    private record Stored(String id, String receivedAt, String direction, String tenant, String sender, List<String> recipients,
                          String clientIp, String helo, long sizeBytes, String messageId, String tls) {
        static Stored of(MessageRecord record) {
            return new Stored(record.id(), record.receivedAt().toString(), record.direction().asString(),
                record.tenantId().map(TenantId::asString).orElse(null), record.sender(), List.copyOf(record.recipients().keySet()),
                record.clientIp().orElse(null), record.helo().orElse(null), record.sizeBytes(), record.messageId().orElse(null),
                record.tls().orElse(null));
        }

        MessageRecord record() {
            return MessageRecord.received(id, Instant.parse(receivedAt), Direction.parse(direction),
                Optional.ofNullable(tenant).map(TenantId::of), sender, recipients, Optional.ofNullable(clientIp),
                Optional.ofNullable(helo), sizeBytes, Optional.ofNullable(messageId)).withTls(Optional.ofNullable(tls));
        }
    }

    private PendingRecords() {
    }

    /** Keeps these records with the part (replacing any kept), to be written by its first write to the log. */
    static void set(Mail mail, List<MessageRecord> records) {
        List<AttributeValue<?>> values = new ArrayList<>();
        for (MessageRecord record : records) {
            try {
                values.add(AttributeValue.of(JSON.writeValueAsString(Stored.of(record))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a message record could not be kept with its part: " + e.getMessage(), e);
            }
        }
        if (values.isEmpty()) {
            clear(mail);
        } else {
            mail.setAttribute(new Attribute(NAME, AttributeValue.of(values)));
        }
    }

    /** The records kept with the part, in the order they were given. */
    static List<MessageRecord> of(Mail mail) {
        Optional<Attribute> attribute = mail.getAttribute(NAME);
        if (attribute.isEmpty() || !(attribute.get().getValue().value() instanceof List<?> values)) {
            return List.of();
        }
        List<MessageRecord> records = new ArrayList<>();
        for (Object value : values) {
            Object text = value instanceof AttributeValue<?> wrapped ? wrapped.value() : value;
            if (text instanceof String json) {
                try {
                    records.add(JSON.readValue(json, Stored.class).record());
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalStateException("a message record kept with its part cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(records);
    }

    /** Forgets the records (a copy of the part, which is not the part: the part writes them). */
    static void clear(Mail mail) {
        mail.removeAttribute(NAME);
    }

    /**
     * Writes the kept records, each with its reasons from {@code reasonsByRecord} (taken out of it), one insert per
     * record, then takes the records off the part; a write that fails leaves them there for the next attempt (a record
     * already written is not written twice). What is left, in a new map the caller may change, is for records written
     * before.
     */
    static Map<String, List<String>> write(Mail mail, MessageLog messageLog, Map<String, List<String>> reasonsByRecord) {
        Map<String, List<String>> left = new LinkedHashMap<>(reasonsByRecord);
        List<MessageRecord> records = of(mail);
        for (MessageRecord record : records) {
            messageLog.record(record.withReasons(Optional.ofNullable(left.get(record.id())).orElse(List.of())));
        }
        records.forEach(record -> left.remove(record.id()));
        clear(mail);
        return left;
    }

    /**
     * What a part's records are given when they are first written at the part's disposition ({@link RecordDisposition}):
     * the records it applies to, the recipients that reached it, with its detail, and the reason it adds.
     */
    record Outcome(Set<String> recordIds, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                   Optional<String> reason, Instant at) {
    }

    /** What {@link #write(Mail, MessageLog, Map, Outcome)} did: reasons left for records written before, records settled. */
    record Written(Map<String, List<String>> left, Set<String> settled) {
    }

    /**
     * Writes the kept records as {@link #write(Mail, MessageLog, Map)} does, each of the outcome's records inserted with
     * the outcome: one write for a part delivered at its first attempt, instead of an insert and an update. Settled: the
     * records so written. A record that was on file already (written at a failed attempt, or before a crash) is not
     * settled and keeps its reasons in {@code left}, for the caller's update, which adds only reasons it lacks.
     */
    static Written write(Mail mail, MessageLog messageLog, Map<String, List<String>> reasonsByRecord, Outcome outcome) {
        Map<String, List<String>> left = new LinkedHashMap<>(reasonsByRecord);
        Set<String> settled = new LinkedHashSet<>();
        for (MessageRecord record : of(mail)) {
            List<String> reasons = new ArrayList<>(Optional.ofNullable(left.get(record.id())).orElse(List.of()));
            MessageRecord written = record;
            if (outcome.recordIds().contains(record.id())) {
                outcome.reason().filter(reason -> !reasons.contains(reason)).ifPresent(reasons::add);
                written = record.withOutcome(outcome.recipients(), outcome.disposition(), outcome.detail(), outcome.at());
            }
            if (messageLog.record(written.withReasons(reasons))) {
                left.remove(record.id());
                if (outcome.recordIds().contains(record.id())) {
                    settled.add(record.id());
                }
            }
        }
        clear(mail);
        return new Written(left, settled);
    }

    /** Writes the kept records without reasons (before a write that needs them on file: a failure's, a redirect's). */
    public static void write(Mail mail, MessageLog messageLog) {
        write(mail, messageLog, Map.of());
    }
}
