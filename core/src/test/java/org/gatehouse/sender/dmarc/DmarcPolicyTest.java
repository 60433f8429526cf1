package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DmarcPolicyTest {
    @Test
    void nextLowerShouldLowerRejectToQuarantineAndQuarantineToNone() {
        assertThat(DmarcPolicy.REJECT.nextLower()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(DmarcPolicy.QUARANTINE.nextLower()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void nextLowerShouldKeepNone() {
        assertThat(DmarcPolicy.NONE.nextLower()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void parseShouldIgnoreCase() {
        assertThat(DmarcPolicy.parse("Reject")).contains(DmarcPolicy.REJECT);
        assertThat(DmarcPolicy.parse("QUARANTINE")).contains(DmarcPolicy.QUARANTINE);
    }

    @Test
    void parseShouldBeEmptyWhenTheValueIsNoPolicy() {
        assertThat(DmarcPolicy.parse("rejected")).isEmpty();
        assertThat(DmarcPolicy.parse("")).isEmpty();
    }
}
