package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.dnsservice.api.DNSService;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantRoutingDnsServiceTest {
    /** DNS that answers every MX question with mx.<name> and records the questions. */
    static class RecordingDns implements DNSService {
        final List<String> questions = new ArrayList<>();

        @Override
        public Collection<String> findMXRecords(String hostname) {
            questions.add(hostname);
            return List.of("mx." + hostname);
        }

        @Override
        public Collection<String> findTXTRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) {
            questions.add(host);
            return List.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public InetAddress getByName(String host) {
            questions.add(host);
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalHost() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String getHostName(InetAddress addr) {
            return "localhost";
        }
    }

    /** One tenant, acme.example, routed to 192.0.2.25:2525. */
    static class OneTenantStore implements TenantStore {
        private final Tenant tenant = Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("192.0.2.25", 2525, false), List.<Cidr>of());

        @Override
        public Outcome save(Tenant saved) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Tenant> get(TenantId id) {
            return Optional.of(tenant).filter(candidate -> candidate.id().equals(id));
        }

        @Override
        public List<Tenant> list() {
            return List.of(tenant);
        }

        @Override
        public boolean delete(TenantId id) {
            throw new UnsupportedOperationException();
        }
    }

    private RecordingDns dns;
    private TenantRoutingDnsService routing;

    @BeforeEach
    void setUp() {
        dns = new RecordingDns();
        routing = new TenantRoutingDnsService(dns, new TenantDirectory(new OneTenantStore()));
    }

    @Test
    void findMXRecordsShouldAnswerATenantsDownstreamRouteWithoutAskingDns() throws Exception {
        assertThat(routing.findMXRecords("ACME.example.")).containsExactly("192.0.2.25:2525");
        assertThat(dns.questions).isEmpty();
    }

    @Test
    void findMXRecordsShouldAskDnsForAnyOtherDomain() throws Exception {
        assertThat(routing.findMXRecords("elsewhere.example")).containsExactly("mx.elsewhere.example");
        assertThat(dns.questions).containsExactly("elsewhere.example");
    }

    @Test
    void getAllByNameShouldNotAskDnsForAnAddressLiteral() throws Exception {
        assertThat(routing.getAllByName("192.0.2.25")).containsExactly(InetAddress.getByName("192.0.2.25"));
        assertThat(routing.getByName("192.0.2.25")).isEqualTo(InetAddress.getByName("192.0.2.25"));
        assertThat(dns.questions).isEmpty();
    }
}
