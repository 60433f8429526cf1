package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Combining scan results (fail closed) and the values' own rules. */
class ScanResultTest {
    @Test
    void combineShouldBeCleanOnlyWhenEveryResultIsClean() {
        assertThat(ScanResult.combine(List.of(ScanResult.clean(), ScanResult.clean()))).isEqualTo(ScanResult.clean());
    }

    @Test
    void combineShouldBeAnErrorWhenNothingWasScanned() {
        assertThat(ScanResult.combine(List.of())).isEqualTo(ScanResult.error("nothing was scanned"));
    }

    @Test
    void combineShouldListEverySignatureOnceWhenAnyIsInfected() {
        ScanResult combined = ScanResult.combine(List.of(ScanResult.error("down"), ScanResult.infected("A"), ScanResult.tooLarge("big"),
            ScanResult.infected("B"), ScanResult.infected("A")));

        assertThat(combined).isEqualTo(new ScanResult(ScanResult.Status.INFECTED, List.of("A", "B"), ""));
    }

    @Test
    void combineShouldPreferAnErrorToTooLargeAndJoinTheReasons() {
        assertThat(ScanResult.combine(List.of(ScanResult.clean(), ScanResult.tooLarge("big"), ScanResult.error("down"),
            ScanResult.error("stuck"), ScanResult.error("down")))).isEqualTo(ScanResult.error("down; stuck"));
    }

    @Test
    void combineShouldBeTooLargeWhenNothingElseFailed() {
        assertThat(ScanResult.combine(List.of(ScanResult.clean(), ScanResult.tooLarge("big")))).isEqualTo(ScanResult.tooLarge("big"));
    }

    @Test
    void constructorShouldRejectInconsistentResults() {
        assertThatThrownBy(() -> new ScanResult(ScanResult.Status.INFECTED, List.of(), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanResult(ScanResult.Status.CLEAN, List.of("A"), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScanResult.error("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanResult(ScanResult.Status.CLEAN, List.of(), "why")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedPayloadShouldKeepOnlySafeCharactersOfItsName() {
        assertThat(new NamedPayload("report.zip/in\u00e9voice <1>.doc\r\nX-Evil: yes", new byte[0]).name()) // e acute
            .isEqualTo("report.zip/in_voice _1_.doc__X-Evil_ yes");
        assertThat(new NamedPayload("\r\n", new byte[0]).name()).isEqualTo("__");
        assertThat(new NamedPayload("   ", new byte[0]).name()).isEqualTo("part");
        assertThat(new NamedPayload("x".repeat(500), new byte[0]).name()).hasSize(120);
    }
}
