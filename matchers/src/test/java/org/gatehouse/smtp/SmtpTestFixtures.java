package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.gatehouse.content.ContentPolicySection;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.rate.RatePolicySection;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.transport.TlsPolicySection;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * James's fake SMTP session with attachments, a client address and TLS state; two tenants; the gateway's domain list;
 * tenant policies validated as the gateway stores them.
 */
public final class SmtpTestFixtures {
    /** A client that is no tenant's relay client. */
    public static final String CLIENT = "192.0.2.10";
    /** A relay client of acme. */
    public static final String ACME_RELAY_CLIENT = "198.51.100.7";
    public static final TenantId ACME = TenantId.of("acme");
    public static final TenantId GLOBEX = TenantId.of("globex");
    public static final String GATEWAY_DOMAIN = "gatehouse.localdomain";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PolicySchema SCHEMA = new PolicySchema(Set.of(new RatePolicySection(), new ContentPolicySection(),
        new TlsPolicySection(), new SenderPolicySection()));

    public static final class Session extends BaseFakeSMTPSession {
        private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
        private final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();
        private boolean relaying;
        private InetSocketAddress remote = new InetSocketAddress(CLIENT, 40000);
        private boolean tlsStarted;
        private Optional<SSLSession> ssl = Optional.empty();

        public Session(boolean relaying) {
            this.relaying = relaying;
        }

        public Session(boolean relaying, String clientIp) {
            this.relaying = relaying;
            this.remote = new InetSocketAddress(clientIp, 40000);
        }

        /** A plaintext session from {@link #CLIENT}, not relaying. */
        public Session() {
            this(false);
        }

        public Session from(String clientIp) {
            this.remote = new InetSocketAddress(clientIp, 40000);
            return this;
        }

        /** After STARTTLS; {@code ssl} is what the transport reports of it, empty when it reports nothing. */
        public Session withTls(Optional<SSLSession> ssl) {
            this.tlsStarted = true;
            this.ssl = ssl;
            return this;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return remote;
        }

        @Override
        public int getRcptCount() {
            return getAttachment(RCPT_LIST, State.Transaction).map(java.util.List::size).orElse(0);
        }

        @Override
        public boolean isRelayingAllowed() {
            return relaying;
        }

        @Override
        public void setRelayingAllowed(boolean relayingAllowed) {
            this.relaying = relayingAllowed;
        }

        @Override
        public boolean isTLSStarted() {
            return tlsStarted;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return ssl;
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

    /** The gateway's own domain plus every tenant domain, as TenantAwareDomainList answers; can be made to fail. */
    public static final class GatewayDomains implements DomainList {
        private final TenantDirectory directory;
        private Optional<DomainListException> failure = Optional.empty();

        GatewayDomains(TenantDirectory directory) {
            this.directory = directory;
        }

        /** From now on every read throws {@code failure}. */
        public void failWith(DomainListException failure) {
            this.failure = Optional.of(failure);
        }

        @Override
        public List<Domain> getDomains() throws DomainListException {
            failIfBroken();
            return List.of(Domain.of(GATEWAY_DOMAIN));
        }

        @Override
        public boolean containsDomain(Domain domain) throws DomainListException {
            failIfBroken();
            return domain.equals(Domain.of(GATEWAY_DOMAIN)) || directory.ownerOf(domain.asString()).isPresent();
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
        public Domain getDefaultDomain() throws DomainListException {
            failIfBroken();
            return Domain.of(GATEWAY_DOMAIN);
        }

        private void failIfBroken() throws DomainListException {
            if (failure.isPresent()) {
                throw failure.get();
            }
        }
    }

    /**
     * acme owns acme.example and relays from 198.51.100.0/24; globex owns globex.example and its server requires TLS.
     */
    public static InMemoryTenantStore tenants() {
        return InMemoryTenantStore.of(
            Tenant.of(ACME, "Acme", List.of(DomainName.of("acme.example")), Downstream.of("mail.acme.example", 25, false),
                List.of(Cidr.parse("relayClients", "198.51.100.0/24"))),
            Tenant.of(GLOBEX, "Globex", List.of(DomainName.of("globex.example")), Downstream.of("mail.globex.example", 25, true),
                List.of()));
    }

    public static TenantDirectory directory() {
        return new TenantDirectory(tenants());
    }

    public static GatewayDomains domains(TenantDirectory directory) {
        return new GatewayDomains(directory);
    }

    /** A tenant policy document, validated by the schema as the gateway validates it before storing it. */
    public static PolicyDocument policy(String json) {
        try {
            return SCHEMA.validate(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The fail-closed answer of every hook whose dependency failed: the client retries, nothing is accepted unchecked. */
    public static void assertTemporaryFailure(HookResult result) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo("4.3.0 Temporary failure reading the gateway's policy, please try again later");
    }

    private SmtpTestFixtures() {
    }
}
