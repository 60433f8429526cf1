package org.gatehouse.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.store.Database;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/** The rollups and the reports on them, on Derby and PostgreSQL. */
public interface ReportsContract {
    Instant T0 = Instant.parse("2026-11-02T10:15:00Z");
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");

    Database database();

    MutableClock clock();

    default JdbcMessageLog log() {
        return new JdbcMessageLog(database(), clock());
    }

    default JdbcRollups rollups() {
        return new JdbcRollups(database(), clock(), Duration.ofMinutes(15));
    }

    default JdbcReports reports() {
        return new JdbcReports(database());
    }

    default JdbcRollups.Run catchUp() {
        return rollups().catchUp(Instant.EPOCH);
    }

    static ReportQuery query(Optional<String> tenant, Instant from, Instant to) {
        return new ReportQuery(tenant, Optional.empty(), from, to, ZoneOffset.UTC);
    }

    static MessageRecord accepted(String id, Instant at, TenantId tenant, String sender, String... recipients) {
        return MessageRecord.received(id, at, Direction.INBOUND, Optional.of(tenant), sender, List.of(recipients),
            Optional.of("192.0.2.1"), Optional.of("mx.example"), 100, Optional.empty());
    }

    static MessageRecord refused(String id, Instant at, String reply, List<String> rules, List<TenantId> tenants, int count,
                                 boolean aggregated) {
        return new MessageRecord(id, at, at, Direction.INBOUND, tenants.stream().findFirst(), "mallory@spam.example",
            Optional.of("192.0.2.7"), Optional.of("mx.spam.example"), 0, Optional.empty(), Disposition.REJECTED,
            ImmutableList.of("refused"), ImmutableMap.of("bob@acme.example",
                new MessageRecord.RecipientState(Disposition.REJECTED, Optional.of(reply))), Optional.of("none"), Stage.RCPT,
            ImmutableList.copyOf(rules), Optional.of(new MessageRecord.Refusal(reply, ImmutableList.copyOf(tenants), count, aggregated)));
    }

    default void deliver(String id, String recipient, Duration after) {
        clock().setInstant(log().get(id).orElseThrow().receivedAt().plus(after));
        log().updateRecipients(id, List.of(recipient), Disposition.DELIVERED, Optional.of("250 ok"));
    }

