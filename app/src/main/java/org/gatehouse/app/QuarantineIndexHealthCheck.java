package org.gatehouse.app;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.gatehouse.quarantine.index.QuarantineIndex;

/**
 * James health check {@code QuarantineIndex}: the index the quarantine is searched with answers a count. Degraded when
 * it does not: mail is still held (the repositories are the record; the index can be rebuilt from them,
 * docs/quarantine.md), but it cannot be searched.
 */
public class QuarantineIndexHealthCheck extends ProbingHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("QuarantineIndex");

    private final QuarantineIndex index;

    @Inject
    public QuarantineIndexHealthCheck(QuarantineIndex index) {
        super(COMPONENT);
        this.index = index;
    }

    @Override
    Result probe() {
        try {
            index.count();
            return Result.healthy(COMPONENT);
        } catch (RuntimeException e) {
            return Result.degraded(COMPONENT, "the quarantine index cannot be read (" + e.getMessage()
                + "): held mail is kept but cannot be searched; rebuild the index (docs/quarantine.md)");
        }
    }
}
