package org.gatehouse.messagelog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * Writes the refusals of the SMTP dialogue to the message log: one record per SMTP transaction (its first refusal
 * creates it, later ones add their recipients, rule ids and reasons), written off the SMTP thread so that the message log
 * never delays or changes an SMTP answer.
 *
 * <p>Flood control: each client IP has {@code perIpPerMinute} refusals a minute written one by one; beyond, its refusals
 * are counted per client IP, rule id, stage and minute, and each count is written as one aggregated record when its
 * minute has ended (and on shutdown). A client that floods refusals costs a few records a minute, not one per refusal.
 * So does a message log that cannot keep up: what the writer has not yet written is bounded, and beyond it refusals are
 * aggregated too.
 */
public class RefusalLog implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RefusalLog.class);
    public static final int DEFAULT_PER_IP_PER_MINUTE = 30;
    /** Writes waiting for the message log; beyond, refusals are aggregated. */
    static final int MAX_PENDING_WRITES = 10_000;
    /** What an aggregated record keeps of the recipients and senders it counts. */
    static final int SAMPLE = 10;
    private static final int MAX_AGGREGATED_TENANTS = 50;
    private static final int MAX_AGGREGATED_RULES = 20;

    private record Budget(Instant minute, int used) {
    }

    private record AggregateKey(String clientIp, String ruleId, Stage stage, Instant minute) {
        String recordId() {
            return UUID.nameUUIDFromBytes(("smtp-refusals|" + clientIp + "|" + ruleId + "|" + stage.asString() + "|" + minute)
                .getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    private final MessageLog messageLog;
    private final GatehouseMetrics metrics;
    private final int perIpPerMinute;
    private final Clock clock;
    private final Executor writer;
    private final Optional<ScheduledExecutorService> scheduler;
    private final ConcurrentMap<String, Budget> budgets = new ConcurrentHashMap<>();
    private final ConcurrentMap<AggregateKey, Aggregate> aggregates = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();

    /** Writes on its own thread, and writes each aggregate within seconds of the end of its minute. */
    public static RefusalLog start(MessageLog messageLog, int perIpPerMinute) {
        return start(messageLog, perIpPerMinute, GatehouseMetrics.none());
    }

    /** As {@link #start(MessageLog, int)}, counting every refusal in {@code gatehouse_messages_total}. */
    public static RefusalLog start(MessageLog messageLog, int perIpPerMinute, GatehouseMetrics metrics) {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread named = new Thread(runnable, "gatehouse-refusal-log");
            named.setDaemon(true);
            return named;
        });
        RefusalLog log = new RefusalLog(messageLog, metrics, perIpPerMinute, Clock.systemUTC(), thread, Optional.of(thread));
        thread.scheduleWithFixedDelay(log::flushEndedMinutes, 1, 1, TimeUnit.SECONDS);
        return log;
    }

    /** With the given writer (a test's: {@code Runnable::run}) and no schedule: {@link #flushEndedMinutes()} by hand. */
    public RefusalLog(MessageLog messageLog, int perIpPerMinute, Clock clock, Executor writer) {
        this(messageLog, GatehouseMetrics.none(), perIpPerMinute, clock, writer, Optional.empty());
    }

    public RefusalLog(MessageLog messageLog, GatehouseMetrics metrics, int perIpPerMinute, Clock clock, Executor writer) {
        this(messageLog, metrics, perIpPerMinute, clock, writer, Optional.empty());
    }

    private RefusalLog(MessageLog messageLog, GatehouseMetrics metrics, int perIpPerMinute, Clock clock, Executor writer,
                       Optional<ScheduledExecutorService> scheduler) {
        if (perIpPerMinute < 0) {
            throw new IllegalArgumentException("messageLog.refusals.perIpPerMinute: must be 0 (no limit) or more, not " + perIpPerMinute);
        }
        this.messageLog = messageLog;
        this.metrics = metrics;
        this.perIpPerMinute = perIpPerMinute;
        this.clock = clock;
        this.writer = writer;
        this.scheduler = scheduler;
    }

    /** Records a refusal: written (or counted) later, never failing. */
    public void record(SmtpRefusal refusal) {
        try {
            metrics.refusal(refusal);
            Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
            if (withinBudget(refusal.clientIp(), minute) && write(refusal.toRecord())) {
                return;
            }
            aggregates.compute(new AggregateKey(refusal.clientIp(), refusal.ruleId(), refusal.stage(), minute),
                (key, aggregate) -> (aggregate == null ? new Aggregate(key) : aggregate).add(refusal));
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record the refusal of {} from {} in the message log", refusal.ruleId(), refusal.clientIp(), e);
        }
    }

    private boolean withinBudget(String clientIp, Instant minute) {
        if (perIpPerMinute == 0) {
            return true;
        }
        Budget after = budgets.merge(clientIp, new Budget(minute, 1),
            (current, one) -> current.minute().equals(minute) ? new Budget(minute, current.used() + 1) : one);
        return after.used() <= perIpPerMinute;
    }

    /** Hands a record to the writer; false when the writer is too far behind (the caller aggregates instead). */
    private boolean write(MessageRecord record) {
        if (pending.incrementAndGet() > MAX_PENDING_WRITES) {
            pending.decrementAndGet();
            return false;
        }
        try {
            writer.execute(() -> {
                try {
                    messageLog.mergeRefusal(record);
                } catch (RuntimeException e) {
                    LOGGER.warn("Could not write the refusal record {} ({}, {}) to the message log", record.id(),
                        String.join(",", record.ruleIds()), record.clientIp().orElse("?"), e);
                } finally {
                    pending.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            return false;
        }
    }

    /** Writes the aggregates of every minute that has ended, and forgets the budgets of those minutes. */
    public void flushEndedMinutes() {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        flush(key -> key.minute().isBefore(current));
        budgets.values().removeIf(budget -> budget.minute().isBefore(current));
    }

    private void flush(java.util.function.Predicate<AggregateKey> due) {
        try {
            for (AggregateKey key : List.copyOf(aggregates.keySet())) {
                if (due.test(key)) {
                    Aggregate aggregate = aggregates.remove(key);
                    if (aggregate != null) {
                        MessageRecord record = aggregate.toRecord();
                        try {
                            messageLog.mergeRefusal(record);
                        } catch (RuntimeException e) {
                            LOGGER.warn("Could not write the aggregated record of {} refusals ({}) from {} to the message log",
                                aggregate.count, key.ruleId(), key.clientIp(), e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Could not write the aggregated refusals to the message log", e);
        }
    }

    /** Writes what is pending and every aggregate, the current minute's included. */
    @Override
    public void close() {
        if (scheduler.isPresent()) {
            ScheduledExecutorService thread = scheduler.get();
            thread.execute(() -> flush(key -> true));
            thread.shutdown();
            try {
                if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOGGER.warn("The refusal log did not finish writing within 30 s; {} records were not written", pending.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            flush(key -> true);
        }
    }

    /** The refusals of one client IP, rule, stage and minute beyond the client's budget. */
    private final class Aggregate {
        private final AggregateKey key;
        private int count;
        private Instant last;
        private Direction direction;
        private Optional<String> helo = Optional.empty();
        private Optional<String> tls = Optional.empty();
        private String reply = "";
        private final Set<String> senders = new LinkedHashSet<>();
        private final Set<TenantId> tenants = new LinkedHashSet<>();
        private final Set<String> ruleIds = new LinkedHashSet<>();
        private final Map<String, MessageRecord.RecipientState> recipients = new LinkedHashMap<>();

        Aggregate(AggregateKey key) {
            this.key = key;
        }

        Aggregate add(SmtpRefusal refusal) {
            count++;
            last = refusal.at();
            if (direction == null) {
                direction = refusal.direction();
            }
            helo = helo.or(refusal::helo);
            tls = tls.or(refusal::tls);
            reply = refusal.reply();
            if (senders.size() <= SAMPLE) {
                senders.add(refusal.sender());
            }
            refusal.tenants().stream().limit(Math.max(0, MAX_AGGREGATED_TENANTS - tenants.size())).forEach(tenants::add);
            refusal.ruleIds().stream().limit(Math.max(0, MAX_AGGREGATED_RULES - ruleIds.size())).forEach(ruleIds::add);
            refusal.recipients().forEach((recipient, state) -> {
                if (state.disposition() == Disposition.REJECTED && recipients.size() < SAMPLE) {
                    recipients.putIfAbsent(recipient, state);
                }
            });
            return this;
        }

        MessageRecord toRecord() {
            List<String> reasons = new ArrayList<>();
            reasons.add("AGGREGATED: refusals " + key.stage().describe() + " for " + key.ruleId() + " from " + key.clientIp()
                + " in the minute from " + key.minute() + ", beyond the " + perIpPerMinute + " refusals a client IP has written"
                + " one by one each minute (messageLog.refusals.perIpPerMinute); their number is in refusals, at most " + SAMPLE
                + " of their recipients are listed");
            String sender = senders.size() == 1 ? senders.iterator().next() : "";
            if (senders.size() > 1) {
                reasons.add("AGGREGATED: several envelope senders, e.g. " + String.join(", ", senders.stream().limit(SAMPLE).toList()));
            }
            return new MessageRecord(key.recordId(), key.minute(), last, direction, tenants.stream().findFirst(), sender,
                Optional.of(key.clientIp()), helo, 0, Optional.empty(), Disposition.REJECTED, ImmutableList.copyOf(reasons),
                ImmutableMap.copyOf(recipients), tls, key.stage(), ImmutableList.copyOf(ruleIds),
                Optional.of(new MessageRecord.Refusal(reply, ImmutableList.copyOf(tenants), count, true)));
        }
    }
}
