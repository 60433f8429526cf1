package org.gatehouse.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class TlsPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TlsPolicy parse(String json) throws Exception {
        return TlsPolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> new TlsPolicySection().validate(MAPPER.readTree(json)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void outboundLevelShouldBeOpportunisticByDefault() {
        assertThat(TlsPolicy.defaults().outboundLevel("example.com")).isEqualTo(TlsLevel.OPPORTUNISTIC);
    }

    @Test
    void outboundLevelShouldUseTheNearestDomainEntryThenTheDefault() throws Exception {
        TlsPolicy policy = parse("{\"outbound\": {\"default\": \"required\", \"domains\": {\"bank.example\": \"required_verified\","
            + " \"legacy.bank.example\": \"none\"}}}");

        assertThat(policy.outboundLevel("bank.example")).isEqualTo(TlsLevel.REQUIRED_VERIFIED);
        assertThat(policy.outboundLevel("mx.Bank.Example")).isEqualTo(TlsLevel.REQUIRED_VERIFIED);
        assertThat(policy.outboundLevel("legacy.bank.example")).isEqualTo(TlsLevel.NONE);
        assertThat(policy.outboundLevel("other.example")).isEqualTo(TlsLevel.REQUIRED);
    }

    @Test
    void tlsRequiredForShouldMatchThePartnersAddressOrSenderDomain() throws Exception {
        TlsPolicy policy = parse("{\"inbound\": {\"requireFrom\": [{\"type\": \"ip\", \"value\": \"192.0.2.0/24\"},"
            + " {\"type\": \"subdomains\", \"value\": \"partner.example\"}]}}");

        assertThat(policy.tlsRequiredFor(InetAddress.getByName("192.0.2.7"), Optional.empty())).isPresent();
        assertThat(policy.tlsRequiredFor(InetAddress.getByName("198.51.100.1"), Optional.of("eu.partner.example"))).isPresent();
        assertThat(policy.tlsRequiredFor(InetAddress.getByName("198.51.100.1"), Optional.of("other.example"))).isEmpty();
    }

    @Test
    void validateShouldRefuseBadFieldsWithTheirPath() {
        assertInvalid("{\"outbound\": {\"default\": \"sometimes\"}}", "tls.outbound.default");
        assertInvalid("{\"outbound\": {\"domains\": {\"bank.example\": \"strict\"}}}", "tls.outbound.domains.bank.example");
        assertInvalid("{\"outbound\": {\"domains\": {\"not a domain\": \"none\"}}}", "tls.outbound.domains.not a domain");
        assertInvalid("{\"outbound\": {\"domains\": []}}", "tls.outbound.domains");
        assertInvalid("{\"inbound\": {\"requireFrom\": [{\"type\": \"address\", \"value\": \"a@b.example\"}]}}",
            "tls.inbound.requireFrom[0].type");
        assertInvalid("{\"inbound\": {\"allow\": []}}", "tls.inbound.allow");
        assertInvalid("{\"mode\": 1}", "tls.mode");
    }
}
