package org.gatehouse.app;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A James health check whose probe blocks (a query, a socket, a file): run off the caller's thread, on Reactor's
 * bounded elastic scheduler, as James's own blocking checks are.
 */
abstract class ProbingHealthCheck implements HealthCheck {
    private final ComponentName component;

    ProbingHealthCheck(ComponentName component) {
        this.component = component;
    }

    @Override
    public ComponentName componentName() {
        return component;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::probe).subscribeOn(Schedulers.boundedElastic());
    }

    /** The component's state now; never throws. */
    abstract Result probe();
}
