package org.gatehouse.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class ReverseDnsNameTest {
    @Test
    void labelsShouldReverseIPv4Octets() {
        assertThat(ReverseDnsName.labels(InetAddresses.forString("192.0.2.99"))).isEqualTo("99.2.0.192");
    }

    @Test
    void labelsShouldReverseIPv6NibblesAsInRfc5782() {
        // RFC 5782 §2.4's example, written out in full
        assertThat(ReverseDnsName.labels(InetAddresses.forString("2001:db8:1:2:3:4:567:89ab")))
            .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
    }

    @Test
    void labelsShouldKeepLeadingZeroNibbles() {
        assertThat(ReverseDnsName.labels(InetAddresses.forString("::1")))
            .isEqualTo("1" + ".0".repeat(31));
    }

    @Test
    void underShouldAppendTheZoneInLowerCase() {
        assertThat(ReverseDnsName.under(InetAddresses.forString("127.0.0.2"), "Zen.Example.ORG"))
            .isEqualTo("2.0.0.127.zen.example.org");
    }

    @Test
    void ptrNameShouldUseInAddrArpaForIPv4() {
        assertThat(ReverseDnsName.ptrName(InetAddresses.forString("192.0.2.1"))).isEqualTo("1.2.0.192.in-addr.arpa");
    }

    @Test
    void ptrNameShouldUseIp6ArpaForIPv6() {
        assertThat(ReverseDnsName.ptrName(InetAddresses.forString("2001:db8::1")))
            .isEqualTo("1" + ".0".repeat(23) + ".8.b.d.0.1.0.0.2.ip6.arpa");
    }
}
