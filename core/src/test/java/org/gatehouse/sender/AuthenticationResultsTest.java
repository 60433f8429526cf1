package org.gatehouse.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {
    @Test
    void headerValueShouldListEveryMethodAfterTheAuthservId() {
        AuthenticationResults results = AuthenticationResults.of("mx.Gatehouse.example",
            List.of("spf=pass smtp.mailfrom=example.com", "dkim=pass header.d=example.com header.s=s1"));

        assertThat(results.headerValue()).isEqualTo(
            "mx.gatehouse.example;\r\n\tspf=pass smtp.mailfrom=example.com;\r\n\tdkim=pass header.d=example.com header.s=s1");
    }

    @Test
    void headerValueShouldSayNoneWhenNoMethodRan() {
        assertThat(AuthenticationResults.of("mx.example", List.of()).headerValue()).isEqualTo("mx.example; none");
    }

    @Test
    void headerValueShouldNotLetAResultInjectAHeader() {
        AuthenticationResults results = AuthenticationResults.of("mx.example",
            List.of("spf=fail smtp.mailfrom=evil.example\r\nX-Injected: yes"));

        assertThat(results.headerValue()).doesNotContain("\r\nX-Injected").contains("evil.example  X-Injected: yes");
    }

    @Test
    void ofShouldRejectAnAuthservIdThatIsNotAHostName() {
        assertThatThrownBy(() -> AuthenticationResults.of("mx.example; spf=pass", List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isClaimedByShouldRecognizeAHeaderOfTheSameAuthservId() {
        AuthenticationResults results = AuthenticationResults.of("mx.example", List.of());

        assertThat(results.isClaimedBy(" MX.example; spf=pass smtp.mailfrom=a.example")).isTrue();
        assertThat(results.isClaimedBy("mx.example.evil; spf=pass")).isFalse();
        assertThat(results.isClaimedBy("other.example; dkim=pass")).isFalse();
        assertThat(results.isClaimedBy("mx.example 1; none")).isTrue();
    }
}
