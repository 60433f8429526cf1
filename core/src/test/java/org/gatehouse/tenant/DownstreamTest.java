package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DownstreamTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 25, 587, 65535})
    void ofShouldAcceptPortsFrom1To65535(int port) {
        assertThat(Downstream.of("mx.acme.example", port, false).port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 65536, Integer.MAX_VALUE})
    void ofShouldThrowWithTheFieldDownstreamPortWhenPortIsOutOfRange(int port) {
        assertThatThrownBy(() -> Downstream.of("mx.acme.example", port, false))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("downstream.port"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "localhost", "mx..acme.example", "mx_acme.example", "mx.acme.example:25"})
    void ofShouldThrowWithTheFieldDownstreamHostWhenHostIsInvalid(String host) {
        assertThatThrownBy(() -> Downstream.of(host, 25, false))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("downstream.host"));
    }

    @Test
    void ofShouldLowerCaseTheHostName() {
        assertThat(Downstream.of("MX.Acme.Example.", 25, false).host()).isEqualTo("mx.acme.example");
    }

    @Test
    void ofShouldAcceptAnIPv4Address() {
        assertThat(Downstream.of("192.0.2.25", 25, false).host()).isEqualTo("192.0.2.25");
    }

    @Test
    void ofShouldThrowWhenHostIsAnIPv6Address() {
        // RemoteDelivery splits an MX entry at its first ':', so an IPv6 literal can never be routed to
        assertThatThrownBy(() -> Downstream.of("2001:db8::25", 25, false))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("downstream.host"));
    }

    @Test
    void ofShouldKeepRequireTls() {
        assertThat(Downstream.of("mx.acme.example", 25, true).requireTls()).isTrue();
        assertThat(Downstream.of("mx.acme.example", 25, false).requireTls()).isFalse();
    }

    @Test
    void asMxRecordShouldJoinHostAndPort() {
        assertThat(Downstream.of("mx.acme.example", 2525, false).asMxRecord()).isEqualTo("mx.acme.example:2525");
        assertThat(Downstream.of("192.0.2.25", 25, false).asMxRecord()).isEqualTo("192.0.2.25:25");
    }

    @Test
    void equalsShouldCompareHostPortAndTls() {
        assertThat(Downstream.of("MX.acme.example", 25, true)).isEqualTo(Downstream.of("mx.acme.example", 25, true))
            .hasSameHashCodeAs(Downstream.of("mx.acme.example", 25, true))
            .isNotEqualTo(Downstream.of("mx.acme.example", 25, false))
            .isNotEqualTo(Downstream.of("mx.acme.example", 26, true))
            .isNotEqualTo(Downstream.of("mx2.acme.example", 25, true));
    }
}
