package org.gatehouse.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;

import com.google.common.collect.ImmutableMap;

/**
 * The reports, answered from the rollups ({@link JdbcRollups}) and never from the raw message log: a month's summary
 * reads at most one row per tenant, direction, hour and outcome.
 */
public class JdbcReports {
    public static final int MAX_TOP = TopReport.KEPT_PER_DAY;

    private final Database database;

    @Inject
    public JdbcReports(Database database) {
        this.database = database;
    }

    public SummaryReport summary(ReportQuery query, Granularity granularity) {
        Map<Instant, Map<Outcome, Long>> byHour = database.inTransaction(connection -> {
            Map<Instant, Map<Outcome, Long>> hours = new TreeMap<>();
            try (PreparedStatement select = prepare(connection, "SELECT hour_start, outcome, SUM(messages) FROM gh_rollup_hour",
                "hour_start", query.hourFrom(), query.hourTo(), query, " GROUP BY hour_start, outcome")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Outcome.parse(rows.getString(2)).ifPresent(outcome -> {
                            try {
                                hours.computeIfAbsent(SqlTimestamps.get(rows, 1), key -> new EnumMap<>(Outcome.class))
                                    .merge(outcome, rows.getLong(3), Long::sum);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                }
            }
            return hours;
        });
        List<Instant> starts = periods(query, granularity);
        List<Map<Outcome, Long>> counts = new ArrayList<>();
        for (int index = 0; index < starts.size(); index++) {
            Map<Outcome, Long> zero = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                zero.put(outcome, 0L);
            }
            counts.add(zero);
        }
        byHour.forEach((hour, hourCounts) -> {
            int found = Collections.binarySearch(starts, hour);
            int period = found >= 0 ? found : -found - 2;
            if (period >= 0) {
                hourCounts.forEach((outcome, count) -> counts.get(period).merge(outcome, count, Long::sum));
            }
        });
        List<SummaryReport.Bucket> series = new ArrayList<>();
        for (int index = 0; index < starts.size(); index++) {
            series.add(new SummaryReport.Bucket(starts.get(index), ImmutableMap.copyOf(counts.get(index))));
        }
        return new SummaryReport(query.hourFrom(), query.hourTo(), granularity, series);
    }

    /** The starts of the series' periods: the first is the range's start, the others fall on the granularity's boundaries. */
    static List<Instant> periods(ReportQuery query, Granularity granularity) {
        List<Instant> starts = new ArrayList<>();
        starts.add(query.hourFrom());
        ZonedDateTime cursor = query.hourFrom().atZone(query.zone());
        while (true) {
            cursor = switch (granularity) {
                case HOUR -> cursor.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                case DAY -> cursor.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                case WEEK -> cursor.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
                case MONTH -> cursor.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.firstDayOfNextMonth());
            };
            Instant next = cursor.toInstant();
            if (!next.isBefore(query.hourTo())) {
                return starts;
            }
            starts.add(next);
        }
    }

    public TopReport top(ReportQuery query, TopDimension by, int limit) {
        if (limit < 1 || limit > MAX_TOP) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_TOP);
        }
        List<TopReport.Entry> entries = database.inTransaction(connection -> {
            List<TopReport.Entry> found = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT item, SUM(messages) AS total FROM gh_rollup_top",
                "day_start", query.dayFrom(), query.dayTo(), query,
                " AND dimension = ? GROUP BY item ORDER BY total DESC, item OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
                int index = parameterCount(query) + 1;
                select.setString(index++, by.asString());
                select.setInt(index, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new TopReport.Entry(rows.getString(1), rows.getLong(2)));
                    }
                }
            }
            return found;
        });
        return new TopReport(query.dayFrom(), query.dayTo(), by, entries);
    }

    public DeliveryReport delivery(ReportQuery query, Duration target) {
        if (!DelayBuckets.isBound(target)) {
            throw new IllegalArgumentException("target must be one of " + DelayBuckets.UPPER_BOUNDS_SECONDS + " seconds");
        }
        List<Long> counts = database.inTransaction(connection -> {
            List<Long> buckets = new ArrayList<>();
            for (int index = 0; index <= DelayBuckets.OVERFLOW; index++) {
                buckets.add(0L);
            }
            try (PreparedStatement select = prepare(connection, "SELECT bucket, SUM(messages) FROM gh_rollup_delay",
                "hour_start", query.hourFrom(), query.hourTo(), query, " GROUP BY bucket")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        int bucket = rows.getInt(1);
                        if (bucket >= 0 && bucket <= DelayBuckets.OVERFLOW) {
                            buckets.set(bucket, rows.getLong(2));
                        }
                    }
                }
            }
            return buckets;
        });
        long delivered = counts.stream().mapToLong(Long::longValue).sum();
        int targetBucket = DelayBuckets.bucketOf(target);
        long within = counts.subList(0, targetBucket + 1).stream().mapToLong(Long::longValue).sum();
        return new DeliveryReport(query.hourFrom(), query.hourTo(), delivered, DelayBuckets.quantile(counts, 0.5),
            DelayBuckets.quantile(counts, 0.95), DelayBuckets.quantile(counts, 0.99), target, within);
    }

    /** {@code select} over the rollup table with the range, the query's tenant and direction, and then {@code rest}. */
    private static PreparedStatement prepare(Connection connection, String select, String timeColumn, Instant from, Instant to,
                                             ReportQuery query, String rest) throws SQLException {
        StringBuilder sql = new StringBuilder(select).append(" WHERE ").append(timeColumn).append(" >= ? AND ")
            .append(timeColumn).append(" < ?");
        // every tenant's mail is in the all-tenant rows
        sql.append(" AND tenant_id = ?");
        query.direction().ifPresent(direction -> sql.append(" AND direction = ?"));
        sql.append(rest);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        int index = 1;
        SqlTimestamps.set(statement, index++, from);
        SqlTimestamps.set(statement, index++, to);
        statement.setString(index++, query.tenant().orElse(RecordFacts.ALL_TENANTS));
        if (query.direction().isPresent()) {
            statement.setString(index, query.direction().map(Direction::asString).get());
        }
        return statement;
    }

    private static int parameterCount(ReportQuery query) {
        return 3 + (query.direction().isPresent() ? 1 : 0);
    }
}
