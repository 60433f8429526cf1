package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageQuery;
import org.gatehouse.messagelog.MessageRecord;

/** Records what a mailet writes to the message log. */
class RecordingMessageLog implements MessageLog {
    final List<String> reasons = new ArrayList<>();
    final Map<String, Disposition> dispositions = new HashMap<>();
    final List<String> details = new ArrayList<>();

    @Override
    public void record(MessageRecord record) {
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
    public void addReasons(String id, List<String> added) {
        reasons.addAll(added);
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
    public boolean hasMessageFrom(String sender, org.gatehouse.tenant.TenantId tenant) {
        return false;
    }
}
