package org.gatehouse.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.ObjectPool;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRunnable;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrer;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrerToHost;
import org.apache.james.transport.mailets.remote.delivery.RemoteDeliveryConfiguration;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's {@code RemoteDelivery}, with the same parameters and behaviour, made cheaper per delivered message in four
 * ways (docs/operations.md, "Delivery"):
 * <ul>
 * <li><b>{@code onSuccess} in place.</b> James hands a delivered mail to its {@code onSuccess} processor through the
 * spool: the whole message is queued again, dequeued and read back by a spooler thread, only for the message log to
 * record the delivery. Here the delivery thread runs that processor itself, right after the downstream server's
 * {@code 250} and before the outgoing queue forgets the mail (so a crash in between delivers again and records then,
 * as James would). If the processor cannot run in place (at start-up, before the processors are ready, or when it
 * throws), the mail goes through the spool as James does.</li>
 * <li><b>JavaMail's providers looked up once per session.</b> JavaMail 1.6.2 finds the SMTP transport for every
 * delivery by scanning every jar of the class path for {@code META-INF/services/javax.mail.Provider} (it caches
 * nothing when that scan finds the provider). James pools its sessions; here each pooled session loads its providers
 * once when it is made, and later deliveries find the transport in the session's own table.</li>
 * <li><b>The first attempt in place.</b> James puts every mail into its outgoing queue (a second copy of the message,
 * written, dequeued and read back by a delivery thread) even when the destination answers at once. Here the spool
 * thread that ran the checks makes the first attempt itself, with James's own delivery code ({@code DeliveryRunnable}),
 * while the mail is still unacknowledged in the spool: a crash during it delivers again after the restart, as James
 * would from its queue. A temporary failure puts the mail into the outgoing queue with James's first retry delay, as
 * James's delivery thread does. The outgoing queue is used instead when the recipients are in more than one domain, a
 * gateway is configured, {@code inPlaceAttempts} attempts (default: {@code deliveryThreads}, else 4) are already under
 * way, or the destination failed temporarily in the last {@code inPlaceBackoff} seconds (default 60): a slow or dead
 * server then holds delivery threads, never the spool's. {@code firstAttemptInPlace=false} turns this off.</li>
 * <li><b>The message-log record written once.</b> The part's record, kept with it since routing ({@link PendingRecords}),
 * is inserted with its outcome by the {@code onSuccess} or bounce processor's {@link RecordDisposition}: one write
 * instead of an insert before delivery and an update after it. Before a part waits in the outgoing queue (every path
 * but a successful or permanently failed first attempt) its record is written as {@code queued}, so that the trace
 * shows it. Mail never leaves ahead of a record that cannot be written: the first attempt in place is made only when
 * the policy database answers ({@link MessageLog#writable}); otherwise the record is written first, and while that
 * fails the part goes back to the spool ({@link StoreOutageDeferral}: {@code deferDelay}, {@code maxDeferrals}).</li>
 * </ul>
 * In {@code mailetcontainer.xml}: {@code class="org.gatehouse.mailets.RemoteDelivery"} with James's parameters.
 */
public class RemoteDelivery extends org.apache.james.transport.mailets.RemoteDelivery {
    private static final Logger LOGGER = LoggerFactory.getLogger(RemoteDelivery.class);
    private static final String NULL_SENDER_FAILURE = "permanent delivery failure; no bounce is sent for a null sender";

    private final Provider<MailProcessor> processors;
    private final MessageLog messageLog;
    private final Clock clock;
    private Optional<MailetContext> context = Optional.empty();
    private Optional<FirstAttempt> firstAttempt = Optional.empty();
    private StoreOutageDeferral storeOutage;

    @Inject
    public RemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metricFactory,
                          Provider<MailProcessor> processors, MessageLog messageLog) {
        this(dnsServer, domainList, queueFactory, metricFactory, processors, messageLog, ThreadState.START_THREADS, Clock.systemUTC());
    }

    public RemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metricFactory,
                          Provider<MailProcessor> processors, MessageLog messageLog, ThreadState threads, Clock clock) {
        super(dnsServer, domainList, queueFactory, metricFactory, threads);
        this.processors = processors;
        this.messageLog = messageLog;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetContext james = super.getMailetContext();
        context = Optional.of(Optional.ofNullable(getInitParameter(RemoteDeliveryConfiguration.ON_SUCCESS))
            .filter(state -> !state.isBlank())
            .<MailetContext>map(state -> new InPlaceProcessing(james, state.trim(), processors))
            .orElse(james));
        storeOutage = StoreOutageDeferral.from(getMailetConfig());
        boolean inPlace = Boolean.parseBoolean(Optional.ofNullable(getInitParameter("firstAttemptInPlace")).orElse("true").trim());
        int attempts = positive("inPlaceAttempts", positive("deliveryThreads", 4));
        int backoff = positive("inPlaceBackoff", 60);
        super.init();
        SessionPools.loadProvidersOnce(this);
        if (inPlace) {
            firstAttempt = Optional.of(FirstAttempt.of(this, attempts, Duration.ofSeconds(backoff), clock));
        }
    }

    private int positive(String name, int defaultValue) throws MessagingException {
        return (int) Math.min(Integer.MAX_VALUE, StoreOutageDeferral.positive(getMailetConfig(), name, defaultValue));
    }

    /** The mailet context the delivery threads hand mail over with: James's, with {@code onSuccess} run in place. */
    @Override
    public MailetContext getMailetContext() {
        return context.orElseGet(super::getMailetContext);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Domain> destination = firstAttempt.flatMap(attempt -> attempt.destination(mail));
        if (destination.isPresent() && firstAttempt.get().begin()) {
            try {
                if (messageLog.writable()) {
                    attemptInPlace(mail, firstAttempt.get(), destination.get());
                    return;
                }
            } finally {
                firstAttempt.get().end();
            }
        }
        // the part waits in the outgoing queue: its record is on file first
        try {
            PendingReasons.write(mail, messageLog, List.of());
        } catch (StoreException e) {
            storeOutage.defer(mail, super.getMailetContext(), e);
            return;
        }
        super.service(mail);
    }

    private void attemptInPlace(Mail mail, FirstAttempt attempt, Domain destination) throws MessagingException {
        mail.removeAttribute(Bouncer.IS_DELIVERY_PERMANENT_ERROR);
        // named as James names the copy it queues for one server
        mail.setName(mail.getName() + NAME_JUNCTION + destination.name());
        // James's MailImpl disposes of the message it replaces, as when any mailet sets a new one
        Optional<MimeMessageSource> asQueued = asQueued(mail, mail.getMessage());
        if (asQueued.isPresent()) {
            if (mail instanceof MailImpl impl) {
                impl.setMessageContent(asQueued.get());
            } else {
                mail.setMessage(new MimeMessageWrapper(asQueued.get()));
            }
        }
        attempt.deliver(mail);
        Optional<Boolean> permanent = AttributeUtils.getValueAndCastFromMail(mail, Bouncer.IS_DELIVERY_PERMANENT_ERROR,
            Boolean.class);
        if (permanent.equals(Optional.of(false))) {
            // James queued it for its first retry: the record shows it queued meanwhile
            attempt.failedTemporarily(destination);
            recordQueued(mail);
        } else if (permanent.equals(Optional.of(true)) && !mail.hasSender()) {
            // James sends no bounce and runs no bounce processor for a null sender: the record says so
            recordNullSenderFailure(mail);
        }
        mail.setState(Mail.GHOST);
    }

    /**
     * The message as James's outgoing queue would hand it to a delivery thread: read back from the bytes the queue
     * stores (the header fields as they are now, the body as received, never re-serialized by JavaMail), when a mailet
     * changed it. JavaMail writes a changed message through {@code saveChanges()}, which re-parses the MIME tree and
     * fails half-way through DATA on a multipart without its start boundary or a Content-Type it cannot parse: the
     * downstream server would be left waiting for the rest of the message.
     */
    private static Optional<MimeMessageSource> asQueued(Mail mail, MimeMessage message) throws MessagingException {
        if (!(message instanceof MimeMessageWrapper wrapper) || !wrapper.isModified()) {
            return Optional.empty();
        }
        try (InputStream bytes = wrapper.getMessageInputStream()) {
            return Optional.of(MimeMessageInputStreamSource.create(mail.getName() + "-delivery", bytes));
        } catch (IOException e) {
            throw new MessagingException("RemoteDelivery: cannot read the message of " + mail.getName(), e);
        }
    }

    private void recordQueued(Mail mail) {
        try {
            PendingReasons.write(mail, messageLog, List.of());
        } catch (StoreException e) {
            // the queued copy keeps its record and reasons: written at its next outcome
            LOGGER.warn("The record of {} could not be written as it waits for a retry: {}", mail.getName(), e.getMessage());
        }
    }

    private void recordNullSenderFailure(Mail mail) {
        Optional<String> logId = MailAttributes.get(mail, PipelineAttributes.LOG_ID);
        if (logId.isEmpty()) {
            return;
        }
        try {
            RecordDisposition.write(mail, messageLog, logId.get(), mail.getRecipients().stream().map(MailAddress::asString).toList(),
                Disposition.BOUNCED, Optional.of(NULL_SENDER_FAILURE), clock.instant());
        } catch (StoreException e) {
            LOGGER.warn("The permanent failure of {} (null sender) could not be recorded: {}", mail.getName(), e.getMessage());
        }
    }

    /**
     * The first attempts made in place: how many at once, and the destinations that failed temporarily a moment ago.
     * James's {@code DeliveryRunnable.attemptDelivery} is package-private; it is reached by name at start-up.
     */
    static final class FirstAttempt {
        private static final int MAX_BACKOFFS = 10_000;

        private final Object deliveryRunnable;
        private final Method attemptDelivery;
        private final boolean gateway;
        private final Semaphore attempts;
        private final Duration backoff;
        private final Clock clock;
        private final Map<Domain, Instant> failedUntil = new ConcurrentHashMap<>();

        private FirstAttempt(Object deliveryRunnable, Method attemptDelivery, boolean gateway, int attempts, Duration backoff,
                             Clock clock) {
            this.deliveryRunnable = deliveryRunnable;
            this.attemptDelivery = attemptDelivery;
            this.gateway = gateway;
            this.attempts = new Semaphore(attempts);
            this.backoff = backoff;
            this.clock = clock;
        }

        static FirstAttempt of(org.apache.james.transport.mailets.RemoteDelivery mailet, int attempts, Duration backoff, Clock clock)
            throws MessagingException {
            try {
                Object runnable = SessionPools.read(org.apache.james.transport.mailets.RemoteDelivery.class, "deliveryRunnable", mailet);
                RemoteDeliveryConfiguration configuration = (RemoteDeliveryConfiguration) SessionPools.read(
                    org.apache.james.transport.mailets.RemoteDelivery.class, "configuration", mailet);
                Method attempt = DeliveryRunnable.class.getDeclaredMethod("attemptDelivery", Mail.class);
                attempt.setAccessible(true);
                return new FirstAttempt(runnable, attempt, !configuration.getGatewayServer().isEmpty(), attempts, backoff, clock);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new MessagingException("RemoteDelivery: cannot reach James's delivery attempt (" + e + ")");
            }
        }

        /** The one domain of the mail's recipients, when its first attempt can be made here. */
        Optional<Domain> destination(Mail mail) {
            if (gateway || mail.getRecipients().isEmpty()) {
                return Optional.empty();
            }
            Domain domain = mail.getRecipients().iterator().next().getDomain();
            if (mail.getRecipients().stream().anyMatch(recipient -> !recipient.getDomain().equals(domain))) {
                return Optional.empty();
            }
            Instant until = failedUntil.get(domain);
            if (until != null) {
                if (clock.instant().isBefore(until)) {
                    return Optional.empty();
                }
                failedUntil.remove(domain, until);
            }
            return Optional.of(domain);
        }

        boolean begin() {
            return attempts.tryAcquire();
        }

        void end() {
            attempts.release();
        }

        void failedTemporarily(Domain domain) {
            if (failedUntil.size() >= MAX_BACKOFFS) {
                failedUntil.clear();
            }
            failedUntil.put(domain, clock.instant().plus(backoff));
        }

        /** James's attempt: deliver; on success the onSuccess processor, on failure a retry queued or a bounce. */
        void deliver(Mail mail) throws MessagingException {
            try {
                attemptDelivery.invoke(deliveryRunnable, mail);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof MessagingException messaging) {
                    throw messaging;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new MessagingException("RemoteDelivery: delivery attempt failed", (Exception) e.getCause());
            } catch (IllegalAccessException e) {
                throw new MessagingException("RemoteDelivery: cannot call James's delivery attempt", e);
            }
        }
    }

    /**
     * Replaces the session pools James's {@code MailDelivrerToHost} made with pools of the same configuration whose
     * sessions load their providers when made. James keeps them in private fields, so this reaches them by name; a
     * James whose fields differ fails here at start-up, not at the first delivery.
     */
    static final class SessionPools {
        private SessionPools() {
        }

        static void loadProvidersOnce(org.apache.james.transport.mailets.RemoteDelivery mailet) throws MessagingException {
            try {
                Object runnable = read(org.apache.james.transport.mailets.RemoteDelivery.class, "deliveryRunnable", mailet);
                Object delivrer = read(DeliveryRunnable.class, "mailDelivrer", runnable);
                Object toHost = read(MailDelivrer.class, "mailDelivrerToHost", delivrer);
                RemoteDeliveryConfiguration configuration = (RemoteDeliveryConfiguration) read(MailDelivrerToHost.class, "configuration", toHost);
                ObjectPool<Session> smtp = pool(configuration.createFinalJavaxProperties());
                ObjectPool<Session> smtps = configuration.isSSLEnable() ? pool(configuration.createFinalJavaxPropertiesWithSSL()) : smtp;
                replace(MailDelivrerToHost.class, "smtpSessionPool", toHost, smtp);
                replace(MailDelivrerToHost.class, "smtpsSessionPool", toHost, smtps);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new MessagingException("RemoteDelivery: cannot reach James's delivery session pools (" + e + ")");
            }
        }

        /** James's pool (unbounded, each session with its own properties over the defaults, cleared when returned). */
        static ObjectPool<Session> pool(Properties defaults) {
            GenericObjectPoolConfig<Session> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(-1);
            return new GenericObjectPool<>(new BasePooledObjectFactory<>() {
                @Override
                public Session create() {
                    Session session = Session.getInstance(new Properties(defaults));
                    // loads javamail.default.providers and the ServiceLoader's into the session's tables, once
                    session.getProviders();
                    return session;
                }

                @Override
                public PooledObject<Session> wrap(Session session) {
                    return new DefaultPooledObject<>(session);
                }

                @Override
                public void passivateObject(PooledObject<Session> pooled) {
                    pooled.getObject().getProperties().clear();
                }
            }, config);
        }

        static Object read(Class<?> type, String name, Object target) throws ReflectiveOperationException {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            Object value = field.get(target);
            if (value == null) {
                throw new NoSuchFieldException(type.getSimpleName() + "." + name + " is not set");
            }
            return value;
        }

        private static void replace(Class<?> type, String name, Object target, Object value) throws ReflectiveOperationException {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
        }
    }
}
