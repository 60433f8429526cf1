package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class CidrTest {
    private static Cidr cidr(String value) {
        return Cidr.parse("relayClients[0]", value);
    }

    private static InetAddress address(String value) {
        return InetAddresses.forString(value);
    }

    @Test
    void parseShouldAcceptIPv4Network() {
        Cidr cidr = cidr("192.0.2.0/24");

        assertThat(cidr.asString()).isEqualTo("192.0.2.0/24");
        assertThat(cidr.prefixLength()).isEqualTo(24);
    }

    @Test
    void parseShouldAcceptIPv6Network() {
        Cidr cidr = cidr("2001:db8::/32");

        assertThat(cidr.asString()).isEqualTo("2001:db8::/32");
        assertThat(cidr.prefixLength()).isEqualTo(32);
    }

    @Test
    void parseShouldTreatBareIPv4AddressAsSlash32() {
        assertThat(cidr("192.0.2.7")).isEqualTo(cidr("192.0.2.7/32"));
        assertThat(cidr("192.0.2.7").asString()).isEqualTo("192.0.2.7/32");
    }

    @Test
    void parseShouldTreatBareIPv6AddressAsSlash128() {
        assertThat(cidr("2001:db8::1")).isEqualTo(cidr("2001:db8::1/128"));
        assertThat(cidr("2001:db8::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void parseShouldAcceptWholeAddressSpaces() {
        assertThat(cidr("0.0.0.0/0").asString()).isEqualTo("0.0.0.0/0");
        assertThat(cidr("::/0").asString()).isEqualTo("::/0");
    }

    @Test
    void parseShouldIgnoreSurroundingWhitespace() {
        assertThat(cidr("  192.0.2.0/24 ")).isEqualTo(cidr("192.0.2.0/24"));
    }

    @Test
    void asStringShouldClearHostBits() {
        assertThat(cidr("192.0.2.77/24").asString()).isEqualTo("192.0.2.0/24");
        assertThat(cidr("2001:db8:abcd:1234::1/48").asString()).isEqualTo("2001:db8:abcd::/48");
    }

    @Test
    void asStringShouldUseTheCanonicalIPv6Form() {
        assertThat(cidr("2001:0DB8:0000:0000:0000:0000:0000:0001/128").asString()).isEqualTo("2001:db8::1/128");
    }

    @Test
    void asStringShouldKeepHighAddresses() {
        assertThat(cidr("255.255.255.255").asString()).isEqualTo("255.255.255.255/32");
        assertThat(cidr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").asString())
            .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    }

    @Test
    void asStringShouldBeParsedBackToAnEqualNetwork() {
        Cidr cidr = cidr("2001:db8:1:2::/64");

        assertThat(cidr(cidr.asString())).isEqualTo(cidr);
    }

    @Test
    void equalsShouldIgnoreHostBits() {
        assertThat(cidr("10.1.2.3/8")).isEqualTo(cidr("10.0.0.0/8")).hasSameHashCodeAs(cidr("10.0.0.0/8"));
    }

    @Test
    void equalsShouldDistinguishPrefixLengths() {
        assertThat(cidr("10.0.0.0/8")).isNotEqualTo(cidr("10.0.0.0/16"));
    }

    @Test
    void equalsShouldDistinguishAddressFamilies() {
        assertThat(cidr("0.0.0.0/0")).isNotEqualTo(cidr("::/0"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "example.com", "192.0.2", "192.0.2.256", "192.0.2.0/", "192.0.2.0/abc", "192.0.2.0/33",
        "192.0.2.0/-1", "2001:db8::/129", "2001:db8:::1", "192.0.2.0/24/8", "/24"})
    void parseShouldThrowWithTheFieldPathWhenValueIsInvalid(String value) {
        assertThatThrownBy(() -> Cidr.parse("relayClients[3]", value))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("relayClients[3]"));
    }

    @Test
    void parseShouldExplainTheAllowedPrefixLengths() {
        assertThatThrownBy(() -> cidr("2001:db8::/200"))
            .isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.getReason()).contains("between 0 and 128"));
    }

    @Test
    void containsShouldAcceptAddressesInsideTheNetwork() {
        Cidr cidr = cidr("192.0.2.0/24");

        assertThat(cidr.contains(address("192.0.2.0"))).isTrue();
        assertThat(cidr.contains(address("192.0.2.255"))).isTrue();
    }

    @Test
    void containsShouldRejectAddressesOutsideTheNetwork() {
        Cidr cidr = cidr("192.0.2.0/24");

        assertThat(cidr.contains(address("192.0.3.0"))).isFalse();
        assertThat(cidr.contains(address("192.0.1.255"))).isFalse();
    }

    @Test
    void containsShouldMatchOnlyTheAddressWhenBare() {
        assertThat(cidr("192.0.2.7").contains(address("192.0.2.7"))).isTrue();
        assertThat(cidr("192.0.2.7").contains(address("192.0.2.8"))).isFalse();
    }

    @Test
    void containsShouldWorkForIPv6() {
        Cidr cidr = cidr("2001:db8::/32");

        assertThat(cidr.contains(address("2001:db8:ffff::1"))).isTrue();
        assertThat(cidr.contains(address("2001:db9::1"))).isFalse();
    }

    @Test
    void containsShouldRejectAddressesOfTheOtherFamily() {
        assertThat(cidr("0.0.0.0/0").contains(address("::1"))).isFalse();
        assertThat(cidr("::/0").contains(address("127.0.0.1"))).isFalse();
    }

    @Test
    void overlapsShouldBeTrueWhenOneContainsTheOther() {
        assertThat(cidr("10.0.0.0/8").overlaps(cidr("10.1.2.0/24"))).isTrue();
        assertThat(cidr("10.1.2.0/24").overlaps(cidr("10.0.0.0/8"))).isTrue();
    }

    @Test
    void overlapsShouldBeTrueWhenNetworksAreEqual() {
        assertThat(cidr("2001:db8::/32").overlaps(cidr("2001:db8::/32"))).isTrue();
    }

    @Test
    void overlapsShouldBeFalseWhenNetworksAreAdjacent() {
        assertThat(cidr("192.0.2.0/25").overlaps(cidr("192.0.2.128/25"))).isFalse();
    }

    @Test
    void overlapsShouldBeFalseForDifferentFamilies() {
        assertThat(cidr("0.0.0.0/0").overlaps(cidr("::/0"))).isFalse();
    }

    @Test
    void parseAddressShouldReturnTheAddress() {
        assertThat(Cidr.parseAddress("192.0.2.1")).contains(address("192.0.2.1"));
        assertThat(Cidr.parseAddress("2001:db8::1")).contains(address("2001:db8::1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"localhost", "192.0.2.0/24", "not an address"})
    void parseAddressShouldReturnEmptyWhenNotAnAddress(String value) {
        assertThat(Cidr.parseAddress(value)).isEmpty();
    }
}
