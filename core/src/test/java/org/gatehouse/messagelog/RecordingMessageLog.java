package org.gatehouse.messagelog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * Records what a mailet, hook or processor writes to the message log (reading it back finds nothing, except the
 * refusal records, merged in {@link #refusals}).
 */
public class RecordingMessageLog implements MessageLog {
    public final List<MessageRecord> records = new ArrayList<>();
    public final List<String> reasons = new ArrayList<>();
    private final Map<String, List<String>> reasonsById = new HashMap<>();
    public final Map<String, Disposition> dispositions = new HashMap<>();
    public final List<String> details = new ArrayList<>();
    /** The refusal records by id, each merged as the message log merges it. */
    public final Map<String, MessageRecord> refusals = new LinkedHashMap<>();
    /** Every refusal written, in order (a merged record once per write). */
    public final List<MessageRecord> refusalWrites = new ArrayList<>();

    @Override
    public synchronized void mergeRefusal(MessageRecord refusal) {
        refusalWrites.add(refusal);
        refusals.merge(refusal.id(), refusal, MessageRecord::mergedWith);
    }

    @Override
    public synchronized boolean record(MessageRecord record) {
        boolean absent = records.stream().noneMatch(known -> known.id().equals(record.id()));
        records.add(record);
        return absent;
    }

    @Override
    public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail) {
        recipients.forEach(recipient -> dispositions.put(recipient, disposition));
        detail.ifPresent(details::add);
    }

    @Override
    public void redirectRecipients(String id, Collection<String> originals, String target, String detail) {
        originals.forEach(recipient -> dispositions.put(recipient, Disposition.REDIRECTED));
        dispositions.put(target, Disposition.QUEUED);
        details.add(detail);
    }

    @Override
    public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                                 List<String> newReasons) {
        updateRecipients(id, recipients, disposition, detail);
        addNewReasons(id, newReasons);
    }

    @Override
    public void addReasons(String id, List<String> added) {
        reasons.addAll(added);
        reasonsById.computeIfAbsent(id, any -> new ArrayList<>()).addAll(added);
    }

    @Override
    public void addNewReasons(String id, List<String> added) {
        List<String> known = reasonsById.computeIfAbsent(id, any -> new ArrayList<>());
        for (String reason : added) {
            if (!known.contains(reason)) {
                known.add(reason);
                reasons.add(reason);
            }
        }
    }

    @Override
    public Optional<MessageRecord> get(String id) {
        return Optional.empty();
    }

    @Override
    public List<MessageRecord> search(MessageQuery query) {
        return List.of();
    }

    @Override
    public boolean hasMessageFrom(String sender, TenantId tenant) {
        return false;
    }
}
