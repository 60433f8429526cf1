package org.gatehouse.app;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.scoring.external.ExternalEngineContributor;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * James health check {@code ExternalEngines}: whether each configured engine (spamd, rspamd) answered its last call.
 * Degraded, naming it, when one did not: its signal is missing from the score (the message is scored without it and
 * the {@code SPAMD_ERROR} / {@code RSPAMD_ERROR} rule says so, docs/external-engines.md), but mail flows. Healthy with
 * no engine configured, and for an engine not asked yet.
 */
public class ExternalEnginesHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("ExternalEngines");

    private final Set<ExternalEngineContributor> engines;
    private final GatehouseMetrics metrics;

    @Inject
    public ExternalEnginesHealthCheck(Set<ExternalEngineContributor> engines, GatehouseMetrics metrics) {
        this.engines = engines;
        this.metrics = metrics;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        List<ExternalEngineContributor> down = engines.stream()
            .filter(engine -> !metrics.engineUp(engine.engine().check()).orElse(true))
            .toList();
        if (down.isEmpty()) {
            return Mono.just(Result.healthy(COMPONENT));
        }
        return Mono.just(Result.degraded(COMPONENT, down.stream()
            .map(engine -> engine.engine().check() + " at " + engine.endpoint())
            .collect(Collectors.joining(", ")) + " did not answer its last call: mail is scored without it"));
    }
}
