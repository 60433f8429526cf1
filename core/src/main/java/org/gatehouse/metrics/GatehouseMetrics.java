package org.gatehouse.metrics;

import javax.inject.Inject;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.SmtpRefusal;
import org.gatehouse.messagelog.Stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Gatehouse's own meters (docs/monitoring.md), on the registry {@code GET /metrics} exposes. One counter,
 * {@code gatehouse_messages_total}, counts what became of the mail, by {@code direction} (inbound, outbound, system),
 * {@code stage} (where it was decided: connect … data for the SMTP dialogue, queue after acceptance) and
 * {@code outcome}: after acceptance, each tenant part's disposition as the message log records it (delivered,
 * quarantined, bounced, rejected); in the SMTP dialogue, each refusal, {@code rejected} (5xx) or {@code tempfailed}
 * (4xx). No tenant label: a provider's tenants would make the series unbounded.
 */
public final class GatehouseMetrics {
    public static final String MESSAGES = "gatehouse.messages";

    private final MeterRegistry registry;

    @Inject
    public GatehouseMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        messages(direction, Stage.QUEUE, disposition.asString()).increment();
    }

    /** A refusal in the SMTP dialogue: {@code tempfailed} when its reply is 4xx, else {@code rejected}. */
    public void refusal(SmtpRefusal refusal) {
        String outcome = refusal.reply().startsWith("4") ? "tempfailed" : "rejected";
        messages(refusal.direction(), refusal.stage(), outcome).increment();
    }

    private Counter messages(Direction direction, Stage stage, String outcome) {
        return Counter.builder(MESSAGES)
            .description("What became of the mail: each tenant part's disposition after acceptance, each refusal in the SMTP dialogue")
            .tag("direction", direction.asString())
            .tag("stage", stage.asString())
            .tag("outcome", outcome)
            .register(registry);
    }
}
