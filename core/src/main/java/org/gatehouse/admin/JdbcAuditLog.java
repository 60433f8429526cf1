package org.gatehouse.admin;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.TenantId;

/**
 * The audit log in the policy database ({@code gh_audit}): append-only; nothing in Gatehouse updates or deletes its rows.
 */
public class JdbcAuditLog {
    private static final int MAX_FIELD = 320;
    private static final int MAX_VALUE = 65_536;

    private final Database database;

    @Inject
    public JdbcAuditLog(Database database) {
        this.database = database;
    }

    public void append(AuditRecord record) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_audit (occurred_at, account, role, client_ip, tenant_id,"
                + " action, target, status, before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                SqlTimestamps.set(insert, 1, record.at());
                setText(insert, 2, record.account(), 64);
                setText(insert, 3, record.role().map(Role::asString), 16);
                setText(insert, 4, record.clientIp(), 64);
                setText(insert, 5, record.tenant().map(TenantId::asString), TenantId.MAX_LENGTH);
                insert.setString(6, cut(record.action(), 200));
                setText(insert, 7, record.target(), MAX_FIELD);
                insert.setInt(8, record.status());
                setText(insert, 9, record.before(), MAX_VALUE);
                setText(insert, 10, record.after(), MAX_VALUE);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static void setText(PreparedStatement statement, int index, Optional<String> value, int max) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, cut(value.get(), max));
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    public List<AuditRecord> search(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, occurred_at, account, role, client_ip, tenant_id, action, target, status, before_value,"
            + " after_value FROM gh_audit WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.tenant().ifPresent(tenant -> {
            sql.append(" AND tenant_id = ?");
            parameters.add(tenant.asString());
        });
        query.tenants().ifPresent(tenants -> {
            if (tenants.isEmpty()) {
                sql.append(" AND 1 = 0");
            } else {
                sql.append(" AND tenant_id IN (").append(String.join(", ", tenants.stream().map(tenant -> "?").toList())).append(")");
                tenants.stream().map(TenantId::asString).sorted().forEach(parameters::add);
            }
        });
        query.account().ifPresent(account -> {
            sql.append(" AND account = ?");
            parameters.add(account);
        });
        query.action().ifPresent(action -> {
            sql.append(" AND action = ?");
            parameters.add(action);
        });
        query.from().ifPresent(from -> {
            sql.append(" AND occurred_at >= ?");
            parameters.add(from);
        });
        query.to().ifPresent(to -> {
            sql.append(" AND occurred_at < ?");
            parameters.add(to);
        });
        sql.append(" ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        parameters.add(query.offset());
        parameters.add(query.limit());
        return database.inTransaction(connection -> {
            List<AuditRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int index = 0; index < parameters.size(); index++) {
                    Object parameter = parameters.get(index);
                    if (parameter instanceof Instant instant) {
                        SqlTimestamps.set(select, index + 1, instant);
                    } else if (parameter instanceof Integer number) {
                        select.setInt(index + 1, number);
                    } else {
                        select.setString(index + 1, (String) parameter);
                    }
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(new AuditRecord(rows.getLong(1), SqlTimestamps.get(rows, 2), Optional.ofNullable(rows.getString(3)),
                            Optional.ofNullable(rows.getString(4)).flatMap(Role::parse), Optional.ofNullable(rows.getString(5)),
                            Optional.ofNullable(rows.getString(6)).map(TenantId::of), rows.getString(7), Optional.ofNullable(rows.getString(8)),
                            rows.getInt(9), Optional.ofNullable(rows.getString(10)), Optional.ofNullable(rows.getString(11))));
                    }
                }
            }
            return records;
        });
    }
}
