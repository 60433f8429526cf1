package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Session;
import javax.mail.Transport;

import org.apache.commons.pool2.ObjectPool;
import org.junit.jupiter.api.Test;

class RemoteDeliverySessionPoolsTest {
    /** Counts the class-path scans for JavaMail's provider services that run while it is the context class loader. */
    private static final class CountingLoader extends ClassLoader {
        private final AtomicInteger scans = new AtomicInteger();

        CountingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("META-INF/services/javax.mail.Provider")) {
                scans.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    private static int scansFor(Session session, int deliveries) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        CountingLoader loader = new CountingLoader(previous);
        thread.setContextClassLoader(loader);
        try {
            for (int i = 0; i < deliveries; i++) {
                Transport transport = session.getTransport("smtp");
                assertThat(transport.getClass().getName()).isEqualTo("com.sun.mail.smtp.SMTPTransport");
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return loader.scans.get();
    }

    @Test
    void pooledSessionShouldFindTheSmtpTransportWithoutScanningTheClassPathWhenItDelivers() throws Exception {
        ObjectPool<Session> pool = RemoteDelivery.SessionPools.pool(new Properties());
        Session session = pool.borrowObject();

        assertThat(scansFor(session, 3)).isZero();
    }

    @Test
    void plainSessionShouldScanTheClassPathForEveryDeliveryWhenNothingLoadedItsProviders() throws Exception {
        // what James's own pool does with JavaMail 1.6.2: the reason for the pool above
        assertThat(scansFor(Session.getInstance(new Properties()), 3)).isEqualTo(3);
    }

    @Test
    void pooledSessionShouldKeepItsDefaultsWhenReturnedToThePool() throws Exception {
        Properties defaults = new Properties();
        defaults.setProperty("mail.smtp.connectiontimeout", "1234");
        ObjectPool<Session> pool = RemoteDelivery.SessionPools.pool(defaults);
        Session session = pool.borrowObject();
        session.getProperties().setProperty("mail.smtp.from", "bounce@sender.test");
        pool.returnObject(session);

        Session again = pool.borrowObject();

        assertThat(again.getProperty("mail.smtp.from")).isNull();
        assertThat(again.getProperty("mail.smtp.connectiontimeout")).isEqualTo("1234");
    }
}
