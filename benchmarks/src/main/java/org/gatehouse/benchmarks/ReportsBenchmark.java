package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.reports.Granularity;
import org.gatehouse.reports.JdbcReports;
import org.gatehouse.reports.JdbcRollups;
import org.gatehouse.reports.Outcome;
import org.gatehouse.reports.OutcomeClassifier;
import org.gatehouse.reports.ReportQuery;
import org.gatehouse.reports.SummaryReport;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;
import org.gatehouse.store.Database;
import org.gatehouse.store.DatabaseConfiguration;
import org.gatehouse.store.SqlDialect;
import org.gatehouse.store.SqlTimestamps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;

/**
 * The reports on a large message log (issue 17): generates N message-log records of realistic shapes straight into the
 * tables (30 days of mail, 200 tenants with a Zipf share of the traffic, 50,000 senders in 5,000 domains, 1-3
 * recipients, every outcome), backfills the rollups with one {@link JdbcRollups#catchUp}, then measures p50/p95/p99 of
 * a monthly summary and a top-10 of senders, for one tenant and for all, against the same answers computed from
 * {@code gh_message_log} in the same run. Checks that the rollups count every generated record under its outcome.
 *   ReportsBenchmark derby DIRECTORY [ROWS]
 *   ReportsBenchmark postgresql JDBC_URL [ROWS]     (creates a database gh_bench_* on that server and drops it after)
 * Environment: GATEHOUSE_BENCH_KEEP=1 keeps the database (Derby directory or PostgreSQL database) for a look afterwards.
 */
public final class ReportsBenchmark {
    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final int DAYS = 30;
    private static final Instant END = T0.plus(Duration.ofDays(DAYS));
    /** The catch-up's clock: every day of the month is over, every record's last write (changed_at) is before it. */
    private static final Instant NOW = END.plus(Duration.ofDays(1));
    private static final int TENANTS = 200;
    private static final int SENDERS = 50_000;
    private static final int SENDER_DOMAINS = 5_000;
    private static final int USERS_PER_TENANT = 2_000;
    private static final int IP_POOL = 20_000;
    private static final int COMMIT_EVERY = 10_000;
    private static final int WARMUP = 20;
    private static final int RUNS = 200;
    private static final int RAW_WARMUP = 1;
    private static final int RAW_RUNS = 10;
    /** A raw query stops repeating once it has run this long in total (and at least {@link #RAW_MIN_RUNS} times). */
    private static final Duration RAW_BUDGET = Duration.ofSeconds(120);
    private static final int RAW_MIN_RUNS = 3;
    /** The tenants the queries cycle through, by rank of traffic: the largest first, the smallest last. */
    private static final int[] QUERY_RANKS = {1, 2, 3, 5, 10, 20, 50, 100, 150, 200};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportsBenchmark() {
    }

    /** What a generated record is, with its share of the mix in per ten thousand. */
    private enum Kind {
        CLEAN(7000, Outcome.DELIVERED_CLEAN),
        TAGGED(500, Outcome.TAGGED),
        SPAM_HELD(800, Outcome.SPAM_QUARANTINED),
        SPAM_REFUSED_DATA(300, Outcome.SPAM_BLOCKED),
        VIRUS(30, Outcome.VIRUS),
        PHISHING(50, Outcome.PHISHING),
        CONTENT(200, Outcome.CONTENT_POLICY),
        DLP(20, Outcome.DLP),
        SENDER_REFUSED_RCPT(600, Outcome.SENDER_REFUSED),
        RATE_LIMITED(200, Outcome.RATE_LIMITED),
        RELAY_DENIED(100, Outcome.RELAY_DENIED),
        BOUNCED(100, Outcome.BOUNCED),
        QUEUED(100, Outcome.DEFERRED);

        final int share;
        final Outcome outcome;

