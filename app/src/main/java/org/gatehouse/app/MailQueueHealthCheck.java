package org.gatehouse.app;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * James health check {@code MailQueue}: the spool, where every accepted message waits, answers its size. Unhealthy
 * when it does not (mail cannot be accepted safely), or when it was never created.
 */
public class MailQueueHealthCheck extends ProbingHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("MailQueue");

    private final MailQueueFactory<? extends ManageableMailQueue> queues;

    @Inject
    public MailQueueHealthCheck(MailQueueFactory<? extends ManageableMailQueue> queues) {
        super(COMPONENT);
        this.queues = queues;
    }

    @Override
    Result probe() {
        try {
            return queues.getQueue(MailQueueFactory.SPOOL)
                .map(spool -> {
                    try {
                        spool.getSize();
                        return Result.healthy(COMPONENT);
                    } catch (Exception e) {
                        return Result.unhealthy(COMPONENT, "the spool queue cannot be read: " + e.getMessage());
                    }
                })
                .orElseGet(() -> Result.unhealthy(COMPONENT, "the spool queue does not exist"));
        } catch (RuntimeException e) {
            return Result.unhealthy(COMPONENT, "the mail queues cannot be reached: " + e.getMessage());
        }
    }
}
