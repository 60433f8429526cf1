package org.gatehouse.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.SmtpRefusal;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Gatehouse's own meters (docs/monitoring.md), on the registry {@code GET /metrics} exposes. One counter,
 * {@code gatehouse_messages_total}, counts what became of the mail, by {@code direction} (inbound, outbound, system),
 * {@code stage} (where it was decided: connect … data for the SMTP dialogue, queue after acceptance) and
 * {@code outcome}: after acceptance, each tenant part's disposition as the message log records it (delivered,
 * quarantined, bounced, rejected); in the SMTP dialogue, each refusal, {@code rejected} (5xx) or {@code tempfailed}
 * (4xx). A {@code tenant} label only when {@code perTenant} ({@code metrics.perTenant=true}): a provider's tenants
 * would otherwise make the series unbounded.
 */
public final class GatehouseMetrics {
    public static final String MESSAGES = "gatehouse.messages";
    public static final String ENGINE_CALLS = "gatehouse.engine.calls";
    public static final String ENGINE_UP = "gatehouse.engine.up";
    public static final String CHECKS = "gatehouse.check";
    /** Histogram buckets for a check's or an engine call's time: 1 ms to 30 s. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** The {@code tenant} label of a part or refusal no tenant owns (relaying denied, an unknown domain). */
    public static final String NO_TENANT = "none";

    private final MeterRegistry registry;
    private final boolean perTenant;
    private final Map<String, AtomicInteger> enginesUp = new ConcurrentHashMap<>();
    /** The check timers by check name: a hook's run looks its timer up without building its id each time. */
    private final Map<String, Timer> checks = new ConcurrentHashMap<>();

    public GatehouseMetrics(MeterRegistry registry) {
        this(registry, false);
    }

    /** {@code perTenant}: {@code gatehouse_messages_total} carries a {@code tenant} label. */
    public GatehouseMetrics(MeterRegistry registry, boolean perTenant) {
        this.registry = registry;
        this.perTenant = perTenant;
    }

    /** Meters that go nowhere: for a component used without a registry (tests, tools). */
    public static GatehouseMetrics none() {
        return new GatehouseMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A tenant part's disposition after acceptance. */
    public void disposition(Direction direction, Disposition disposition) {
        disposition(direction, disposition, Optional.empty());
    }

    /** A tenant part's disposition after acceptance, for {@code tenant} (a label only when per tenant). */
    public void disposition(Direction direction, Disposition disposition, Optional<TenantId> tenant) {
        messages(direction, Stage.QUEUE, disposition.asString(), tenant).increment();
    }

    /** A refusal in the SMTP dialogue: {@code tempfailed} when its reply is 4xx, else {@code rejected}. */
    public void refusal(SmtpRefusal refusal) {
        String outcome = refusal.reply().startsWith("4") ? "tempfailed" : "rejected";
        messages(refusal.direction(), refusal.stage(), outcome, refusal.tenants().stream().findFirst()).increment();
    }

    /**
     * One round trip to an external engine (spamd, rspamd): its time in {@code gatehouse_engine_calls_seconds} (a
     * histogram, by {@code engine} and {@code result}: answered or failed) and whether it answered in
     * {@code gatehouse_engine_up} (1 or 0, as of its last call).
     */
    public void engineCall(String engine, Duration took, boolean answered) {
        Timer.builder(ENGINE_CALLS)
            .description("Round trips to the external engines")
            .tag("engine", engine)
            .tag("result", answered ? "answered" : "failed")
            .serviceLevelObjectives(BUCKETS)
            .register(registry)
            .record(took);
        enginesUp.computeIfAbsent(engine, name -> {
            AtomicInteger up = new AtomicInteger();
            Gauge.builder(ENGINE_UP, up, AtomicInteger::get)
                .description("1 when the engine's last call answered, 0 when it failed")
                .tag("engine", name)
                .register(registry);
            return up;
        }).set(answered ? 1 : 0);
    }

    /**
     * One run of a check of the SMTP dialogue (a hook, by its class name) in {@code gatehouse_check_seconds}, a
     * histogram.
     */
    public void check(String check, Duration took) {
        checks.computeIfAbsent(check, name -> Timer.builder(CHECKS)
            .description("The checks of the SMTP dialogue, each hook's run")
            .tag("check", name)
            .serviceLevelObjectives(BUCKETS)
            .register(registry))
            .record(took);
    }

    /** Whether the engine's last call answered; empty before its first call. */
    public Optional<Boolean> engineUp(String engine) {
        return Optional.ofNullable(enginesUp.get(engine)).map(up -> up.get() == 1);
    }

    private Counter messages(Direction direction, Stage stage, String outcome, Optional<TenantId> tenant) {
        Counter.Builder counter = Counter.builder(MESSAGES)
            .description("What became of the mail: each tenant part's disposition after acceptance, each refusal in the SMTP dialogue")
            .tag("direction", direction.asString())
            .tag("stage", stage.asString())
            .tag("outcome", outcome);
        if (perTenant) {
            counter.tag("tenant", tenant.map(TenantId::asString).orElse(NO_TENANT));
        }
        return counter.register(registry);
    }
}
