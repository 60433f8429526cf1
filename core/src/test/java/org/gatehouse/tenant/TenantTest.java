package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class TenantTest {
    private static final TenantId ID = TenantId.of("acme");
    private static final List<DomainName> DOMAINS = List.of(DomainName.of("acme.example"), DomainName.of("acme.test"));
    private static final Downstream DOWNSTREAM = Downstream.of("mx.acme.example", 25, false);
    private static final List<Cidr> RELAY_CLIENTS = List.of(Cidr.parse("relayClients", "192.0.2.0/24"));

    private static void assertInvalidField(Runnable creation, String field) {
        assertThatThrownBy(creation::run)
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void ofShouldKeepEveryField() {
        Tenant tenant = Tenant.of(ID, "Acme Corp", DOMAINS, DOWNSTREAM, RELAY_CLIENTS);

        assertThat(tenant.id()).isEqualTo(ID);
        assertThat(tenant.name()).isEqualTo("Acme Corp");
        assertThat(tenant.domains()).isEqualTo(DOMAINS);
        assertThat(tenant.downstream()).isEqualTo(DOWNSTREAM);
        assertThat(tenant.relayClients()).isEqualTo(RELAY_CLIENTS);
    }

    @Test
    void ofShouldAcceptNoRelayClient() {
        assertThat(Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, List.of()).relayClients()).isEmpty();
    }

    @Test
    void ofShouldAcceptUnicodeNames() {
        assertThat(Tenant.of(ID, "Société Générale 株式会社", DOMAINS, DOWNSTREAM, List.of()).name())
            .isEqualTo("Société Générale 株式会社");
    }

    @Test
    void ofShouldAcceptANameOfTheMaximumLength() {
        String name = "n".repeat(Tenant.MAX_NAME_LENGTH);

        assertThat(Tenant.of(ID, name, DOMAINS, DOWNSTREAM, List.of()).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void ofShouldThrowWithTheFieldNameWhenNameIsEmpty(String name) {
        assertInvalidField(() -> Tenant.of(ID, name, DOMAINS, DOWNSTREAM, List.of()), "name");
    }

    @Test
    void ofShouldThrowWithTheFieldNameWhenNameIsTooLong() {
        assertInvalidField(() -> Tenant.of(ID, "n".repeat(Tenant.MAX_NAME_LENGTH + 1), DOMAINS, DOWNSTREAM, List.of()), "name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme\nCorp", "Acme\rCorp", "Acme\u0000", "Acme\u007f", "Acme\u001b[31m"})
    void ofShouldThrowWithTheFieldNameWhenNameHasControlCharacters(String name) {
        assertInvalidField(() -> Tenant.of(ID, name, DOMAINS, DOWNSTREAM, List.of()), "name");
    }

    @Test
    void ofShouldThrowWithTheFieldDomainsWhenThereIsNoDomain() {
        assertInvalidField(() -> Tenant.of(ID, "Acme", List.of(), DOWNSTREAM, List.of()), "domains");
        assertInvalidField(() -> Tenant.of(ID, "Acme", null, DOWNSTREAM, List.of()), "domains");
    }

    @Test
    void ofShouldThrowWithThePathOfTheSecondOccurrenceWhenADomainIsListedTwice() {
        List<DomainName> domains = List.of(DomainName.of("acme.example"), DomainName.of("acme.test"),
            DomainName.of("ACME.example."));

        assertInvalidField(() -> Tenant.of(ID, "Acme", domains, DOWNSTREAM, List.of()), "domains[2]");
    }

    @Test
    void ofShouldThrowWithThePathOfTheSecondOccurrenceWhenARelayClientIsListedTwice() {
        List<Cidr> relayClients = List.of(Cidr.parse("relayClients", "192.0.2.0/24"),
            Cidr.parse("relayClients", "192.0.2.77/24"));

        assertInvalidField(() -> Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, relayClients), "relayClients[1]");
    }

    @Test
    void ofShouldCopyTheLists() {
        List<DomainName> domains = new java.util.ArrayList<>(DOMAINS);
        Tenant tenant = Tenant.of(ID, "Acme", domains, DOWNSTREAM, List.of());

        domains.clear();

        assertThat(tenant.domains()).isEqualTo(DOMAINS);
    }

    @Test
    void isRelayClientShouldMatchAddressesOfItsNetworks() {
        Tenant tenant = Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM,
            List.of(Cidr.parse("relayClients", "192.0.2.0/24"), Cidr.parse("relayClients", "2001:db8::/32")));

        assertThat(tenant.isRelayClient(InetAddresses.forString("192.0.2.200"))).isTrue();
        assertThat(tenant.isRelayClient(InetAddresses.forString("2001:db8::1"))).isTrue();
        assertThat(tenant.isRelayClient(InetAddresses.forString("198.51.100.1"))).isFalse();
    }

    @Test
    void equalsShouldCompareEveryField() {
        Tenant tenant = Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, RELAY_CLIENTS);

        assertThat(tenant).isEqualTo(Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, RELAY_CLIENTS))
            .hasSameHashCodeAs(Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, RELAY_CLIENTS))
            .isNotEqualTo(Tenant.of(TenantId.of("globex"), "Acme", DOMAINS, DOWNSTREAM, RELAY_CLIENTS))
            .isNotEqualTo(Tenant.of(ID, "Acme 2", DOMAINS, DOWNSTREAM, RELAY_CLIENTS))
            .isNotEqualTo(Tenant.of(ID, "Acme", List.of(DomainName.of("acme.example")), DOWNSTREAM, RELAY_CLIENTS))
            .isNotEqualTo(Tenant.of(ID, "Acme", DOMAINS, Downstream.of("mx.acme.example", 26, false), RELAY_CLIENTS))
            .isNotEqualTo(Tenant.of(ID, "Acme", DOMAINS, DOWNSTREAM, List.of()));
    }
}
