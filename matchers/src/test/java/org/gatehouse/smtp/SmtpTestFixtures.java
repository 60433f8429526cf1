package org.gatehouse.smtp;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;

/** James's fake SMTP session with attachments and a client address, and a fixed tenant directory. */
final class SmtpTestFixtures {
    static final class Session extends BaseFakeSMTPSession {
        private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
        private final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();
        private final boolean relaying;
        private final String clientIp;

        Session(boolean relaying) {
            this(relaying, "192.0.2.10");
        }

        Session(boolean relaying, String clientIp) {
            this.relaying = relaying;
            this.clientIp = clientIp;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress(clientIp, 40000);
        }

        @Override
        public int getRcptCount() {
            return getAttachment(RCPT_LIST, State.Transaction).map(java.util.List::size).orElse(0);
        }

        @Override
        public boolean isTLSStarted() {
            return false;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return Optional.empty();
        }

        @Override
        public boolean isRelayingAllowed() {
            return relaying;
        }

        @Override
        public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, State state) {
            return key.convert((state == State.Connection ? connection : transaction).put(key, value));
        }

        @Override
        public <T> Optional<T> removeAttachment(AttachmentKey<T> key, State state) {
            return key.convert((state == State.Connection ? connection : transaction).remove(key));
        }

        @Override
        public <T> Optional<T> getAttachment(AttachmentKey<T> key, State state) {
            return key.convert((state == State.Connection ? connection : transaction).get(key));
        }

        @Override
        public void resetState() {
            transaction.clear();
        }
    }

    /** Tenant acme owns acme.example. */
    static TenantDirectory directory() {
        Tenant acme = Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("mail.acme.example", 25, false), List.of(Cidr.parse("relayClients", "198.51.100.0/24")));
        return new TenantDirectory(new TenantStore() {
            @Override
            public Outcome save(Tenant tenant) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Tenant> get(TenantId id) {
                return Optional.of(acme).filter(tenant -> tenant.id().equals(id));
            }

            @Override
            public List<Tenant> list() {
                return List.of(acme);
            }

            @Override
            public boolean delete(TenantId id) {
                throw new UnsupportedOperationException();
            }
        });
    }

    /** The gateway's own domain, plus every tenant domain, as TenantAwareDomainList answers. */
    static DomainList domains(TenantDirectory directory) {
        return new DomainList() {
            @Override
            public List<Domain> getDomains() {
                return List.of(Domain.of("gatehouse.localdomain"));
            }

            @Override
            public boolean containsDomain(Domain domain) {
                return domain.equals(Domain.of("gatehouse.localdomain")) || directory.ownerOf(domain.asString()).isPresent();
            }

            @Override
            public void addDomain(Domain domain) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void removeDomain(Domain domain) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Domain getDefaultDomain() {
                return Domain.of("gatehouse.localdomain");
            }
        };
    }

    private SmtpTestFixtures() {
    }
}
