package org.gatehouse.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javax.inject.Inject;

import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;

/**
 * The reports' rollups in the policy database (docs/reports.md), kept by a catch-up job rather than on the write path:
 * every write of a message-log record sets its {@code changed_at}; {@link #catchUp} finds the hours of receipt of the
 * records written since its watermark (less {@link #LAG}, for transactions still open when it last ran) and computes
 * those hours again from the records: counts by tenant, direction and {@link Outcome}, and delivery delays. The days of
 * those hours are marked, and their top lists are computed again at most every {@code topInterval}, and once more as
 * soon as the day is over. A late change to a day that is over (a delivery or a bounce after midnight) is folded into
 * its top lists at most every {@link #CLOSED_DAY_INTERVAL}: recomputing a day reads all its records. Computing a period again replaces it, so a job that dies half-way (a {@code kill -9}, a node lost) is made
 * good by the next run: nothing is counted twice, and two nodes running it at once take turns on the state row.
 */
public class JdbcRollups {
    /** How far before its watermark the job looks again: a write that committed late is still seen. */
    public static final Duration LAG = Duration.ofMinutes(5);
    /** How often at most a day that is over has its top lists computed again for late changes ({@code topInterval} if longer). */
    public static final Duration CLOSED_DAY_INTERVAL = Duration.ofHours(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(JdbcRollups.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STATE = "messages";
    private static final int MAX_ITEM = 320;

    /** What a run of the job did. */
    public record Run(int hours, int days, Instant watermark) {
    }

    private final Database database;
    private final Clock clock;
    private final Duration topInterval;

    @Inject
    public JdbcRollups(Database database) {
        this(database, Clock.systemUTC(), Duration.ofMinutes(15));
    }

    public JdbcRollups(Database database, Clock clock, Duration topInterval) {
        this.database = database;
        this.clock = clock;
        this.topInterval = topInterval;
    }

    /**
     * Brings the rollups up to the message log.
     *
     * @param oldest hours received before this are left as they are (their records may be purged already)
     */
    public Run catchUp(Instant oldest) {
        Instant now = clock.instant();
        Instant watermark = database.inTransaction(this::watermark);
        TreeSet<Instant> hours = database.inTransaction(connection -> changedHours(connection, watermark.minus(LAG), now));
        int computed = 0;
        for (Instant hour : hours) {
            if (hour.plus(Duration.ofHours(1)).isAfter(oldest)) {
                database.inTransaction(connection -> {
                    lockState(connection);
                    computeHour(connection, hour);
                    markDay(connection, hour.truncatedTo(ChronoUnit.DAYS));
                    return null;
                });
                computed++;
            }
        }
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gh_rollup_state SET watermark = ? WHERE name = ? AND watermark < ?")) {
                SqlTimestamps.set(update, 1, now);
                update.setString(2, STATE);
                SqlTimestamps.set(update, 3, now);
                update.executeUpdate();
            }
            return null;
        });
        int days = computeDueDays(now);
        if (computed > 0 || days > 0) {
            LOGGER.debug("Report rollups: {} hours and {} days computed again", computed, days);
        }
        return new Run(computed, days, now);
    }

    /** {@link #CLOSED_DAY_INTERVAL}, or {@code topInterval} when longer; zero when {@code topInterval} is (every run, as tests ask). */
    private Duration closedDayInterval() {
        if (topInterval.isZero()) {
            return Duration.ZERO;
        }
        return topInterval.compareTo(CLOSED_DAY_INTERVAL) > 0 ? topInterval : CLOSED_DAY_INTERVAL;
    }

    private Instant watermark(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT watermark FROM gh_rollup_state WHERE name = ?")) {
            select.setString(1, STATE);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? SqlTimestamps.get(row, 1) : Instant.EPOCH;
            }
        }
    }

    /** Takes the state row for this transaction: two nodes computing the same period take turns. */
    private static void lockState(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_rollup_state SET watermark = watermark WHERE name = ?")) {
            update.setString(1, STATE);
            update.executeUpdate();
        }
    }

    private static TreeSet<Instant> changedHours(Connection connection, Instant from, Instant to) throws SQLException {
        TreeSet<Instant> hours = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT received_at FROM gh_message_log WHERE changed_at >= ? AND changed_at <= ?")) {
            SqlTimestamps.set(select, 1, from);
            SqlTimestamps.set(select, 2, to);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    hours.add(SqlTimestamps.get(rows, 1).truncatedTo(ChronoUnit.HOURS));
                }
            }
        }
        return hours;
    }

    private record CountKey(String tenant, String direction, String what) {
    }

    /** Replaces the hour's counts and delays with those of its records. */
    private static void computeHour(Connection connection, Instant hour) throws SQLException {
        Map<CountKey, Long> counts = new LinkedHashMap<>();
        Map<CountKey, Long> delays = new LinkedHashMap<>();
        for (RecordFacts record : RecordReader.read(connection, hour, hour.plus(Duration.ofHours(1)), false)) {
            String outcome = record.outcome().asString();
            Optional<Integer> bucket = record.deliveryDelay().map(DelayBuckets::bucketOf);
            for (String tenant : record.rollupTenants()) {
                counts.merge(new CountKey(tenant, record.direction(), outcome), record.weight(), Long::sum);
                bucket.ifPresent(index -> delays.merge(new CountKey(tenant, record.direction(), String.valueOf(index)), 1L, Long::sum));
            }
        }
        for (String table : List.of("gh_rollup_hour", "gh_rollup_delay")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE hour_start = ?")) {
                SqlTimestamps.set(delete, 1, hour);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_rollup_hour (hour_start, tenant_id, direction, outcome, messages) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<CountKey, Long> count : counts.entrySet()) {
                SqlTimestamps.set(insert, 1, hour);
                insert.setString(2, count.getKey().tenant());
                insert.setString(3, count.getKey().direction());
                insert.setString(4, count.getKey().what());
                insert.setLong(5, count.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_rollup_delay (hour_start, tenant_id, direction, bucket, messages) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<CountKey, Long> count : delays.entrySet()) {
                SqlTimestamps.set(insert, 1, hour);
                insert.setString(2, count.getKey().tenant());
                insert.setString(3, count.getKey().direction());
                insert.setInt(4, Integer.parseInt(count.getKey().what()));
                insert.setLong(5, count.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void markDay(Connection connection, Instant day) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_rollup_day SET dirty = 1 WHERE day_start = ?")) {
            SqlTimestamps.set(update, 1, day);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_rollup_day (day_start, dirty, computed_at) VALUES (?, 1, NULL)")) {
            SqlTimestamps.set(insert, 1, day);
            insert.executeUpdate();
        }
    }

    /**
     * Computes the top lists of every marked day that is due: not computed for {@code topInterval}; over and not computed
     * since; or over and not computed for {@link #CLOSED_DAY_INTERVAL}.
     */
    private int computeDueDays(Instant now) {
        List<Instant> due = database.inTransaction(connection -> {
            List<Instant> days = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT day_start, computed_at FROM gh_rollup_day WHERE dirty = 1 ORDER BY day_start")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Instant day = SqlTimestamps.get(rows, 1);
                        Optional<Instant> computed = SqlTimestamps.getOptional(rows, 2);
                        Instant end = day.plus(Duration.ofDays(1));
                        boolean over = !end.isAfter(now);
                        Duration interval = over && computed.isPresent() && !computed.get().isBefore(end) ? closedDayInterval() : topInterval;
                        boolean finalList = over && computed.isPresent() && computed.get().isBefore(end);
                        if (finalList || computed.isEmpty() || !computed.get().plus(interval).isAfter(now)) {
                            days.add(day);
                        }
                    }
                }
            }
            return days;
        });
        for (Instant day : due) {
            database.inTransaction(connection -> {
                lockState(connection);
                computeDay(connection, day);
                try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE gh_rollup_day SET dirty = 0, computed_at = ? WHERE day_start = ?")) {
                    SqlTimestamps.set(update, 1, now);
                    SqlTimestamps.set(update, 2, day);
                    update.executeUpdate();
                }
                return null;
            });
        }
        return due.size();
    }

    private record TopKey(String tenant, String direction, TopDimension dimension) {
    }

    /** Replaces the day's top lists: the {@link TopReport#KEPT_PER_DAY} items with most messages per tenant, direction and dimension. */
    private static void computeDay(Connection connection, Instant day) throws SQLException {
        Map<TopKey, Map<String, Long>> counts = new HashMap<>();
        for (RecordFacts record : RecordReader.read(connection, day, day.plus(Duration.ofDays(1)), true)) {
            for (TopDimension dimension : TopDimension.values()) {
                List<String> items = record.items(dimension);
                for (String tenant : record.rollupTenants()) {
                    Map<String, Long> byItem = counts.computeIfAbsent(new TopKey(tenant, record.direction(), dimension), key -> new HashMap<>());
                    items.forEach(item -> byItem.merge(truncate(item), record.weight(), Long::sum));
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_rollup_top WHERE day_start = ?")) {
            SqlTimestamps.set(delete, 1, day);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_rollup_top (day_start, tenant_id, direction, dimension, item, messages) VALUES (?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Map.Entry<TopKey, Map<String, Long>> list : counts.entrySet()) {
                List<Map.Entry<String, Long>> top = list.getValue().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TopReport.KEPT_PER_DAY)
                    .toList();
                for (Map.Entry<String, Long> item : top) {
                    SqlTimestamps.set(insert, 1, day);
                    insert.setString(2, list.getKey().tenant());
                    insert.setString(3, list.getKey().direction());
                    insert.setString(4, list.getKey().dimension().asString());
                    insert.setString(5, item.getKey());
                    insert.setLong(6, item.getValue());
                    insert.addBatch();
                    if (++pending % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    private static String truncate(String item) {
        return item.length() <= MAX_ITEM ? item : item.substring(0, MAX_ITEM);
    }

    /** Deletes the rollups of hours and days before the cutoff (their own retention, longer than the message log's). */
    public int purgeBefore(Instant cutoff) {
        return database.inTransaction(connection -> {
            int deleted = 0;
            for (String sql : List.of("DELETE FROM gh_rollup_hour WHERE hour_start < ?", "DELETE FROM gh_rollup_delay WHERE hour_start < ?",
                "DELETE FROM gh_rollup_top WHERE day_start < ?", "DELETE FROM gh_rollup_day WHERE day_start < ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    SqlTimestamps.set(delete, 1, cutoff);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /** Reads the records received in a range with what the rollups need. */
    static final class RecordReader {
        private RecordReader() {
        }

        static List<RecordFacts> read(Connection connection, Instant from, Instant to, boolean withRecipients) throws SQLException {
            Map<String, List<String>> rules = list(connection, joined("gh_message_rule", "rule_id", "", "position"), from, to);
            Map<String, List<String>> tenants = list(connection, joined("gh_message_tenant", "tenant_id", "", "position"), from, to);
            Map<String, List<String>> recipients = withRecipients ? list(connection, joined("gh_message_recipient", "recipient",
                " AND x.status <> '" + Disposition.ACCEPTED.asString() + "'", "recipient"), from, to) : Map.of();
            List<RecordFacts> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, received_at, updated_at, direction, tenant_id,"
                + " stage, disposition, reply, refusals, aggregated, reasons, sender, client_ip FROM gh_message_log"
                + " WHERE received_at >= ? AND received_at < ?")) {
                SqlTimestamps.set(select, 1, from);
                SqlTimestamps.set(select, 2, to);
                select.setFetchSize(1000);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String id = row.getString(1);
                        List<String> recordTenants = new ArrayList<>(tenants.getOrDefault(id, List.of()));
                        Optional.ofNullable(row.getString(5)).filter(tenant -> !recordTenants.contains(tenant)).ifPresent(recordTenants::add);
                        if (recordTenants.isEmpty()) {
                            recordTenants.add(RecordFacts.NO_TENANT);
                        }
                        records.add(new RecordFacts(SqlTimestamps.get(row, 2), SqlTimestamps.get(row, 3), row.getString(4),
                            ImmutableList.copyOf(recordTenants), Stage.parse(row.getString(6)),
                            Disposition.parse(row.getString(7)), Optional.ofNullable(row.getString(8)), row.getInt(9), row.getInt(10) != 0,
                            ImmutableList.copyOf(rules.getOrDefault(id, List.of())), reasons(row.getString(11)),
                            Optional.ofNullable(row.getString(12)).orElse(""), Optional.ofNullable(row.getString(13)),
                            ImmutableList.copyOf(recipients.getOrDefault(id, List.of()))));
                    }
                }
            }
            records.sort(Comparator.comparing(RecordFacts::receivedAt));
            return records;
        }

        /**
         * The rows of a table keyed by {@code log_id} for the records received in the range. The records are found by
         * their time first and each one's rows by its key: Derby otherwise scans the whole joined table for every hour
         * (its optimizer hint is a comment to PostgreSQL).
         */
        private static String joined(String table, String column, String condition, String order) {
            return "SELECT x.log_id, x." + column + " FROM --DERBY-PROPERTIES joinOrder=FIXED\n gh_message_log m, " + table + " x"
                + " WHERE x.log_id = m.id AND m.received_at >= ? AND m.received_at < ?" + condition + " ORDER BY x.log_id, x." + order;
        }

        private static Map<String, List<String>> list(Connection connection, String sql, Instant from, Instant to) throws SQLException {
            Map<String, List<String>> values = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                SqlTimestamps.set(select, 1, from);
                SqlTimestamps.set(select, 2, to);
                select.setFetchSize(1000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        values.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(rows.getString(2));
                    }
                }
            }
            return values;
        }

        private static ImmutableList<String> reasons(String json) {
            if (json == null || json.isEmpty()) {
                return ImmutableList.of();
            }
            try {
                return ImmutableList.copyOf(MAPPER.readValue(json, new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException e) {
                return ImmutableList.of(json);
            }
        }
    }
}
