package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationalDomainTest {
    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "mail.example.com, example.com",
        "a.b.example.co.uk, example.co.uk",
        "example.co.uk, example.co.uk",
        "www.ck, www.ck",
        "a.b.c.ck, b.c.ck"
    })
    void ofShouldBeThePublicSuffixPlusOneLabel(String domain, String organizational) {
        assertThat(OrganizationalDomain.of(domain).asString()).isEqualTo(organizational);
    }

    @Test
    void ofShouldTreatPrivateSectionSuffixesAsPublicSuffixes() {
        assertThat(OrganizationalDomain.of("www.alice.github.io").asString()).isEqualTo("alice.github.io");
        assertThat(OrganizationalDomain.of("alice.github.io")).isNotEqualTo(OrganizationalDomain.of("bob.github.io"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", "co.uk", "github.io", "b.ck"})
    void ofShouldBeTheNameItselfWhenItIsAPublicSuffix(String suffix) {
        assertThat(OrganizationalDomain.of(suffix).asString()).isEqualTo(suffix);
    }

    @ParameterizedTest
    @CsvSource({
        "mail.corp.internal, corp.internal",
        "corp.internal, corp.internal",
        "localhost, localhost"
    })
    void ofShouldBeTheLastTwoLabelsWhenNoPublicSuffixIsKnown(String domain, String organizational) {
        assertThat(OrganizationalDomain.of(domain).asString()).isEqualTo(organizational);
    }

    @Test
    void ofShouldIgnoreCaseAndTheTrailingDot() {
        assertThat(OrganizationalDomain.of("Mail.Example.COM.")).isEqualTo(OrganizationalDomain.of("example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo..example.com", "-foo.example.com", "exa mple.com"})
    void ofShouldThrowWhenTheNameIsNotADomainName(String name) {
        assertThatThrownBy(() -> OrganizationalDomain.of(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalsShouldCompareTheNames() {
        assertThat(OrganizationalDomain.of("a.example.com")).isEqualTo(OrganizationalDomain.of("b.example.com"))
            .hasSameHashCodeAs(OrganizationalDomain.of("b.example.com"));
        assertThat(OrganizationalDomain.of("example.com")).isNotEqualTo(OrganizationalDomain.of("example.net"));
    }
}
