package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "239.1.1.1", "255.255.255.255", "240.0.0.1", "192.0.0.8",
        "192.0.2.10", "198.18.0.1", "198.19.255.1", "198.51.100.7", "203.0.113.9", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::7f00:1", "64:ff9b::a00:1",
        "2002:7f00:1::1", "2002:c0a8:101::1", "2001:db8::1", "100::1", "::127.0.0.1"})
    void isPublicShouldRefuseEveryNonPublicAddress(String address) throws Exception {
        assertThat(AddressGuard.isPublic(address)).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:2800:220:1::1",
        "2a00:1450:4001:81b::200e", "::ffff:93.184.216.34", "64:ff9b::808:808"})
    void isPublicShouldAcceptPublicUnicast(String address) throws Exception {
        assertThat(AddressGuard.isPublic(address)).as(address).isTrue();
    }
}
