package org.gatehouse.smtp;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.gatehouse.metrics.GatehouseMetrics;

/**
 * Times every check of the SMTP dialogue: each hook's run (HELO, MAIL, RCPT and end-of-DATA hooks, Gatehouse's and
 * James's), as James measures it, in {@code gatehouse_check_seconds{check}} by the hook's class name
 * (docs/monitoring.md). The result is passed on unchanged.
 */
public class CheckTimer implements HookResultHook {
    private final GatehouseMetrics metrics;

    @Inject
    public CheckTimer(GatehouseMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        metrics.check(hook.getClass().getSimpleName(), Duration.ofMillis(Math.max(0, executionTime)));
        return result;
    }
}
