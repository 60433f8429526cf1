package org.gatehouse.mailets;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.MessageLog;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing queues of Gatehouse's {@link RemoteDelivery}: James's, except that a mail queued again for a later attempt
 * (a delivery that failed for now) first has the reasons the checks gave it written to its message-log record
 * ({@link PendingReasons}), so the record of a message waiting for its downstream server says why it was tagged. A mail
 * delivered at its first attempt writes them with its disposition instead, in the same write. When the message log
 * cannot be written, the reasons stay on the mail for its disposition and the mail is queued all the same.
 */
final class ReasonsOnRetry implements MailQueueFactory<MailQueue> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReasonsOnRetry.class);

    private final MailQueueFactory<?> james;
    private final MessageLog messageLog;

    ReasonsOnRetry(MailQueueFactory<?> james, MessageLog messageLog) {
        this.james = james;
        this.messageLog = messageLog;
    }

    @Override
    public Optional<MailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return james.getQueue(name, count).map(queue -> new Queue(queue, messageLog));
    }

    @Override
    public MailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return new Queue(james.createQueue(name, count), messageLog);
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return james.listCreatedMailQueues();
    }

    /** A queue whose delayed enqueue (James's retry) writes the mail's pending reasons first. */
    static final class Queue implements MailQueue {
        private final MailQueue james;
        private final MessageLog messageLog;

        Queue(MailQueue james, MessageLog messageLog) {
            this.james = james;
            this.messageLog = messageLog;
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            try {
                PendingReasons.write(mail, messageLog, List.of());
            } catch (RuntimeException e) {
                LOGGER.warn("The checks' reasons for {} could not be written before its next delivery attempt; they are kept"
                    + " for its disposition: {}", mail.getName(), e.toString());
            }
            james.enQueue(mail, delay);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            james.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return james.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return james.deQueue();
        }

        @Override
        public MailQueueName getName() {
            return james.getName();
        }

        @Override
        public void close() throws java.io.IOException {
            james.close();
        }
    }
}
