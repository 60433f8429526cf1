package org.gatehouse.mailets;

import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.gatehouse.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mailet does when the policy database is unavailable: the mail goes back to the queue and comes back to
 * the same processor later, so an outage delays mail and never lets it through unchecked or loses its record.
 * After {@code maxDeferrals} attempts the failure goes to the {@code error} processor, which keeps the mail.
 * Mailet parameters: {@code deferDelay} (seconds, default 60), {@code maxDeferrals} (default 1440, one day).
 */
final class StoreOutageDeferral {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreOutageDeferral.class);
    private static final String DEFERRALS = "org.gatehouse.storeOutageDeferrals";

    static StoreOutageDeferral from(MailetConfig config) throws MessagingException {
        return new StoreOutageDeferral(positive(config, "deferDelay", 60), (int) positive(config, "maxDeferrals", 1440));
    }

    /** A positive integer mailet parameter, or its default when absent; a clear error naming it otherwise. */
    static long positive(MailetConfig config, String name, long defaultValue) throws MessagingException {
        String value = config.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MessagingException(config.getMailetName() + ": '" + name + "' must be a positive integer, got '" + value + "'");
    }

    private final long delaySeconds;
    private final int maxDeferrals;

    private StoreOutageDeferral(long delaySeconds, int maxDeferrals) {
        this.delaySeconds = delaySeconds;
        this.maxDeferrals = maxDeferrals;
    }

    /** Re-enqueues the mail to its current processor after the delay and ends this pass (ghost). */
    void defer(Mail mail, MailetContext context, StoreException cause) throws MessagingException {
        defer(mail, context, "Policy database unavailable", cause);
    }

    /** The same for another passing problem the mail must wait out (a tenant's DKIM key that cannot be read, say). */
    void defer(Mail mail, MailetContext context, String problem, RuntimeException cause) throws MessagingException {
        int deferrals = MailAttributes.get(mail, DEFERRALS).map(Integer::parseInt).orElse(0) + 1;
        if (deferrals > maxDeferrals) {
            throw new MessagingException(problem + " for " + maxDeferrals + " attempts", cause);
        }
        String state = mail.getState();
        LOGGER.warn("{}: {} goes back to '{}' in {}s (attempt {}): {}",
            problem, mail.getName(), state, delaySeconds, deferrals, cause.getMessage());
        MailAttributes.set(mail, DEFERRALS, String.valueOf(deferrals));
        context.sendMail(mail, state, delaySeconds, TimeUnit.SECONDS);
        mail.setState(Mail.GHOST);
    }
}
