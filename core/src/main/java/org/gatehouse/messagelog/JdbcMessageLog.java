package org.gatehouse.messagelog;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlDialect;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/** The message log in the policy database. */
public class JdbcMessageLog implements MessageLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_RULE_ID = 64;
    private static final String COLUMNS = "id, received_at, updated_at, direction, tenant_id, sender, client_ip, helo,"
        + " size_bytes, message_id, disposition, reasons, tls, stage, reply, refusals, aggregated";
    /** Every write of a record sets when it was written ({@code changed_at}): the reports' rollups catch up from it. */
    private static final String INSERTED_COLUMNS = COLUMNS + ", changed_at";

    private final Database database;
    private final Clock clock;

    @Inject
    public JdbcMessageLog(Database database) {
        this(database, Clock.systemUTC());
    }

    public JdbcMessageLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public boolean record(MessageRecord record) {
        return database.inTransaction(connection -> insert(connection, record, true));
    }

    @Override
    public boolean writable() {
        return database.reachable();
    }

    /**
     * Inserts the record with its recipients, rules and tenants. {@code ifAbsent}: nothing when one with its id is
     * there already (a message processed again after a crash finds its record), with no lookup first: the key's
     * uniqueness answers. Otherwise a record with the same id fails with the unique violation.
     */
    private boolean insert(Connection connection, MessageRecord record, boolean ifAbsent) throws SQLException {
        boolean postgresql = ifAbsent && database.dialect() == SqlDialect.POSTGRESQL;
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_message_log (" + INSERTED_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                // PostgreSQL aborts the whole transaction on a failed statement; Derby undoes that statement only
                + (postgresql ? " ON CONFLICT (id) DO NOTHING" : ""))) {
            insert.setString(1, record.id());
            SqlTimestamps.set(insert, 2, record.receivedAt());
            SqlTimestamps.set(insert, 3, record.updatedAt());
            insert.setString(4, record.direction().asString());
            insert.setString(5, record.tenantId().map(TenantId::asString).orElse(null));
            insert.setString(6, truncate(record.sender(), 320));
            insert.setString(7, record.clientIp().orElse(null));
            insert.setString(8, record.helo().map(helo -> truncate(helo, 255)).orElse(null));
            insert.setLong(9, record.sizeBytes());
            insert.setString(10, record.messageId().map(id -> truncate(id, 998)).orElse(null));
            insert.setString(11, record.disposition().asString());
            insert.setString(12, toJson(record.reasons()));
            insert.setString(13, record.tls().map(tls -> truncate(tls, 100)).orElse(null));
            insert.setString(14, record.stage().asString());
            insert.setString(15, record.refusal().map(refusal -> truncate(refusal.reply(), MAX_DETAIL)).orElse(null));
            insert.setInt(16, record.refusal().map(MessageRecord.Refusal::count).orElse(0));
            insert.setInt(17, record.refusal().filter(MessageRecord.Refusal::aggregated).isPresent() ? 1 : 0);
            SqlTimestamps.set(insert, 18, clock.instant());
            try {
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            } catch (SQLException e) {
                if (ifAbsent && !postgresql && database.dialect().isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        }
        insertRecipients(connection, record.id(), record.recipients());
        insertRules(connection, record.id(), record.ruleIds(), 0);
        insertTenants(connection, record.id(), record.refusal().map(MessageRecord.Refusal::tenants).orElse(ImmutableList.of()), 0);
        return true;
    }

    private static void insertRecipients(Connection connection, String id, Map<String, MessageRecord.RecipientState> recipients)
        throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_message_recipient (log_id, recipient, status, detail) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, MessageRecord.RecipientState> recipient : recipients.entrySet()) {
                insert.setString(1, id);
                insert.setString(2, truncate(recipient.getKey(), 320));
                insert.setString(3, recipient.getValue().disposition().asString());
                insert.setString(4, recipient.getValue().detail().map(detail -> truncate(detail, MAX_DETAIL)).orElse(null));
                insert.executeUpdate();
            }
        }
    }

    private static void insertRules(Connection connection, String id, List<String> ruleIds, int firstPosition) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_message_rule (log_id, rule_id, position) VALUES (?, ?, ?)")) {
            int position = firstPosition;
            for (String ruleId : ruleIds.stream().map(rule -> truncate(rule, MAX_RULE_ID)).distinct().toList()) {
                insert.setString(1, id);
                insert.setString(2, ruleId);
                insert.setInt(3, position++);
                insert.executeUpdate();
            }
        }
    }

    private static void insertTenants(Connection connection, String id, List<TenantId> tenants, int firstPosition) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_message_tenant (log_id, tenant_id, position) VALUES (?, ?, ?)")) {
            int position = firstPosition;
            for (TenantId tenant : tenants) {
                insert.setString(1, id);
                insert.setString(2, tenant.asString());
                insert.setInt(3, position++);
                insert.executeUpdate();
            }
        }
    }

    @Override
    public void mergeRefusal(MessageRecord refusal) {
        if (refusal.refusal().isEmpty()) {
            throw new IllegalArgumentException("Not a refusal record: " + refusal.id());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(connection -> {
                    if (!lock(connection, refusal.id())) {
                        insert(connection, refusal, false);
                        return null;
                    }
                    MessageRecord current = load(connection, " WHERE id = ?", List.of(refusal.id()), 0, 1).get(0);
                    update(connection, current, current.mergedWith(refusal));
                    return null;
                });
                return;
            } catch (StoreException e) {
                // another node created the same record (an aggregate) at the same moment: merge into it instead
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    /** Locks the record's row for this transaction; false when there is none. */
    private static boolean lock(Connection connection, String id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_message_log SET updated_at = updated_at WHERE id = ?")) {
            update.setString(1, id);
            return update.executeUpdate() > 0;
        }
    }

    private void update(Connection connection, MessageRecord current, MessageRecord merged) throws SQLException {
        MessageRecord.Refusal refusal = merged.refusal().orElseThrow();
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_message_log SET updated_at = ?, tenant_id = ?,"
            + " sender = ?, client_ip = ?, helo = ?, size_bytes = ?, message_id = ?, disposition = ?, reasons = ?, tls = ?, stage = ?,"
            + " reply = ?, refusals = ?, aggregated = ?, changed_at = ? WHERE id = ?")) {
            SqlTimestamps.set(update, 1, merged.updatedAt());
            update.setString(2, merged.tenantId().map(TenantId::asString).orElse(null));
            update.setString(3, truncate(merged.sender(), 320));
            update.setString(4, merged.clientIp().orElse(null));
            update.setString(5, merged.helo().map(helo -> truncate(helo, 255)).orElse(null));
            update.setLong(6, merged.sizeBytes());
            update.setString(7, merged.messageId().map(id -> truncate(id, 998)).orElse(null));
            update.setString(8, merged.disposition().asString());
            update.setString(9, toJson(merged.reasons()));
            update.setString(10, merged.tls().map(tls -> truncate(tls, 100)).orElse(null));
            update.setString(11, merged.stage().asString());
            update.setString(12, truncate(refusal.reply(), MAX_DETAIL));
            update.setInt(13, refusal.count());
            update.setInt(14, refusal.aggregated() ? 1 : 0);
            SqlTimestamps.set(update, 15, clock.instant());
            update.setString(16, merged.id());
            update.executeUpdate();
        }
        Map<String, MessageRecord.RecipientState> added = new LinkedHashMap<>();
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gh_message_recipient SET status = ?, detail = ? WHERE log_id = ? AND recipient = ?")) {
            for (Map.Entry<String, MessageRecord.RecipientState> recipient : merged.recipients().entrySet()) {
                MessageRecord.RecipientState before = current.recipients().get(truncate(recipient.getKey(), 320));
                if (before == null) {
                    added.put(recipient.getKey(), recipient.getValue());
                } else if (!before.equals(recipient.getValue())) {
                    update.setString(1, recipient.getValue().disposition().asString());
                    update.setString(2, recipient.getValue().detail().map(detail -> truncate(detail, MAX_DETAIL)).orElse(null));
                    update.setString(3, merged.id());
                    update.setString(4, truncate(recipient.getKey(), 320));
                    update.executeUpdate();
                }
            }
        }
        insertRecipients(connection, merged.id(), added);
        List<String> knownRules = current.ruleIds().stream().map(rule -> truncate(rule, MAX_RULE_ID)).toList();
        insertRules(connection, merged.id(), merged.ruleIds().stream().map(rule -> truncate(rule, MAX_RULE_ID))
            .filter(rule -> !knownRules.contains(rule)).toList(), knownRules.size());
        List<TenantId> knownTenants = current.refusal().map(MessageRecord.Refusal::tenants).orElse(ImmutableList.of());
        insertTenants(connection, merged.id(), refusal.tenants().stream().filter(tenant -> !knownTenants.contains(tenant)).toList(),
            knownTenants.size());
    }

    @Override
    public void redirectRecipients(String id, Collection<String> originals, String target, String detail) {
        database.inTransaction(connection -> {
            boolean known = loadRecipients(connection, List.of(id)).getOrDefault(id, Map.of()).containsKey(truncate(target, 320));
            if (!known && !originals.contains(target)) {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gh_message_recipient (log_id, recipient, status, detail) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, truncate(target, 320));
                    insert.setString(3, Disposition.QUEUED.asString());
                    insert.setString(4, null);
                    insert.executeUpdate();
                }
            }
            setRecipients(connection, id, originals.stream().filter(original -> !original.equals(target)).toList(),
                Disposition.REDIRECTED, Optional.of(detail));
            return null;
        });
    }

    @Override
    public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail) {
        database.inTransaction(connection -> {
            setRecipients(connection, id, recipients, disposition, detail);
            return null;
        });
    }

    @Override
    public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                                 List<String> newReasons) {
        database.inTransaction(connection -> {
            // the record's row is written once, with its disposition and its reasons
            Optional<String> reasons = newReasons.isEmpty() ? Optional.empty() : reasonsWith(connection, id, newReasons, true);
            setRecipients(connection, id, recipients, disposition, detail, reasons);
            return null;
        });
    }

    private void setRecipients(Connection connection, String id, Collection<String> recipients, Disposition disposition,
                               Optional<String> detail) throws SQLException {
        setRecipients(connection, id, recipients, disposition, detail, Optional.empty());
    }

    /** Sets the recipients' state and the record's disposition, and its reasons (as JSON) when given. */
    private void setRecipients(Connection connection, String id, Collection<String> recipients, Disposition disposition,
                               Optional<String> detail, Optional<String> reasons) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gh_message_recipient SET status = ?, detail = ? WHERE log_id = ? AND recipient = ?")) {
            for (String recipient : recipients) {
                update.setString(1, disposition.asString());
                update.setString(2, detail.map(text -> truncate(text, MAX_DETAIL)).orElse(null));
                update.setString(3, id);
                update.setString(4, truncate(recipient, 320));
                update.executeUpdate();
            }
        }
        // the usual case: every recipient of the record now has this state, which is then the record's (Disposition.of)
        if (updateRecord(connection, id, disposition, reasons, true) == 0) {
            List<Disposition> states = new ArrayList<>(loadRecipients(connection, List.of(id)).getOrDefault(id, Map.of())
                .values().stream().map(MessageRecord.RecipientState::disposition).toList());
            updateRecord(connection, id, Disposition.of(states), reasons, false);
        }
    }

    /**
     * Sets the record's disposition (and reasons, when given). {@code ifAllRecipients}: only when no recipient of the
     * record has another state, without reading them; 0 when it had to be left.
     */
    private int updateRecord(Connection connection, String id, Disposition disposition, Optional<String> reasons,
                             boolean ifAllRecipients) throws SQLException {
        String sql = "UPDATE gh_message_log SET disposition = ?, updated_at = ?, changed_at = ?" + (reasons.isPresent() ? ", reasons = ?" : "")
            + " WHERE id = ?" + (ifAllRecipients
            ? " AND NOT EXISTS (SELECT 1 FROM gh_message_recipient r WHERE r.log_id = ? AND r.status <> ?)" : "");
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int index = 1;
            update.setString(index++, disposition.asString());
            Instant now = clock.instant();
            SqlTimestamps.set(update, index++, now);
            SqlTimestamps.set(update, index++, now);
            if (reasons.isPresent()) {
                update.setString(index++, reasons.get());
            }
            update.setString(index++, id);
            if (ifAllRecipients) {
                update.setString(index++, id);
                update.setString(index, disposition.asString());
            }
            return update.executeUpdate();
        }
    }

    @Override
    public void addReasons(String id, List<String> reasons) {
        database.inTransaction(connection -> {
            appendReasons(connection, id, reasons, false);
            return null;
        });
    }

    @Override
    public void addNewReasons(String id, List<String> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            appendReasons(connection, id, reasons, true);
            return null;
        });
    }

    /** Appends reasons to the record (only those it does not have yet, when {@code onlyNew}); nothing when there is none. */
    private void appendReasons(Connection connection, String id, List<String> reasons, boolean onlyNew) throws SQLException {
        if (reasons.isEmpty()) {
            return;
        }
        Optional<String> all = reasonsWith(connection, id, reasons, onlyNew);
        if (all.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gh_message_log SET reasons = ?, updated_at = ?, changed_at = ? WHERE id = ?")) {
            update.setString(1, all.get());
            Instant now = clock.instant();
            SqlTimestamps.set(update, 2, now);
            SqlTimestamps.set(update, 3, now);
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    /**
     * The record's reasons with these appended (only those it does not have yet, when {@code onlyNew}), as JSON; empty
     * when there is no record or nothing to append. Only the reasons are read: loading the whole record (recipients
     * included) cost more than the write.
     */
    private static Optional<String> reasonsWith(Connection connection, String id, List<String> reasons, boolean onlyNew)
        throws SQLException {
        Optional<String> current;
        try (PreparedStatement select = connection.prepareStatement("SELECT reasons FROM gh_message_log WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet resultSet = select.executeQuery()) {
                current = resultSet.next() ? Optional.of(Optional.ofNullable(resultSet.getString(1)).orElse("[]")) : Optional.empty();
            }
        }
        if (current.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>(fromJson(current.get()));
        int before = all.size();
        for (String reason : reasons) {
            if (!onlyNew || !all.contains(reason)) {
                all.add(reason);
            }
        }
        return all.size() == before ? Optional.empty() : Optional.of(toJson(all));
    }

    @Override
    public Optional<MessageRecord> get(String id) {
        return database.inTransaction(connection -> load(connection, " WHERE id = ?", List.of(id), 0, 1)).stream().findFirst();
    }

    @Override
    public List<MessageRecord> search(MessageQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.sender().ifPresent(sender -> {
            where.append(" AND LOWER(sender) = ?");
            parameters.add(sender.toLowerCase(Locale.ROOT));
        });
        query.recipient().ifPresent(recipient -> {
            where.append(" AND EXISTS (SELECT 1 FROM gh_message_recipient r WHERE r.log_id = gh_message_log.id"
                + " AND LOWER(r.recipient) = ?)");
            parameters.add(recipient.toLowerCase(Locale.ROOT));
        });
        query.from().ifPresent(from -> {
            where.append(" AND received_at >= ?");
            parameters.add(from);
        });
        query.to().ifPresent(to -> {
            where.append(" AND received_at < ?");
            parameters.add(to);
        });
        query.disposition().ifPresent(disposition -> {
            where.append(" AND disposition = ?");
            parameters.add(disposition.asString());
        });
        query.tenantId().ifPresent(tenant -> {
            where.append(" AND (tenant_id = ? OR EXISTS (SELECT 1 FROM gh_message_tenant t WHERE t.log_id = gh_message_log.id"
                + " AND t.tenant_id = ?))");
            parameters.add(tenant);
            parameters.add(tenant);
        });
        query.stage().ifPresent(stage -> {
            where.append(" AND stage = ?");
            parameters.add(stage.asString());
        });
        query.ruleId().ifPresent(rule -> {
            where.append(" AND EXISTS (SELECT 1 FROM gh_message_rule r WHERE r.log_id = gh_message_log.id AND r.rule_id = ?)");
            parameters.add(rule);
        });
        return database.inTransaction(connection -> load(connection, where.toString(), parameters, query.offset(), query.limit()));
    }

    private List<MessageRecord> load(Connection connection, String where, List<Object> parameters, int offset, int limit)
        throws SQLException {
        List<MessageRecord> partial = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + " FROM gh_message_log" + where
            + " ORDER BY received_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object parameter : parameters) {
                if (parameter instanceof Instant instant) {
                    SqlTimestamps.set(select, index++, instant);
                } else {
                    select.setObject(index++, parameter);
                }
            }
            select.setInt(index++, offset);
            select.setInt(index, limit);
            try (ResultSet resultSet = select.executeQuery()) {
                while (resultSet.next()) {
                    int refusals = resultSet.getInt(16);
                    partial.add(new MessageRecord(resultSet.getString(1),
                        SqlTimestamps.get(resultSet, 2),
                        SqlTimestamps.get(resultSet, 3),
                        Direction.parse(resultSet.getString(4)),
                        Optional.ofNullable(resultSet.getString(5)).map(TenantId::of),
                        resultSet.getString(6),
                        Optional.ofNullable(resultSet.getString(7)),
                        Optional.ofNullable(resultSet.getString(8)),
                        resultSet.getLong(9),
                        Optional.ofNullable(resultSet.getString(10)),
                        Disposition.parse(resultSet.getString(11)),
                        fromJson(resultSet.getString(12)),
                        ImmutableMap.of(),
                        Optional.ofNullable(resultSet.getString(13)),
                        Stage.parse(resultSet.getString(14)),
                        ImmutableList.of(),
                        refusals > 0
                            ? Optional.of(new MessageRecord.Refusal(Optional.ofNullable(resultSet.getString(15)).orElse(""),
                                ImmutableList.of(), refusals, resultSet.getInt(17) != 0))
                            : Optional.empty()));
                }
            }
        }
        List<String> ids = partial.stream().map(MessageRecord::id).toList();
        Map<String, Map<String, MessageRecord.RecipientState>> recipients = loadRecipients(connection, ids);
        Map<String, List<String>> rules = loadList(connection, "SELECT rule_id FROM gh_message_rule WHERE log_id = ? ORDER BY position", ids);
        Map<String, List<String>> tenants = loadList(connection,
            "SELECT tenant_id FROM gh_message_tenant WHERE log_id = ? ORDER BY position", ids);
        return partial.stream()
            .map(record -> new MessageRecord(record.id(), record.receivedAt(), record.updatedAt(), record.direction(),
                record.tenantId(), record.sender(), record.clientIp(), record.helo(), record.sizeBytes(), record.messageId(),
                record.disposition(), record.reasons(), ImmutableMap.copyOf(recipients.getOrDefault(record.id(), Map.of())), record.tls(),
                record.stage(), ImmutableList.copyOf(rules.getOrDefault(record.id(), List.of())),
                record.refusal().map(refusal -> new MessageRecord.Refusal(refusal.reply(),
                    tenants.getOrDefault(record.id(), List.of()).stream().map(TenantId::of).collect(ImmutableList.toImmutableList()),
                    refusal.count(), refusal.aggregated()))))
            .toList();
    }

    private static Map<String, List<String>> loadList(Connection connection, String sql, List<String> ids) throws SQLException {
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (String id : ids) {
                select.setString(1, id);
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        result.computeIfAbsent(id, key -> new ArrayList<>()).add(resultSet.getString(1));
                    }
                }
            }
        }
        return result;
    }

    private Map<String, Map<String, MessageRecord.RecipientState>> loadRecipients(Connection connection, List<String> ids)
        throws SQLException {
        Map<String, Map<String, MessageRecord.RecipientState>> result = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT recipient, status, detail FROM gh_message_recipient WHERE log_id = ? ORDER BY recipient")) {
            for (String id : ids) {
                select.setString(1, id);
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        result.computeIfAbsent(id, key -> new LinkedHashMap<>()).put(resultSet.getString(1),
                            new MessageRecord.RecipientState(Disposition.parse(resultSet.getString(2)),
                                Optional.ofNullable(resultSet.getString(3))));
                    }
                }
            }
        }
        return result;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String toJson(List<String> reasons) {
        try {
            return MAPPER.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImmutableList<String> fromJson(String json) {
        try {
            return ImmutableList.copyOf(MAPPER.readValue(json, new TypeReference<List<String>>() { }));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes at most {@code limit} of the oldest records received before {@code cutoff}, with their recipients, rule
     * ids and tenants, in one short transaction; how many were deleted. Retention calls it again until fewer come back
     * ({@link MessageLogRetention}), so that no transaction holds the log for long.
     */
    public int purgeReceivedBefore(Instant cutoff, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        return database.inTransaction(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM gh_message_log WHERE received_at < ? ORDER BY received_at OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                SqlTimestamps.set(select, 1, cutoff);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            int deleted = 0;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_message_log WHERE id = ?")) {
                for (String id : ids) {
                    delete.setString(1, id);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public boolean hasMessageFrom(String sender, TenantId tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM gh_message_log WHERE sender = ? AND tenant_id = ? AND stage = ? OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY")) {
                select.setString(1, sender);
                select.setString(2, tenant.asString());
                select.setString(3, Stage.QUEUE.asString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }
}
