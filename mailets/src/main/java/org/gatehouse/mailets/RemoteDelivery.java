package org.gatehouse.mailets;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.Session;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.ObjectPool;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRunnable;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrer;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrerToHost;
import org.apache.james.transport.mailets.remote.delivery.RemoteDeliveryConfiguration;
import org.apache.mailet.MailetContext;

/**
 * James's {@code RemoteDelivery}, with the same parameters and behaviour, made cheaper per delivered message in two
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
 * </ul>
 * In {@code mailetcontainer.xml}: {@code class="org.gatehouse.mailets.RemoteDelivery"} with James's parameters.
 */
public class RemoteDelivery extends org.apache.james.transport.mailets.RemoteDelivery {
    private final Provider<MailProcessor> processors;
    private Optional<MailetContext> context = Optional.empty();

    @Inject
    public RemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metricFactory,
                          Provider<MailProcessor> processors) {
        this(dnsServer, domainList, queueFactory, metricFactory, processors, ThreadState.START_THREADS);
    }

    public RemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metricFactory,
                          Provider<MailProcessor> processors, ThreadState threads) {
        super(dnsServer, domainList, queueFactory, metricFactory, threads);
        this.processors = processors;
    }

    @Override
    public void init() throws MessagingException {
        MailetContext james = super.getMailetContext();
        context = Optional.of(Optional.ofNullable(getInitParameter(RemoteDeliveryConfiguration.ON_SUCCESS))
            .filter(state -> !state.isBlank())
            .<MailetContext>map(state -> new InPlaceProcessing(james, state.trim(), processors))
            .orElse(james));
        super.init();
        SessionPools.loadProvidersOnce(this);
    }

    /** The mailet context the delivery threads hand mail over with: James's, with {@code onSuccess} run in place. */
    @Override
    public MailetContext getMailetContext() {
        return context.orElseGet(super::getMailetContext);
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

        private static Object read(Class<?> type, String name, Object target) throws ReflectiveOperationException {
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
