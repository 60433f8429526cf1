package org.gatehouse.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.LocalResources;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Mail;

/**
 * James's mailet context, which takes mail only once it has its spool queue. James starts the processors (and so
 * RemoteDelivery's delivery threads, which dequeue at once) and configures the mailet context (which opens the spool
 * queue) as two start-up steps in an order it does not guarantee. A delivery that finished in between failed to hand the
 * mail to its {@code onSuccess} processor (a null queue), so RemoteDelivery rolled the delivery back and delivered the
 * message again: after a restart with mail waiting for a server that was back, recipients got it two or three times
 * ({@code CrashSafetyTest}). Here such a hand-off waits for the queue, at most {@link #WAIT}.
 */
public class GatehouseMailetContext extends JamesMailetContext {
    static final Duration WAIT = Duration.ofMinutes(2);

    private final CountDownLatch configured = new CountDownLatch(1);

    @Inject
    public GatehouseMailetContext(DNSService dns, DomainList domains, LocalResources localResources, MailQueueFactory<?> mailQueueFactory) {
        super(dns, domains, localResources, mailQueueFactory);
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> config) throws ConfigurationException {
        super.configure(config);
        configured.countDown();
    }

    @Override
    public void sendMail(Mail mail, String state) throws MessagingException {
        awaitConfigured();
        super.sendMail(mail, state);
    }

    @Override
    public void sendMail(Mail mail, String state, long delay, TimeUnit unit) throws MessagingException {
        awaitConfigured();
        super.sendMail(mail, state, delay, unit);
    }

    private void awaitConfigured() throws MessagingException {
        try {
            if (!configured.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MessagingException("The mailet context has no spool queue after " + WAIT + ": the server did not finish starting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("Interrupted while waiting for the spool queue", e);
        }
    }
}