    @Test
    default void summaryShouldCountEveryOutcomeWhenRecordsOfEachKindAreLogged() {
        log().record(accepted("clean", T0, ACME, "alice@a.example", "bob@acme.example"));
        deliver("clean", "bob@acme.example", Duration.ofSeconds(3));
        log().record(accepted("tagged", T0, ACME, "alice@a.example", "bob@acme.example")
            .withReasons(List.of("SCORE 60 (category spam, action tag_subject): SUBJECT_ALL_CAPS (+60)")));
        deliver("tagged", "bob@acme.example", Duration.ofSeconds(3));
        log().record(accepted("held", T0, ACME, "alice@a.example", "bob@acme.example")
            .withReasons(List.of("quarantine: held as spam/acme/1 (spam, kept until 2026-11-16T10:15:00Z)")));
        log().updateRecipients("held", List.of("bob@acme.example"), Disposition.QUARANTINED, Optional.empty());
        log().record(accepted("virus", T0, ACME, "alice@a.example", "bob@acme.example")
            .withReasons(List.of("VIRUS_FOUND (clamd: Eicar-Signature)", "quarantine: held as virus/acme/2 (virus, kept until x)")));
        log().updateRecipients("virus", List.of("bob@acme.example"), Disposition.QUARANTINED, Optional.empty());
        log().record(accepted("waiting", T0, ACME, "alice@a.example", "bob@acme.example"));
        log().mergeRefusal(refused("dnsbl", T0, "550 5.7.1 listed", List.of("DNSBL_LISTED"), List.of(ACME), 1, false));
        log().mergeRefusal(refused("rate", T0, "452 4.7.1 slow down", List.of("RATE_LIMIT_INBOUND"), List.of(ACME), 1, false));
        log().mergeRefusal(refused("spam", T0, "550 5.7.1 spam", List.of("SPAM_SCORE_REJECT", "GTUBE"), List.of(ACME), 1, false));
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));

        catchUp();

        SummaryReport summary = reports().summary(query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            Granularity.HOUR);
        assertThat(summary.totals()).containsAllEntriesOf(Map.of(Outcome.DELIVERED_CLEAN, 1L, Outcome.TAGGED, 1L,
            Outcome.SPAM_QUARANTINED, 1L, Outcome.VIRUS, 1L, Outcome.DEFERRED, 1L, Outcome.SENDER_REFUSED, 1L,
            Outcome.RATE_LIMITED, 1L, Outcome.SPAM_BLOCKED, 1L));
        assertThat(summary.total()).isEqualTo(8);
        assertThat(summary.series()).extracting(SummaryReport.Bucket::start).containsExactly(Instant.parse("2026-11-02T09:00:00Z"),
            Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(summary.series().get(1).total()).isEqualTo(8);
        assertThat(summary.rates().get(Outcome.VIRUS)).isEqualTo(1.0 / 8);
    }

    @Test
    default void catchUpShouldNotCountTwiceWhenItRunsAgain() {
        log().record(accepted("m1", T0, ACME, "alice@a.example", "bob@acme.example"));
        deliver("m1", "bob@acme.example", Duration.ofSeconds(1));

        catchUp();
        catchUp();
        clock().advance(Duration.ofHours(2));
        catchUp();

        assertThat(reports().summary(query(Optional.empty(), T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))), Granularity.DAY)
            .total()).isEqualTo(1);
    }

    @Test
    default void catchUpShouldMoveARecordToItsNewOutcomeWhenItChangesLater() {
        log().record(accepted("m1", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofSeconds(5)));
        catchUp();
        ReportQuery day = query(Optional.of("acme"), T0.minus(Duration.ofHours(10)), T0.plus(Duration.ofHours(10)));
        assertThat(reports().summary(day, Granularity.DAY).totals().get(Outcome.DEFERRED)).isEqualTo(1);

        deliver("m1", "bob@acme.example", Duration.ofHours(3));
        catchUp();

        assertThat(reports().summary(day, Granularity.DAY).totals())
            .containsEntry(Outcome.DEFERRED, 0L)
            .containsEntry(Outcome.DELIVERED_CLEAN, 1L);
    }

    @Test
    default void summaryShouldCountARefusalForEachTenantItConcerned() {
        log().mergeRefusal(refused("r1", T0, "550 5.7.1 no", List.of("SENDER_BLOCKLISTED"), List.of(ACME, GLOBEX), 1, false));
        catchUp();

        for (String tenant : List.of("acme", "globex")) {
            assertThat(reports().summary(query(Optional.of(tenant), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
                Granularity.DAY).totals().get(Outcome.SENDER_REFUSED)).isEqualTo(1);
        }
        assertThat(reports().summary(query(Optional.of("initech"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            Granularity.DAY).total()).isZero();
        // the operator's view counts the refusal once
        assertThat(reports().summary(query(Optional.empty(), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            Granularity.DAY).total()).isEqualTo(1);
        assertThat(reports().top(query(Optional.empty(), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("mallory@spam.example", 1));
    }

    @Test
    default void summaryShouldCountEachRefusalOfAnAggregatedRecord() {
        log().mergeRefusal(refused("agg", T0, "452 4.7.1 slow", List.of("RATE_LIMIT_INBOUND"), List.of(ACME), 250, true));
        catchUp();

        assertThat(reports().summary(query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            Granularity.DAY).totals().get(Outcome.RATE_LIMITED)).isEqualTo(250);
    }

    @Test
    default void summaryShouldStartDaysInTheQueriedZone() {
        Instant late = Instant.parse("2026-11-02T23:30:00Z");
        log().record(accepted("m1", late, ACME, "alice@a.example", "bob@acme.example"));
        log().record(accepted("m2", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(late.plus(Duration.ofMinutes(1)));
        catchUp();

        SummaryReport paris = reports().summary(new ReportQuery(Optional.of("acme"), Optional.empty(),
            Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T23:00:00Z"), ZoneId.of("Europe/Paris")), Granularity.DAY);

        assertThat(paris.series()).extracting(SummaryReport.Bucket::start)
            .containsExactly(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-02T23:00:00Z"));
        assertThat(paris.series()).extracting(SummaryReport.Bucket::total).containsExactly(1L, 1L);
    }

    @Test
    default void topShouldRankItemsByMessagesWhenTheDayIsComputed() {
        for (int i = 0; i < 3; i++) {
            log().record(accepted("a" + i, T0, ACME, "Alice@A.example", "bob@acme.example"));
        }
        log().record(accepted("c1", T0, ACME, "carol@c.example", "dan@acme.example", "erin@acme.example"));
        log().mergeRefusal(refused("r1", T0, "550 5.7.1 no", List.of("DNSBL_LISTED"), List.of(ACME), 1, false));
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));
        catchUp();

        ReportQuery day = query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)));
        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(
            new TopReport.Entry("alice@a.example", 3), new TopReport.Entry("carol@c.example", 1),
            new TopReport.Entry("mallory@spam.example", 1));
        assertThat(reports().top(day, TopDimension.SENDER_DOMAIN, 1).entries()).containsExactly(new TopReport.Entry("a.example", 3));
        assertThat(reports().top(day, TopDimension.RECIPIENT, 10).entries()).startsWith(new TopReport.Entry("bob@acme.example", 4));
        assertThat(reports().top(day, TopDimension.CLIENT_IP, 10).entries()).containsExactly(
            new TopReport.Entry("192.0.2.1", 4), new TopReport.Entry("192.0.2.7", 1));
        assertThat(reports().top(day, TopDimension.RULE, 10).entries()).containsExactly(new TopReport.Entry("DNSBL_LISTED", 1));
    }

    @Test
    default void topShouldWaitForTheIntervalBeforeComputingTheDayAgain() {
        log().record(accepted("m1", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));
        catchUp();
        log().record(accepted("m2", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().advance(Duration.ofMinutes(1));
        catchUp();
        ReportQuery day = query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)));
        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("alice@a.example", 1));

        clock().advance(Duration.ofMinutes(15));
        catchUp();

        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("alice@a.example", 2));
    }

    @Test
    default void topShouldComputeADayOnceWhenItIsOverThenFoldLateChangesHourly() {
        log().record(accepted("m1", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));
        catchUp();
        Instant nextDay = T0.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1));
        log().record(accepted("m2", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(nextDay.plus(Duration.ofMinutes(6)));
        ReportQuery day = query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)));

        assertThat(catchUp().days()).isEqualTo(1);
        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("alice@a.example", 2));

        log().record(accepted("m3", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().advance(Duration.ofMinutes(20));
        assertThat(catchUp().days()).isZero();
        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("alice@a.example", 2));
        assertThat(reports().summary(day, Granularity.DAY).total()).isEqualTo(3);

        clock().advance(Duration.ofMinutes(41));
        assertThat(catchUp().days()).isEqualTo(1);
        assertThat(reports().top(day, TopDimension.SENDER, 10).entries()).containsExactly(new TopReport.Entry("alice@a.example", 3));
    }

    @Test
    default void deliveryShouldGiveThePercentilesAndTheShareWithinTheTarget() {
        for (int i = 0; i < 18; i++) {
            log().record(accepted("fast" + i, T0, ACME, "alice@a.example", "bob@acme.example"));
            deliver("fast" + i, "bob@acme.example", Duration.ofSeconds(2));
        }
        log().record(accepted("slow", T0, ACME, "alice@a.example", "bob@acme.example"));
        deliver("slow", "bob@acme.example", Duration.ofSeconds(100));
        log().record(accepted("slower", T0, ACME, "alice@a.example", "bob@acme.example"));
        deliver("slower", "bob@acme.example", Duration.ofMinutes(10));
        catchUp();

        DeliveryReport delivery = reports().delivery(query(Optional.of("acme"), T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))),
            DeliveryReport.DEFAULT_TARGET);

        assertThat(delivery.delivered()).isEqualTo(20);
        assertThat(delivery.p50()).contains(Duration.ofSeconds(2));
        assertThat(delivery.p95()).contains(Duration.ofSeconds(120));
        assertThat(delivery.p99()).contains(Duration.ofSeconds(600));
        assertThat(delivery.withinTarget()).isEqualTo(19);
        assertThat(delivery.withinTargetShare()).isEqualTo(0.95);
    }

    @Test
    default void catchUpShouldLeaveHoursBeforeTheOldestAlone() {
        log().record(accepted("old", T0, ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));

        rollups().catchUp(T0.plus(Duration.ofHours(2)));

        assertThat(reports().summary(query(Optional.empty(), T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))), Granularity.DAY)
            .total()).isZero();
    }

    @Test
    default void purgeBeforeShouldDeleteOnlyOlderRollups() {
        log().record(accepted("old", T0, ACME, "alice@a.example", "bob@acme.example"));
        log().record(accepted("new", T0.plus(Duration.ofDays(3)), ACME, "alice@a.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(1)));
        catchUp();

        rollups().purgeBefore(T0.plus(Duration.ofDays(1)));

        assertThat(reports().summary(query(Optional.empty(), T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(5))), Granularity.DAY)
            .total()).isEqualTo(1);
    }

    @Test
    default void onceShouldSendOnlyOnceWhenTwoNodesAskAtTheSameMoment() throws Exception {
        JdbcReportRuns runs = new JdbcReportRuns(database());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger sends = new AtomicInteger();
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<String>> first = nodes.submit(() -> runs.once(ACME, "daily:2026-11-01", T0, () -> {
                sends.incrementAndGet();
                inside.countDown();
                release.await();
                return "first";
            }));
            inside.await();
            Future<Optional<String>> second = nodes.submit(() -> runs.once(ACME, "daily:2026-11-01", T0, () -> {
                sends.incrementAndGet();
                return "second";
            }));
            // the second node's claim meets the first one's row, not yet committed, while the first is still sending
            Thread.sleep(300);
            release.countDown();

            assertThat(first.get()).contains("first");
            assertThat(second.get()).isEmpty();
            assertThat(sends).hasValue(1);
        } finally {
            nodes.shutdownNow();
        }
        // after a restart, as before it: sent already; another tenant's report of the same period is its own
        assertThat(new JdbcReportRuns(database()).once(ACME, "daily:2026-11-01", T0, () -> "again")).isEmpty();
        assertThat(runs.once(GLOBEX, "daily:2026-11-01", T0, () -> "globex")).contains("globex");
        assertThat(runs.wasSent(ACME, "daily:2026-11-01")).isTrue();
        assertThat(runs.wasSent(ACME, "daily:2026-11-02")).isFalse();
    }

    @Test
    default void onceShouldLeaveTheReportUnsentWhenSendingFails() {
        JdbcReportRuns runs = new JdbcReportRuns(database());

        assertThatThrownBy(() -> runs.once(ACME, "weekly:2026-W45", T0, () -> {
            throw new IllegalStateException("the spool is full");
        })).hasMessageContaining("the spool is full");

        assertThat(runs.wasSent(ACME, "weekly:2026-W45")).isFalse();
        assertThat(runs.once(ACME, "weekly:2026-W45", T0, () -> "sent")).contains("sent");
    }
}
