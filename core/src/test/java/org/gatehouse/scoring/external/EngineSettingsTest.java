package org.gatehouse.scoring.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EngineSettingsTest {
    @Test
    void contributionShouldBeTheEngineScoreTimesThePointsClampedAndRounded() {
        EngineScoreMapping mapping = new EngineScoreMapping(5, -20, 60);

        assertThat(mapping.contribution(3.33)).isEqualTo(16.7);
        assertThat(mapping.contribution(1000)).isEqualTo(60);
        assertThat(mapping.contribution(-100)).isEqualTo(-20);
        assertThat(mapping.contribution(Double.NaN)).isZero();
    }

    @Test
    void mappingShouldRefuseValuesOutOfRange() {
        assertThatThrownBy(() -> new EngineScoreMapping(-1, 0, 60)).hasMessageContaining("pointsPerUnit");
        assertThatThrownBy(() -> new EngineScoreMapping(5, 1, 60)).hasMessageContaining("min");
        assertThatThrownBy(() -> new EngineScoreMapping(5, 0, 101)).hasMessageContaining("max");
        assertThatThrownBy(() -> new EngineScoreMapping(Double.NaN, 0, 60)).hasMessageContaining("pointsPerUnit");
    }

    @Test
    void forAddressShouldUseSpamdsPortWhenNoneIsGiven() {
        assertThat(SpamdSettings.forAddress("spamd.internal")).satisfies(settings -> {
            assertThat(settings.host()).isEqualTo("spamd.internal");
            assertThat(settings.port()).isEqualTo(783);
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.maxSize()).isEqualTo(512_000);
            assertThat(settings.mapping()).isEqualTo(EngineScoreMapping.SPAMD_DEFAULT);
        });
        assertThat(SpamdSettings.forAddress("[::1]:1783").address()).isEqualTo("[::1]:1783");
    }

    @Test
    void spamdSettingsShouldRefuseABadUserOrTimeout() {
        SpamdSettings settings = SpamdSettings.forAddress("127.0.0.1:783");

        assertThatThrownBy(() -> settings.withUser("a b\r\nX: y")).hasMessageContaining("user");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> settings.withMaxSize(0)).hasMessageContaining("max size");
    }

    @Test
    void checkUriShouldAppendCheckv2OnceWhateverTheTrailingSlash() {
        assertThat(RspamdSettings.forUrl("http://127.0.0.1:11333").checkUri()).isEqualTo(URI.create("http://127.0.0.1:11333/checkv2"));
        assertThat(RspamdSettings.forUrl("http://rspamd/scan/").checkUri()).isEqualTo(URI.create("http://rspamd/scan/checkv2"));
    }

    @Test
    void rspamdSettingsShouldRefuseANonHttpUrlAndHideThePassword() {
        assertThatThrownBy(() -> RspamdSettings.forUrl("ftp://rspamd")).hasMessageContaining("http");
        assertThatThrownBy(() -> RspamdSettings.forUrl("http://rspamd").withPassword("a\nb")).hasMessageContaining("password");
        assertThat(RspamdSettings.forUrl("http://rspamd").withPassword("s3cret").toString()).doesNotContain("s3cret").contains("***");
    }
}
