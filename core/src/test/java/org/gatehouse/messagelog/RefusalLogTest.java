package org.gatehouse.messagelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RefusalLogTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:10Z");
    private static final TenantId ACME = TenantId.of("acme");

    private MutableClock clock;
    private RecordingMessageLog messageLog;
    private RefusalLog refusals;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        messageLog = new RecordingMessageLog();
        refusals = new RefusalLog(messageLog, 3, clock, Runnable::run);
    }

    private SmtpRefusal refusal(String transaction, String clientIp, String rule, String recipient) {
        return new SmtpRefusal(transaction, clock.instant(), clientIp, Optional.of("mx.sender.example"), Direction.INBOUND,
            List.of(ACME), "mallory@sender.example", Stage.RCPT, "550 5.7.1 refused", List.of(rule), List.of(rule + " (why)"),
            Map.of(recipient, new MessageRecord.RecipientState(Disposition.REJECTED, Optional.of("550 5.7.1 refused"))),
            Optional.of("none"), 0, Optional.empty());
    }

    private static long total(Collection<MessageRecord> records) {
        return records.stream().mapToLong(record -> record.refusal().orElseThrow().count()).sum();
    }

    @Test
    void recordShouldWriteOneRecordPerTransactionWithEveryRefusalOfIt() {
        refusals.record(refusal("t1", "192.0.2.7", "SENDER_BLOCKLISTED", "bob@acme.example"));
        refusals.record(refusal("t1", "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));

        assertThat(messageLog.refusals).containsOnlyKeys("t1");
        MessageRecord record = messageLog.refusals.get("t1");
        assertThat(record.ruleIds()).containsExactly("SENDER_BLOCKLISTED", "SMTP_RELAY_DENIED");
        assertThat(record.recipients()).containsOnlyKeys("bob@acme.example", "x@elsewhere.example");
        assertThat(record.refusal().orElseThrow().count()).isEqualTo(2);
        assertThat(record.disposition()).isEqualTo(Disposition.REJECTED);
    }

    @Test
    void recordShouldCountEveryRefusalInTheMetricsAlsoWhenAggregated() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RefusalLog counted = new RefusalLog(messageLog, new GatehouseMetrics(meters), 3, clock, Runnable::run);

        for (int i = 0; i < 10; i++) {
            counted.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x" + i + "@elsewhere.example"));
        }

        assertThat(meters.get(GatehouseMetrics.MESSAGES).tags("direction", "inbound", "stage", "rcpt", "outcome", "rejected")
            .counter().count()).isEqualTo(10);
    }

    @Test
    void recordShouldAggregateTheRefusalsOfAClientBeyondItsBudgetWhenItsMinuteEnds() {
        for (int i = 0; i < 100; i++) {
            refusals.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x" + i + "@elsewhere.example"));
        }
        assertThat(messageLog.refusals).hasSize(3);

        clock.advance(Duration.ofMinutes(1));
        refusals.flushEndedMinutes();

        assertThat(messageLog.refusals).hasSize(4);
        MessageRecord aggregated = messageLog.refusals.values().stream().filter(record -> record.refusal().orElseThrow().aggregated())
            .findFirst().orElseThrow();
        assertThat(aggregated.refusal().orElseThrow().count()).isEqualTo(97);
        assertThat(aggregated.ruleIds()).containsExactly("SMTP_RELAY_DENIED");
        assertThat(aggregated.stage()).isEqualTo(Stage.RCPT);
        assertThat(aggregated.clientIp()).contains("192.0.2.7");
        assertThat(aggregated.receivedAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(aggregated.recipients()).hasSize(RefusalLog.SAMPLE);
        assertThat(aggregated.reasons()).first().asString().startsWith("AGGREGATED: refusals at RCPT TO for SMTP_RELAY_DENIED");
        assertThat(total(messageLog.refusals.values())).isEqualTo(100);
    }

    @Test
    void flushEndedMinutesShouldKeepTheCurrentMinutesCountOpen() {
        for (int i = 0; i < 10; i++) {
            refusals.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }

        refusals.flushEndedMinutes();

        assertThat(messageLog.refusals).hasSize(3);
    }

    @Test
    void recordShouldAggregatePerRuleAndGiveEachMinuteItsOwnBudget() {
        for (int i = 0; i < 5; i++) {
            refusals.record(refusal("a" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
            refusals.record(refusal("b" + i, "192.0.2.7", "SENDER_BLOCKLISTED", "bob@acme.example"));
        }
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            refusals.record(refusal("c" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }
        clock.advance(Duration.ofMinutes(1));
        refusals.flushEndedMinutes();

        // first minute: 3 one by one, then one aggregate per rule; second minute: 3 one by one and one aggregate
        assertThat(messageLog.refusals.values()).filteredOn(record -> record.refusal().orElseThrow().aggregated()).hasSize(3);
        assertThat(messageLog.refusals.values()).filteredOn(record -> !record.refusal().orElseThrow().aggregated()).hasSize(6);
        assertThat(total(messageLog.refusals.values())).isEqualTo(15);
    }

    @Test
    void recordShouldCountEachClientIpOnItsOwn() {
        for (int i = 0; i < 3; i++) {
            refusals.record(refusal("a" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
            refusals.record(refusal("b" + i, "192.0.2.8", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }

        assertThat(messageLog.refusals).hasSize(6);
    }

    @Test
    void recordShouldWriteEveryRefusalWhenThereIsNoLimit() {
        RefusalLog unlimited = new RefusalLog(messageLog, 0, clock, Runnable::run);
        for (int i = 0; i < 100; i++) {
            unlimited.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }

        assertThat(messageLog.refusals).hasSize(100);
    }

    @Test
    void closeShouldWriteTheCurrentMinutesAggregates() {
        for (int i = 0; i < 10; i++) {
            refusals.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }

        refusals.close();

        assertThat(messageLog.refusals).hasSize(4);
        assertThat(total(messageLog.refusals.values())).isEqualTo(10);
    }

    @Test
    void recordShouldNeverFailWhenTheMessageLogFails() {
        AtomicInteger attempts = new AtomicInteger();
        RefusalLog failing = new RefusalLog(new RecordingMessageLog() {
            @Override
            public synchronized void mergeRefusal(MessageRecord refusal) {
                attempts.incrementAndGet();
                throw new IllegalStateException("database down");
            }
        }, 3, clock, Runnable::run);

        for (int i = 0; i < 5; i++) {
            failing.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }
        failing.close();

        assertThat(attempts).hasValue(4);
    }

    @Test
    void recordShouldAggregateWhenTheWriterIsTooFarBehind() {
        List<Runnable> queued = new java.util.ArrayList<>();
        RefusalLog behind = new RefusalLog(messageLog, 0, clock, queued::add);
        for (int i = 0; i < RefusalLog.MAX_PENDING_WRITES + 5; i++) {
            behind.record(refusal("t" + i, "192.0.2.7", "SMTP_RELAY_DENIED", "x@elsewhere.example"));
        }
        behind.close();

        assertThat(queued).hasSize(RefusalLog.MAX_PENDING_WRITES);
        assertThat(messageLog.refusals.values()).singleElement()
            .satisfies(record -> assertThat(record.refusal().orElseThrow().count()).isEqualTo(5));
    }

    @Test
    void constructorShouldRefuseANegativeLimit() {
        assertThatThrownBy(() -> new RefusalLog(messageLog, -1, clock, Runnable::run))
            .hasMessageContaining("messageLog.refusals.perIpPerMinute");
    }
}
