package org.gatehouse.sender.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DnsblZoneTest {
    @Test
    void zoneNameShouldBeLowerCaseWithoutTrailingDot() {
        assertThat(DnsblZone.of(" Zen.Example.ORG. ").name()).isEqualTo("zen.example.org");
    }

    @Test
    void zoneShouldRejectBlankName() {
        assertThatThrownBy(() -> DnsblZone.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zoneShouldRejectReturnCodeOutsideLoopbackNetwork() {
        assertThatThrownBy(() -> DnsblZone.of("bl.example").withReturnCode("192.0.2.2", "spam"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DNSBL bl.example: return code '192.0.2.2' is not in 127.0.0.0/8");
    }

    @Test
    void zoneShouldRejectReturnCodeThatIsNotAnAddress() {
        assertThatThrownBy(() -> DnsblZone.of("bl.example").withReturnCode("spam", "spam"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DNSBL bl.example: return code 'spam' is not an IPv4 address");
    }

    @Test
    void meaningShouldFindTheConfiguredReturnCode() {
        DnsblZone zone = DnsblZone.of("bl.example").withReturnCode("127.0.0.2", "spam source");

        assertThat(zone.meaning("127.0.0.2")).contains("spam source");
        assertThat(zone.meaning("127.0.0.3")).isEmpty();
    }
}
