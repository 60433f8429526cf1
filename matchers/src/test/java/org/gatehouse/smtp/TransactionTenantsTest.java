package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.gatehouse.smtp.SmtpTestFixtures.ACME;
import static org.gatehouse.smtp.SmtpTestFixtures.GLOBEX;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;

class TransactionTenantsTest {
    /** The fixtures' directory, recording every lookup. */
    private static final class CountingDirectory extends TenantDirectory {
        private final List<String> owners = new ArrayList<>();
        private final List<InetAddress> relayClients = new ArrayList<>();

        CountingDirectory() {
            super(SmtpTestFixtures.tenants());
        }

        @Override
        public Optional<Tenant> ownerOf(String domain) {
            owners.add(domain);
            return super.ownerOf(domain);
        }

        @Override
        public Optional<Tenant> relayClientTenant(InetAddress address) {
            relayClients.add(address);
            return super.relayClientTenant(address);
        }
    }

    private final CountingDirectory directory = new CountingDirectory();
    private final TransactionTenants transactionTenants = new TransactionTenants(directory);

    private static SmtpTestFixtures.Session acmeRelayClient() {
        return new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);
    }

    private static FakeMail mail(String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender("alice@sender.example").recipients(recipients).build();
    }

    @Test
    void relayTenantShouldBeResolvedOncePerConnection() throws Exception {
        SmtpTestFixtures.Session session = acmeRelayClient();

        assertThat(transactionTenants.relayTenant(session)).contains(ACME);
        assertThat(transactionTenants.relayTenant(session)).contains(ACME);
        session.resetState();
        assertThat(transactionTenants.relayTenant(session)).contains(ACME);
        assertThat(new TransactionTenants(directory).relayTenant(session)).contains(ACME);

        assertThat(directory.relayClients).containsExactly(InetAddress.getByName(SmtpTestFixtures.ACME_RELAY_CLIENT));
    }

    @Test
    void relayTenantShouldBeEmptyAndResolvedOnceWhenTheClientIsNoTenantsRelayClient() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true);

        assertThat(transactionTenants.relayTenant(session)).isEmpty();
        assertThat(transactionTenants.relayTenant(session)).isEmpty();

        assertThat(directory.relayClients).hasSize(1);
    }

    @Test
    void ownerOfShouldBeResolvedOncePerTransaction() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        MailAddress bob = new MailAddress("bob@acme.example");

        assertThat(transactionTenants.ownerOf(session, bob)).contains(ACME);
        assertThat(transactionTenants.ownerOf(session, bob)).contains(ACME);
        assertThat(directory.owners).containsExactly("acme.example");

        session.resetState();
        assertThat(transactionTenants.ownerOf(session, bob)).contains(ACME);
        assertThat(directory.owners).containsExactly("acme.example", "acme.example");
    }

    @Test
    void ownerOfShouldRememberThatARecipientHasNoOwner() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        MailAddress dave = new MailAddress("dave@elsewhere.example");

        assertThat(transactionTenants.ownerOf(session, dave)).isEmpty();
        assertThat(transactionTenants.ownerOf(session, dave)).isEmpty();

        assertThat(directory.owners).containsExactly("elsewhere.example");
    }

    @Test
    void ofShouldReuseTheOwnersResolvedAtRcptTo() throws Exception {
        SmtpTestFixtures.Session session = acmeRelayClient();
        transactionTenants.ownerOf(session, new MailAddress("carol@globex.example"));

        MessageTenants first = transactionTenants.of(session, mail("carol@globex.example", "bob@acme.example", "dave@elsewhere.example"));
        MessageTenants second = transactionTenants.of(session, mail("carol@globex.example", "bob@acme.example", "dave@elsewhere.example"));

        assertThat(first).isEqualTo(second);
        assertThat(first.relayTenant()).contains(ACME);
        assertThat(first.owners()).containsExactly(
            entry("carol@globex.example", Optional.of(GLOBEX)),
            entry("bob@acme.example", Optional.of(ACME)),
            entry("dave@elsewhere.example", Optional.empty()));
        assertThat(directory.owners).containsExactly("globex.example", "acme.example", "elsewhere.example");
        assertThat(directory.relayClients).hasSize(1);
    }

    @Test
    void ofShouldHaveNoRelayTenantWhenTheSessionMayNotRelay() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false).from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        MessageTenants tenants = transactionTenants.of(session, mail("carol@globex.example"));

        assertThat(tenants.relayTenant()).isEmpty();
        assertThat(tenants.outboundTenant()).isEmpty();
        assertThat(tenants.inboundTenants()).containsExactly(GLOBEX);
        assertThat(directory.relayClients).isEmpty();
    }

    @Test
    void ofShouldMakeTheRelayTenantOutboundAndTheRecipientsTenantInbound() throws Exception {
        MessageTenants tenants = transactionTenants.of(acmeRelayClient(), mail("carol@globex.example"));

        assertThat(tenants.outboundTenant()).contains(ACME);
        assertThat(tenants.inboundTenants()).containsExactly(GLOBEX);
        assertThat(tenants.untrustingInboundTenants()).containsExactly(GLOBEX);
        assertThat(tenants.allTenants()).containsExactly(ACME, GLOBEX);
    }

    @Test
    void trustedByShouldBeTrueOnlyForTheRelayClientsOwnTenant() {
        SmtpTestFixtures.Session session = acmeRelayClient();

        assertThat(transactionTenants.trustedBy(session, ACME)).isTrue();
        assertThat(transactionTenants.trustedBy(session, GLOBEX)).isFalse();
    }

    @Test
    void trustedByShouldBeFalseWhenTheSessionMayNotRelay() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false).from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        assertThat(transactionTenants.trustedBy(session, ACME)).isFalse();
    }

    @Test
    void trustedByShouldBeFalseForARelayingClientThatIsNoTenantsRelayClient() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true);

        assertThat(transactionTenants.trustedBy(session, ACME)).isFalse();
        assertThat(transactionTenants.trustedBy(session, GLOBEX)).isFalse();
    }
}
