package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing clamd addresses and validating the antivirus settings. */
class AntivirusSettingsTest {
    @Test
    void parseShouldReadTcpAddressesWithTheDefaultPortWhenAbsent() {
        assertThat(ClamdAddress.parse("tcp://127.0.0.1:3311")).isEqualTo(new ClamdAddress.Tcp("127.0.0.1", 3311));
        assertThat(ClamdAddress.parse(" TCP://clamd.internal ")).isEqualTo(new ClamdAddress.Tcp("clamd.internal", 3310));
        assertThat(ClamdAddress.parse("tcp://[::1]:3310")).isEqualTo(new ClamdAddress.Tcp("::1", 3310));
    }

    @Test
    void parseShouldReadUnixSocketPaths() {
        assertThat(ClamdAddress.parse("unix:///run/clamav/clamd.ctl")).isEqualTo(new ClamdAddress.Unix(Path.of("/run/clamav/clamd.ctl")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:3311", "tcp://[::1]:3310", "unix:///run/clamav/clamd.ctl"})
    void toStringShouldGiveTheConfiguredFormBack(String address) {
        assertThat(ClamdAddress.parse(address)).hasToString(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:3310", "/run/clamav/clamd.ctl", "http://127.0.0.1:3310", "tcp://", "tcp://host:0",
        "tcp://host:70000", "tcp://host:3310/x", "unix://relative/clamd.ctl", "unix://"})
    void parseShouldRejectWhatIsNotAClamdAddress(String address) {
        assertThatThrownBy(() -> ClamdAddress.parse(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forScannersShouldReadACommaSeparatedListWithTheDefaults() {
        AntivirusSettings settings = AntivirusSettings.forScanners("tcp://127.0.0.1:3310, unix:///run/clamav/clamd.ctl,");

        assertThat(settings.scanners()).extracting(ClamdAddress::toString)
            .containsExactly("tcp://127.0.0.1:3310", "unix:///run/clamav/clamd.ctl");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.budget()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.onError()).isEqualTo(Action.TEMPFAIL);
        assertThat(settings.onTooLarge()).isEqualTo(Action.QUARANTINE);
        assertThat(settings.clamdSettings()).extracting(ClamdSettings::timeout).containsOnly(Duration.ofSeconds(30));
    }

    @Test
    void settingsShouldRequireAScanner() {
        assertThatThrownBy(() -> AntivirusSettings.forScanners(" , ")).hasMessage("at least one clamd is required");
    }

    @Test
    void settingsShouldRejectAScannerListedTwice() {
        assertThatThrownBy(() -> AntivirusSettings.forScanners("tcp://127.0.0.1:3310,tcp://127.0.0.1"))
            .hasMessageStartingWith("a clamd is listed twice");
    }

    @Test
    void settingsShouldNeverLetAFailedScanPass() {
        AntivirusSettings settings = AntivirusSettings.forScanners("tcp://127.0.0.1");

        for (Action action : List.of(Action.PASS, Action.TAG, Action.TAG_SUBJECT, Action.REDIRECT, Action.BLOCK)) {
            assertThatThrownBy(() -> settings.withOnError(action)).hasMessage("antivirus onError must be tempfail or quarantine, got "
                + action.asString());
        }
        for (Action action : List.of(Action.PASS, Action.TAG, Action.TAG_SUBJECT, Action.REDIRECT)) {
            assertThatThrownBy(() -> settings.withOnTooLarge(action)).hasMessageStartingWith("antivirus onTooLarge must be");
        }
    }

    @Test
    void settingsShouldRequirePositiveDurations() {
        AntivirusSettings settings = AntivirusSettings.forScanners("tcp://127.0.0.1");

        assertThatThrownBy(() -> settings.withBudget(Duration.ZERO)).hasMessage("antivirus budget must be positive");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
            .hasMessage("antivirus connect timeout must be positive");
    }
}
