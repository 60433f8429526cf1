package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the DMARC record parser {@link DmarcRecord#parse(String)} with TXT record text (docs/fuzzing.md).
 *
 * <p>Failure means a defect: the only bad-input outcome is {@link InvalidDmarcRecordException}, so any other exception
 * or an Error fails, as does a hang. Invariants checked on every accepted record: it starts with {@code v=DMARC1}
 * ({@link DmarcRecord#isDmarcRecord}), its {@code pct} is a percentage, and an assumed policy is {@code p=none}.
 */
class DmarcRecordFuzzTest {
    @Timeout(10)
    @FuzzTest(maxDuration = "25s")
    void parseShouldThrowOnlyInvalidDmarcRecordWhenTheRecordIsHostile(byte[] txt) {
        String record = new String(txt, StandardCharsets.UTF_8);
        DmarcRecord parsed;
        try {
            parsed = DmarcRecord.parse(record);
        } catch (InvalidDmarcRecordException invalid) {
            assertThat(invalid.getReason()).isNotBlank();
            return;
        }

        assertThat(DmarcRecord.isDmarcRecord(record)).isTrue();
        assertThat(parsed.percent()).isBetween(0, 100);
        if (parsed.policyAssumed()) {
            assertThat(parsed.policy()).isEqualTo(DmarcPolicy.NONE);
        }
        assertThat(parsed.policyFor(true)).isNotNull();
    }
}