        Kind(int share, Outcome outcome) {
            this.share = share;
            this.outcome = outcome;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("derby", "postgresql").contains(args[0])) {
            System.err.println("usage: ReportsBenchmark derby DIRECTORY [ROWS] | postgresql JDBC_URL [ROWS]");
            System.exit(2);
        }
        String store = args[0];
        long rows = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        boolean reuse = "1".equals(System.getenv("GATEHOUSE_BENCH_REUSE"));
        boolean keep = reuse || "1".equals(System.getenv("GATEHOUSE_BENCH_KEEP"));
        System.out.printf(Locale.ROOT, "Reports benchmark on %s, %,d message-log records, %s, %d cores, max heap %.0f MB%n", store, rows,
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e6);
        if (store.equals("derby")) {
            Path directory = Path.of(args[1]).toAbsolutePath();
            if (!reuse) {
                deleteRecursively(directory);
            }
            Files.createDirectories(directory);
            if (System.getProperty("derby.stream.error.file") == null) {
                System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
            }
            Path db = directory.resolve("db");
            try (Database database = Database.open(DatabaseConfiguration.embeddedDerby(db))) {
                run(database, rows, reuse, () -> size(db));
            } finally {
                try {
                    DriverManager.getConnection("jdbc:derby:" + db + ";shutdown=true").close();
                } catch (SQLException e) {
                    // 08006: shut down as asked
                }
                if (!keep) {
                    deleteRecursively(db);
                } else {
                    System.out.println("Kept the Derby database: " + db);
                }
            }
        } else {
            String serverUrl = args[1];
            String name = "gh_bench_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(4));
            Matcher url = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$").matcher(serverUrl);
            if (!url.matches()) {
                throw new IllegalArgumentException("Not a jdbc:postgresql://host:port/database URL: " + serverUrl);
            }
            String query = Optional.ofNullable(url.group(3)).orElse("");
            String benchUrl = reuse ? serverUrl : url.group(1) + name + (query.isEmpty() ? "?" : query + "&") + "reWriteBatchedInserts=true";
            if (!reuse) {
                try (Connection server = DriverManager.getConnection(serverUrl); Statement statement = server.createStatement()) {
                    statement.execute("CREATE DATABASE " + name);
                }
                System.out.println("Created database " + name);
            }
            try (Database database = Database.open(DatabaseConfiguration.of(benchUrl, Optional.empty(), Optional.empty(), 4))) {
                run(database, rows, reuse, () -> database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                        size.next();
                        return size.getLong(1);
                    }
                }));
            } finally {
                if (!keep) {
                    try (Connection server = DriverManager.getConnection(serverUrl); Statement statement = server.createStatement()) {
                        statement.execute("DROP DATABASE IF EXISTS " + name);
                    }
                    System.out.println("Dropped database " + name);
                } else {
                    System.out.println("Kept the database: " + benchUrl);
                }
            }
        }
    }

    @FunctionalInterface
    private interface SizeProbe {
        long bytes() throws IOException;
    }

    /**
     * @param reuse the database holds the records of an earlier run with as many rows (kept with {@code GATEHOUSE_BENCH_KEEP=1}):
     *              they are generated again without being written, for the expected counts, and the rollups computed anew
     */
    private static void run(Database database, long rows, boolean reuse, SizeProbe size) throws Exception {
        SqlDialect dialect = database.dialect();
        Generator generator = new Generator(rows);
        if (reuse) {
            long records = count(database, "gh_message_log");
            if (records != rows) {
                throw new IllegalStateException("The database holds " + records + " records, not " + rows);
            }
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String table : List.of("gh_rollup_hour", "gh_rollup_delay", "gh_rollup_top", "gh_rollup_day")) {
                        statement.execute("DELETE FROM " + table);
                    }
                    statement.execute("UPDATE gh_rollup_state SET watermark = {ts '1970-01-01 00:00:00'}");
                }
                return null;
            });
            generator.replay();
            System.out.printf(Locale.ROOT, "Reused the %,d records of an earlier run (%,d recipients, %,d rule rows, %,d tenant rows);"
                + " the rollups are computed anew%n", rows, generator.recipientRows, generator.ruleRows, generator.tenantRows);
        }

        // 1. generation
        long started = System.nanoTime();
        long lastReport = started;
        for (long first = 0; first < (reuse ? 0 : rows); first += COMMIT_EVERY) {
            long from = first;
            long to = Math.min(rows, first + COMMIT_EVERY);
            database.inTransaction(connection -> {
                generator.insert(connection, from, to);
                return null;
            });
            if (System.nanoTime() - lastReport > 60e9) {
                lastReport = System.nanoTime();
                double seconds = (lastReport - started) / 1e9;
                System.out.printf(Locale.ROOT, "  ... %,d records in %.0f s (%,.0f/s)%n", to, seconds, to / seconds);
            }
        }
        double generationSeconds = (System.nanoTime() - started) / 1e9;
        if (!reuse) {
            System.out.printf(Locale.ROOT, "Generated %,d records (%,d recipients, %,d rule rows, %,d tenant rows) in %.1f s: %,.0f records/s%n",
                rows, generator.recipientRows, generator.ruleRows, generator.tenantRows, generationSeconds, rows / generationSeconds);
        }

        started = System.nanoTime();
        updateStatistics(database, List.of("gh_message_log", "gh_message_recipient", "gh_message_rule", "gh_message_tenant"));
        System.out.printf(Locale.ROOT, "Statistics of the message-log tables (%s) in %.1f s%n",
            dialect == SqlDialect.POSTGRESQL ? "ANALYZE" : "SYSCS_UPDATE_STATISTICS", (System.nanoTime() - started) / 1e9);

        // 2. backfill of the rollups
        JdbcRollups rollups = new JdbcRollups(database, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
        started = System.nanoTime();
        JdbcRollups.Run catchUp = rollups.catchUp(Instant.EPOCH);
        double catchUpSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "Catch-up (backfill of all %,d records): %d hours and %d days computed in %.1f s (%,.0f records/s)%n",
            rows, catchUp.hours(), catchUp.days(), catchUpSeconds, rows / catchUpSeconds);
        started = System.nanoTime();
        JdbcRollups.Run again = rollups.catchUp(Instant.EPOCH);
        System.out.printf(Locale.ROOT, "Catch-up again with nothing changed: %d hours, %d days in %.3f s%n", again.hours(), again.days(),
            (System.nanoTime() - started) / 1e9);
        steadyState(database);
        updateStatistics(database, List.of("gh_rollup_hour", "gh_rollup_delay", "gh_rollup_top", "gh_rollup_day"));

        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %14s %12s%n", "table", "rows", "size MB");
        for (String table : List.of("gh_message_log", "gh_message_recipient", "gh_message_rule", "gh_message_tenant", "gh_rollup_hour",
            "gh_rollup_delay", "gh_rollup_top", "gh_rollup_day")) {
            System.out.printf(Locale.ROOT, "%-22s %,14d %12.1f%n", table, count(database, table), tableBytes(database, table) / 1e6);
        }
        System.out.printf(Locale.ROOT, "Database size: %.1f MB%n", size.bytes() / 1e6);

        // 4. correctness: every generated record counted once, under its outcome
        JdbcReports reports = new JdbcReports(database);
        SummaryReport all = reports.summary(query(Optional.empty()), Granularity.DAY);
        Map<Outcome, Long> expected = generator.expected(Optional.empty());
        System.out.println();
        System.out.printf(Locale.ROOT, "Check: all-tenant monthly summary total %,d, generated records %,d: %s%n", all.total(), rows,
            all.total() == rows ? "equal" : "DIFFERENT");
        boolean outcomesMatch = all.totals().equals(expected);
        System.out.printf(Locale.ROOT, "Check: all-tenant totals by outcome equal the generated mix: %s%n", outcomesMatch ? "yes"
            : "NO, expected " + expected + ", got " + all.totals());
        int tenantMismatches = 0;
        for (int rank : QUERY_RANKS) {
            SummaryReport one = reports.summary(query(Optional.of(Generator.tenant(rank))), Granularity.DAY);
            if (!one.totals().equals(generator.expected(Optional.of(rank)))) {
                tenantMismatches++;
                System.out.printf(Locale.ROOT, "  tenant %s: expected %s, got %s%n", Generator.tenant(rank),
                    generator.expected(Optional.of(rank)), one.totals());
            }
        }
        System.out.printf(Locale.ROOT, "Check: per-tenant totals by outcome for the %d queried tenants: %s%n", QUERY_RANKS.length,
            tenantMismatches == 0 ? "all equal" : tenantMismatches + " DIFFERENT");
        System.out.println("Outcome mix: " + all.totals().entrySet().stream().filter(entry -> entry.getValue() > 0)
            .map(entry -> String.format(Locale.ROOT, "%s %.1f%%", entry.getKey().asString(), 100.0 * entry.getValue() / all.total()))
            .collect(Collectors.joining(", ")));
        for (Optional<String> tenant : List.of(Optional.of(Generator.tenant(1)), Optional.<String>empty())) {
            List<TopReport.Entry> fromRollups = reports.top(query(tenant), TopDimension.SENDER, 10).entries();
            List<TopReport.Entry> fromLog = rawTop(database, tenant);
            boolean sameItems = fromRollups.stream().map(TopReport.Entry::item).toList()
                .equals(fromLog.stream().map(TopReport.Entry::item).toList());
            double worst = 0;
            for (int index = 0; index < Math.min(fromRollups.size(), fromLog.size()); index++) {
                worst = Math.max(worst, Math.abs(fromRollups.get(index).messages() - fromLog.get(index).messages())
                    / (double) fromLog.get(index).messages());
            }
            System.out.printf(Locale.ROOT, "Check: top-10 senders (%s) from the rollups against the log: %s, counts within %.2f%%%n",
                tenant.orElse("all tenants"), sameItems ? "same senders in the same order" : "not the same senders", 100 * worst);
            if (!sameItems || worst > 0) {
                System.out.println("  rollups: " + entries(fromRollups));
                System.out.println("  log:     " + entries(fromLog));
            }
        }

        // 3. latency
        List<Case> cases = List.of(
            new Case("monthly summary, one tenant", n -> () -> reports.summary(query(Optional.of(tenantOf(n))), Granularity.DAY).total(),
                n -> () -> rawSummary(database, Optional.of(tenantOf(n)))),
            new Case("top-10 senders, one tenant", n -> () -> reports.top(query(Optional.of(tenantOf(n))), TopDimension.SENDER, 10)
                .entries().size(), n -> () -> rawTop(database, Optional.of(tenantOf(n))).size()),
            new Case("monthly summary, all tenants", n -> () -> reports.summary(query(Optional.empty()), Granularity.DAY).total(),
                n -> () -> rawSummary(database, Optional.empty())),
            new Case("top-10 senders, all tenants", n -> () -> reports.top(query(Optional.empty()), TopDimension.SENDER, 10).entries().size(),
                n -> () -> rawTop(database, Optional.empty()).size()),
            new Case("delivery delays, one tenant", n -> () -> reports.delivery(query(Optional.of(tenantOf(n))), Duration.ofMinutes(1))
                .delivered(), null));
        System.out.println();
        System.out.printf(Locale.ROOT, "Latency: %d warm-ups then %d runs per rollup query, cycling through tenants of rank %s;"
            + " raw: %d warm-up then up to %d runs (stopping after %d s once %d are done)%n", WARMUP, RUNS,
            Arrays.stream(QUERY_RANKS).mapToObj(String::valueOf).collect(Collectors.joining(",")), RAW_WARMUP, RAW_RUNS,
            RAW_BUDGET.toSeconds(), RAW_MIN_RUNS);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-30s %8s %8s %8s %8s %10s %11s", "query (30 days)", "p50 ms", "p95 ms", "p99 ms", "raw runs",
            "raw p50 ms", "raw/rollup"));
        for (Case test : cases) {
            for (int n = 0; n < WARMUP; n++) {
                test.rollup().apply(n).call();
            }
            long[] nanos = new long[RUNS];
            for (int n = 0; n < RUNS; n++) {
                long start = System.nanoTime();
                test.rollup().apply(n).call();
                nanos[n] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double p50 = percentile(nanos, 0.50);
            if (test.raw() == null) {
                lines.add(String.format(Locale.ROOT, "%-30s %8.2f %8.2f %8.2f %8s %10s %11s", test.name(), p50, percentile(nanos, 0.95),
                    percentile(nanos, 0.99), "-", "-", "-"));
                System.out.println(lines.get(lines.size() - 1));
                continue;
            }
            for (int n = 0; n < RAW_WARMUP; n++) {
                test.raw().apply(n).call();
            }
            List<Long> raw = new ArrayList<>();
            long rawStarted = System.nanoTime();
            for (int n = 0; n < RAW_RUNS; n++) {
                long start = System.nanoTime();
                test.raw().apply(n).call();
                raw.add(System.nanoTime() - start);
                if (raw.size() >= RAW_MIN_RUNS && System.nanoTime() - rawStarted > RAW_BUDGET.toNanos()) {
                    break;
                }
            }
            long[] rawNanos = raw.stream().mapToLong(Long::longValue).sorted().toArray();
            double rawP50 = percentile(rawNanos, 0.50);
            lines.add(String.format(Locale.ROOT, "%-30s %8.2f %8.2f %8.2f %8d %10.0f %10.0fx", test.name(), p50, percentile(nanos, 0.95),
                percentile(nanos, 0.99), rawNanos.length, rawP50, rawP50 / p50));
            System.out.println(lines.get(lines.size() - 1));
        }
        System.out.println();
        lines.forEach(System.out::println);
        if (all.total() != rows || !outcomesMatch || tenantMismatches > 0) {
            throw new IllegalStateException("The rollups do not count the generated records");
        }
    }

    /**
     * Steady state: the records of one busy hour of the last day are written again just after the backfill (as deliveries
     * finishing late do). One minute later the job recomputes that hour's counts; the day's top lists (the day is over)
     * wait for {@link JdbcRollups#CLOSED_DAY_INTERVAL}. An hour later it recomputes the hour and the day's top lists from
     * all the day's records.
     */
    private static void steadyState(Database database) {
        Instant hour = END.minus(Duration.ofHours(12));
        int touched = database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gh_message_log SET changed_at = ? WHERE received_at >= ? AND received_at < ?")) {
                SqlTimestamps.set(update, 1, NOW.plusSeconds(30));
                SqlTimestamps.set(update, 2, hour);
                SqlTimestamps.set(update, 3, hour.plus(Duration.ofHours(1)));
                return update.executeUpdate();
            }
        });
        for (Duration after : List.of(Duration.ofMinutes(1), Duration.ofMinutes(61))) {
            JdbcRollups later = new JdbcRollups(database, Clock.fixed(NOW.plus(after), ZoneOffset.UTC), Duration.ofMinutes(15));
            long started = System.nanoTime();
            JdbcRollups.Run run = later.catchUp(Instant.EPOCH);
            System.out.printf(Locale.ROOT, "Steady state, %d min after the backfill, %,d records of %s written again: %d hours and %d days"
                + " computed in %.2f s%n", after.toMinutes(), touched, hour, run.hours(), run.days(), (System.nanoTime() - started) / 1e9);
        }
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws Exception;
    }

    private record Case(String name, IntFunction<Call> rollup, IntFunction<Call> raw) {
    }

    private static String entries(List<TopReport.Entry> entries) {
        return entries.stream().map(entry -> entry.item().replace(".example", "") + " " + entry.messages()).collect(Collectors.joining(", "));
    }

    private static String tenantOf(int n) {
        return Generator.tenant(QUERY_RANKS[n % QUERY_RANKS.length]);
    }

    private static ReportQuery query(Optional<String> tenant) {
        return new ReportQuery(tenant, Optional.empty(), T0, END, ZoneOffset.UTC);
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sortedNanos, double fraction) {
        int index = (int) Math.ceil(fraction * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    /** The cheapest query of the raw log that gives counts per day; it cannot classify outcomes without reading reasons. */
    private static long rawSummary(Database database, Optional<String> tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT CAST(received_at AS DATE) AS day, disposition, stage,"
                + " COUNT(*) AS messages FROM gh_message_log WHERE " + (tenant.isPresent() ? "tenant_id = ? AND " : "")
                + "received_at >= ? AND received_at < ? GROUP BY CAST(received_at AS DATE), disposition, stage")) {
                int index = 1;
                if (tenant.isPresent()) {
                    select.setString(index++, tenant.get());
                }
                SqlTimestamps.set(select, index++, T0);
                SqlTimestamps.set(select, index, END);
                long total = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        total += rows.getLong(4);
                    }
                }
                return total;
            }
        });
    }

    private static List<TopReport.Entry> rawTop(Database database, Optional<String> tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT sender, COUNT(*) AS messages FROM gh_message_log WHERE "
                + (tenant.isPresent() ? "tenant_id = ? AND " : "") + "received_at >= ? AND received_at < ?"
                + " GROUP BY sender ORDER BY messages DESC, sender FETCH FIRST 10 ROWS ONLY")) {
                int index = 1;
                if (tenant.isPresent()) {
                    select.setString(index++, tenant.get());
                }
                SqlTimestamps.set(select, index++, T0);
                SqlTimestamps.set(select, index, END);
                List<TopReport.Entry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new TopReport.Entry(rows.getString(1), rows.getLong(2)));
                    }
                }
                return entries;
            }
        });
    }

    private static long count(Database database, String table) {
        return database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** The table's size on disk with its indexes. */
    private static long tableBytes(Database database, String table) {
        return database.inTransaction(connection -> {
            String sql = database.dialect() == SqlDialect.POSTGRESQL ? "SELECT pg_total_relation_size('" + table + "')"
                : "SELECT SUM(NUMALLOCATEDPAGES * PAGESIZE) FROM TABLE (SYSCS_DIAG.SPACE_TABLE('" + connection.getSchema() + "', '"
                    + table.toUpperCase(Locale.ROOT) + "')) T";
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** What a database's statistics daemon (autovacuum, Derby's istat) would do after the load, done now for repeatable plans. */
    private static void updateStatistics(Database database, List<String> tables) {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    if (database.dialect() == SqlDialect.POSTGRESQL) {
                        statement.execute("ANALYZE " + table);
                    } else {
                        statement.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('" + connection.getSchema() + "', '"
                            + table.toUpperCase(Locale.ROOT) + "', NULL)");
                    }
                }
            }
            return null;
        });
    }

    /** Generates the records: deterministic for a count (seeded), spread over the month with a working-day rhythm. */
    private static final class Generator {
        private static final String TLS = "TLSv1.3 TLS_AES_256_GCM_SHA384";
        private static final String[] SENDER_RULES = {"DNSBL_LISTED", "DNSBL_LISTED", "DNSBL_LISTED", "DNSBL_LISTED", "SPF_FAIL",
            "SPF_FAIL", "DMARC_REJECT", "DMARC_REJECT", "SENDER_BLOCKLISTED", "FCRDNS_MISSING"};
        private static final String[] VIRUSES = {"Win.Trojan.Agent-1234", "Doc.Dropper.Emotet-42", "Html.Phishing.Bank-7",
            "Xls.Malware.Qakbot-3"};
        private static final String[] PHISH_RULES = {"PHISH_LOOKALIKE_LINK", "PHISH_DISPLAY_NAME_IMPERSONATION", "PHISH_URI_DNSBL",
            "PHISH_FORM_IN_MAIL"};
        private static final String[] CONTENT_RULES = {"CONTENT_DENIED_TYPE", "CONTENT_ENCRYPTED", "CONTENT_TYPE_MISMATCH"};

        private final long rows;
        private final Random random = new Random(42);
        private final Zipf tenants = new Zipf(TENANTS, 1.0);
        private final Zipf senders = new Zipf(SENDERS, 0.9);
        private final Zipf users = new Zipf(USERS_PER_TENANT, 1.0);
        private final Zipf badIps = new Zipf(IP_POOL, 0.8);
        private final int[] kindThresholds = new int[Kind.values().length];
        /** Cumulative weight of each minute of the month: more by day than by night, less at weekends. */
        private final double[] minuteCdf = new double[DAYS * 1440];
        private final Map<Integer, Map<Outcome, Long>> expectedByTenant = new LinkedHashMap<>();
        private final Map<Outcome, Long> expectedAll = new EnumMap<>(Outcome.class);
        private long recipientRows;
        private long ruleRows;
        private long tenantRows;
        private long checked;

        Generator(long rows) {
            this.rows = rows;
            int total = 0;
            for (Kind kind : Kind.values()) {
                total += kind.share;
                kindThresholds[kind.ordinal()] = total;
            }
            if (total != 10_000) {
                throw new IllegalStateException("The mix adds up to " + total);
            }
            double sum = 0;
            for (int minute = 0; minute < minuteCdf.length; minute++) {
                double hour = (minute % 1440) / 60.0;
                int weekday = (int) ((T0.getEpochSecond() / 86_400 + 3 + minute / 1440) % 7); // 0 = Monday
                double weight = (0.25 + Math.exp(-Math.pow(hour - 11.5, 2) / (2 * 3.5 * 3.5))) * (weekday >= 5 ? 0.45 : 1.0);
                sum += weight;
                minuteCdf[minute] = sum;
            }
            for (int minute = 0; minute < minuteCdf.length; minute++) {
                minuteCdf[minute] /= sum;
            }
            for (Outcome outcome : Outcome.values()) {
                expectedAll.put(outcome, 0L);
            }
        }

        static String tenant(int rank) {
            return String.format(Locale.ROOT, "tenant-%03d", rank);
        }

        static String tenantDomain(int rank) {
            return String.format(Locale.ROOT, "t%03d.example", rank);
        }

        Map<Outcome, Long> expected(Optional<Integer> rank) {
            if (rank.isEmpty()) {
                return expectedAll;
            }
            Map<Outcome, Long> zero = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                zero.put(outcome, 0L);
            }
            Map<Outcome, Long> counts = expectedByTenant.getOrDefault(rank.get(), Map.of());
            counts.forEach(zero::put);
            return zero;
        }

        private Instant receivedAt(long index) {
            double position = (index + 0.5) / rows;
            int minute = Arrays.binarySearch(minuteCdf, position);
            minute = minute >= 0 ? minute : Math.min(minuteCdf.length - 1, -minute - 1);
            return T0.plusSeconds(minute * 60L + random.nextInt(60)).plusMillis(random.nextInt(1000));
        }

        private Kind kind() {
            int draw = random.nextInt(10_000);
            for (Kind kind : Kind.values()) {
                if (draw < kindThresholds[kind.ordinal()]) {
                    return kind;
                }
            }
            throw new IllegalStateException();
        }

        private String uuid() {
            return new java.util.UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
        }

        private static String ip(int index) {
            return "198.18." + (index / 250) + "." + (index % 250 + 1);
        }

        private static String badIp(int index) {
            return "100.64." + (index / 250) + "." + (index % 250 + 1);
        }

        /** A delivery delay: mostly seconds, a tail of minutes and a few of hours. */
        private Duration deliveryDelay() {
            double seconds = Math.exp(1.2 + 1.3 * random.nextGaussian());
            return Duration.ofMillis((long) (Math.min(seconds, 6 * 3600) * 1000) + 200);
        }

        private long size() {
            return Math.max(600, (long) Math.exp(9.9 + 1.3 * random.nextGaussian()));
        }

        /** Draws every record again, as {@link #insert} did, for the counts only. */
        void replay() throws SQLException {
            PreparedStatement ignored = (PreparedStatement) java.lang.reflect.Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, arguments) -> {
                    Class<?> type = method.getReturnType();
                    if (type == int[].class) {
                        return new int[0];
                    }
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == int.class) {
                        return 0;
                    }
                    return type == long.class ? 0L : null;
                });
            for (long index = 0; index < rows; index++) {
                add(index, ignored, ignored, ignored, ignored);
            }
        }

        void insert(Connection connection, long from, long to) throws SQLException {
            try (PreparedStatement log = connection.prepareStatement("INSERT INTO gh_message_log (id, received_at, updated_at, direction,"
                + " tenant_id, sender, client_ip, helo, size_bytes, message_id, disposition, reasons, tls, stage, reply, refusals,"
                + " aggregated, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement recipients = connection.prepareStatement(
                     "INSERT INTO gh_message_recipient (log_id, recipient, status, detail) VALUES (?, ?, ?, ?)");
                 PreparedStatement rules = connection.prepareStatement("INSERT INTO gh_message_rule (log_id, rule_id, position) VALUES (?, ?, ?)");
                 PreparedStatement tenantRows = connection.prepareStatement(
                     "INSERT INTO gh_message_tenant (log_id, tenant_id, position) VALUES (?, ?, ?)")) {
                for (long index = from; index < to; index++) {
                    add(index, log, recipients, rules, tenantRows);
                }
                log.executeBatch();
                recipients.executeBatch();
                rules.executeBatch();
                tenantRows.executeBatch();
            }
        }

        private void add(long index, PreparedStatement log, PreparedStatement recipientInsert, PreparedStatement ruleInsert,
                         PreparedStatement tenantInsert) throws SQLException {
            String id = uuid();
            Instant received = receivedAt(index);
            Kind kind = kind();
            boolean outbound = kind != Kind.RELAY_DENIED && random.nextInt(100) < 15;
            int rank = tenants.next(random) + 1;
            String tenantDomain = tenantDomain(rank);
            int senderIndex = senders.next(random);
            int senderDomain = senderIndex % SENDER_DOMAINS;
            String externalAddress = "s" + senderIndex + "@d" + senderDomain + ".example";
            String sender = outbound ? "u" + users.next(random) + "@" + tenantDomain : externalAddress;
            String helo = outbound ? "relay." + tenantDomain : "mail.d" + senderDomain + ".example";
            String clientIp = outbound ? "10." + (rank / 250) + "." + (rank % 250) + "." + (1 + random.nextInt(4))
                : ip((senderDomain * 4 + random.nextInt(4)) % IP_POOL);
            int recipientCount = random.nextInt(10) < 7 ? 1 : random.nextInt(3) < 2 ? 2 : 3;
            List<String> recipients = new ArrayList<>(recipientCount);
            while (recipients.size() < recipientCount) {
                String recipient = outbound ? "s" + senders.next(random) + "@d" + random.nextInt(SENDER_DOMAINS) + ".example"
                    : "u" + users.next(random) + "@" + tenantDomain;
                if (!recipients.contains(recipient)) {
                    recipients.add(recipient);
                }
            }
            Instant updated = received.plusMillis(300 + random.nextInt(3000));
            Disposition disposition;
            Stage stage = Stage.QUEUE;
            String reply = null;
            List<String> ruleIds = List.of();
            List<String> reasons;
            Disposition recipientState;
            String recipientDetail = null;
            boolean tenantKnown = true;
            long size = size();
            String held = " (%s, kept until " + received.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS) + ")";
            String heldId = rank + "/" + Long.toHexString(index);
            switch (kind) {
                case CLEAN -> {
                    disposition = Disposition.DELIVERED;
                    updated = received.plus(deliveryDelay());
                    reasons = List.of("SCORE " + (random.nextInt(12) - 4) + " (category corporate, action pass): BAYES_HAM (-3), SPF_PASS (0),"
                        + " DKIM_VALID (-1)");
                    recipientState = Disposition.DELIVERED;
                    recipientDetail = "250 2.0.0 Ok: queued";
                }
                case TAGGED -> {
                    disposition = Disposition.DELIVERED;
                    updated = received.plus(deliveryDelay());
                    reasons = List.of("SCORE " + (45 + random.nextInt(20)) + " (category marketing, action tag_subject): BAYES_SPAM (+35),"
                        + " HTML_IMAGE_ONLY (+15)");
                    recipientState = Disposition.DELIVERED;
                    recipientDetail = "250 2.0.0 Ok: queued";
                }
                case SPAM_HELD -> {
                    disposition = Disposition.QUARANTINED;
                    reasons = List.of("SCORE " + (70 + random.nextInt(30)) + " (category bulk, action quarantine): BAYES_SPAM (+45),"
                        + " URIBL_BLACK (+30)", "quarantine: held as spam/" + heldId + String.format(held, "spam"));
                    recipientState = Disposition.QUARANTINED;
                }
                case VIRUS -> {
                    disposition = Disposition.QUARANTINED;
                    reasons = List.of("VIRUS_FOUND (clamd: " + VIRUSES[random.nextInt(VIRUSES.length)] + ")",
                        "quarantine: held as virus/" + heldId + String.format(held, "virus"));
                    recipientState = Disposition.QUARANTINED;
                }
                case PHISHING -> {
                    disposition = Disposition.QUARANTINED;
                    reasons = List.of(PHISH_RULES[random.nextInt(PHISH_RULES.length)] + " (link to login-d" + senderDomain + ".example)",
                        "quarantine: held as phishing/" + heldId + String.format(held, "phishing"));
                    recipientState = Disposition.QUARANTINED;
                }
                case CONTENT -> {
                    disposition = Disposition.QUARANTINED;
                    reasons = List.of(CONTENT_RULES[random.nextInt(CONTENT_RULES.length)] + " (attachment invoice.zip)",
                        "quarantine: held as policy/" + heldId + String.format(held, "policy"));
                    recipientState = Disposition.QUARANTINED;
                }
                case DLP -> {
                    disposition = Disposition.QUARANTINED;
                    reasons = List.of("DLP_CREDIT_CARD (3 matches in the body)", "quarantine: held as dlp/" + heldId + String.format(held, "dlp"));
                    recipientState = Disposition.QUARANTINED;
                }
                case BOUNCED -> {
                    disposition = Disposition.BOUNCED;
                    updated = received.plus(Duration.ofMinutes(1 + random.nextInt(240)));
                    reasons = List.of("SCORE 1 (category corporate, action pass): SPF_PASS (0)");
                    recipientState = Disposition.BOUNCED;
                    recipientDetail = "550 5.1.1 <" + recipients.get(0) + ">: Recipient address rejected: User unknown";
                }
                case QUEUED -> {
                    disposition = Disposition.QUEUED;
                    updated = received;
                    reasons = List.of("SCORE 2 (category corporate, action pass): SPF_PASS (0)");
                    recipientState = Disposition.QUEUED;
                    recipientDetail = "451 4.4.1 downstream not answering, will retry";
                }
                case SPAM_REFUSED_DATA -> {
                    disposition = Disposition.REJECTED;
                    stage = Stage.DATA;
                    updated = received;
                    reply = "550 5.7.1 Message refused as spam";
                    ruleIds = List.of("SPAM_SCORE_REJECT", "BAYES_SPAM");
                    reasons = List.of("REJECTED at the end of DATA: spam score " + (90 + random.nextInt(60)) + " (category bulk),"
                        + " rules BAYES_SPAM,URIBL_BLACK");
                    recipientState = Disposition.REJECTED;
                    recipientDetail = reply;
                    clientIp = badIp(badIps.next(random));
                }
                case SENDER_REFUSED_RCPT -> {
                    disposition = Disposition.REJECTED;
                    stage = Stage.RCPT;
                    updated = received;
                    size = 0;
                    clientIp = badIp(badIps.next(random));
                    String rule = SENDER_RULES[random.nextInt(SENDER_RULES.length)];
                    ruleIds = List.of(rule);
                    reply = "550 5.7.1 " + rule + ": message refused";
                    reasons = List.of(rule + " (" + clientIp + ")");
                    recipientState = Disposition.REJECTED;
                    recipientDetail = reply;
                }
                case RATE_LIMITED -> {
                    disposition = Disposition.REJECTED;
                    stage = Stage.RCPT;
                    updated = received;
                    size = 0;
                    ruleIds = List.of(outbound ? "RATE_LIMIT_OUTBOUND" : "RATE_LIMIT_INBOUND");
                    reply = "452 4.7.1 Too many messages, slow down";
                    reasons = List.of(ruleIds.get(0) + " (over 100 messages in 60 s)");
                    recipientState = Disposition.REJECTED;
                    recipientDetail = reply;
                    if (!outbound) {
                        clientIp = badIp(badIps.next(random));
                    }
                }
                case RELAY_DENIED -> {
                    disposition = Disposition.REJECTED;
                    stage = Stage.RCPT;
                    updated = received;
                    size = 0;
                    tenantKnown = false;
                    ruleIds = List.of("SMTP_RELAY_DENIED");
                    reply = "554 5.7.1 Relay access denied";
                    reasons = List.of("SMTP_RELAY_DENIED (recipient domain not served, client not a relay client)");
                    for (int r = 0; r < recipients.size(); r++) {
                        recipients.set(r, "u" + r + "@d" + random.nextInt(SENDER_DOMAINS) + ".example");
                    }
                    recipients = recipients.stream().distinct().collect(Collectors.toCollection(ArrayList::new));
                    recipientState = Disposition.REJECTED;
                    recipientDetail = reply;
                    clientIp = badIp(badIps.next(random));
                }
                default -> throw new IllegalStateException();
            }
            boolean refusal = stage != Stage.QUEUE;
            String tenantId = tenantKnown ? tenant(rank) : null;
            String reasonsJson;
            try {
                reasonsJson = JSON.writeValueAsString(reasons);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (checked < 20_000) {
                checked++;
                Outcome outcome = OutcomeClassifier.classify(stage, disposition, ruleIds, Optional.ofNullable(reply), ImmutableList.copyOf(reasons));
                if (outcome != kind.outcome) {
                    throw new IllegalStateException("A " + kind + " record classifies as " + outcome);
                }
            }
            expectedAll.merge(kind.outcome, 1L, Long::sum);
            if (tenantKnown) {
                expectedByTenant.computeIfAbsent(rank, key -> new EnumMap<>(Outcome.class)).merge(kind.outcome, 1L, Long::sum);
            }

            log.setString(1, id);
            SqlTimestamps.set(log, 2, received);
            SqlTimestamps.set(log, 3, updated);
            log.setString(4, (outbound ? Direction.OUTBOUND : Direction.INBOUND).asString());
            log.setString(5, tenantId);
            log.setString(6, sender);
            log.setString(7, clientIp);
            log.setString(8, helo);
            log.setLong(9, size);
            log.setString(10, stage == Stage.RCPT ? null : "<" + id.substring(0, 18) + "@" + sender.substring(sender.indexOf('@') + 1) + ">");
            log.setString(11, disposition.asString());
            log.setString(12, reasonsJson);
            log.setString(13, random.nextInt(10) < 8 ? TLS : "none");
            log.setString(14, stage.asString());
            log.setString(15, reply);
            log.setInt(16, refusal ? 1 : 0);
            log.setInt(17, 0);
            SqlTimestamps.set(log, 18, updated);
            log.addBatch();

            for (int r = 0; r < recipients.size(); r++) {
                // a refusal at RCPT after a first recipient was accepted: that one is another record's
                boolean acceptedFirst = stage == Stage.RCPT && r == 0 && recipients.size() > 1 && random.nextInt(10) < 3;
                recipientInsert.setString(1, id);
                recipientInsert.setString(2, recipients.get(r));
                recipientInsert.setString(3, (acceptedFirst ? Disposition.ACCEPTED : recipientState).asString());
                recipientInsert.setString(4, acceptedFirst ? null : recipientDetail);
                recipientInsert.addBatch();
                recipientRows++;
            }
            for (int position = 0; position < ruleIds.size(); position++) {
                ruleInsert.setString(1, id);
                ruleInsert.setString(2, ruleIds.get(position));
                ruleInsert.setInt(3, position);
                ruleInsert.addBatch();
                ruleRows++;
            }
            if (refusal && tenantKnown) {
                tenantInsert.setString(1, id);
                tenantInsert.setString(2, tenantId);
                tenantInsert.setInt(3, 0);
                tenantInsert.addBatch();
                tenantRows++;
            }
        }
    }

    /** Draws 0..n-1 with probability proportional to 1/(k+1)^s. */
    private static final class Zipf {
        private final double[] cdf;

        Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, s);
                cdf[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next(Random random) {
            int found = Arrays.binarySearch(cdf, random.nextDouble());
            return Math.min(cdf.length - 1, found >= 0 ? found : -found - 1);
        }
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
