package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.gatehouse.metrics.GatehouseMetrics;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CheckTimerTest {
    private static final class ExampleHook implements Hook {
    }

    @Test
    void onHookResultShouldTimeTheHookByItsClassNameAndPassItsResultOn() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CheckTimer timer = new CheckTimer(new GatehouseMetrics(meters));
        ExampleHook hook = new ExampleHook();

        HookResult passed = timer.onHookResult(new SmtpTestFixtures.Session(), HookResult.DENY, 42, hook);
        timer.onHookResult(new SmtpTestFixtures.Session(), HookResult.DECLINED, 8, hook);

        assertThat(passed).isSameAs(HookResult.DENY);
        assertThat(meters.get(GatehouseMetrics.CHECKS).tag("check", "ExampleHook").timer().count()).isEqualTo(2);
        assertThat(meters.get(GatehouseMetrics.CHECKS).tag("check", "ExampleHook").timer().totalTime(TimeUnit.MILLISECONDS))
            .isEqualTo(50.0);
    }
}
