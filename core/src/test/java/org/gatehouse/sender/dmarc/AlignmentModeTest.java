package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.sender.dmarc.AlignmentMode.RELAXED;
import static org.gatehouse.sender.dmarc.AlignmentMode.STRICT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlignmentModeTest {
    @ParameterizedTest
    @EnumSource(AlignmentMode.class)
    void alignedShouldHoldForTheSameNameWhateverTheCaseAndTrailingDot(AlignmentMode mode) {
        assertThat(mode.aligned("Example.COM.", "example.com")).isTrue();
    }

    @Test
    void strictShouldNotAlignASubdomainWithItsParent() {
        assertThat(STRICT.aligned("mail.example.com", "example.com")).isFalse();
        assertThat(STRICT.aligned("example.com", "news.example.com")).isFalse();
    }

    @Test
    void relaxedShouldAlignNamesOfOneOrganizationalDomain() {
        assertThat(RELAXED.aligned("mail.example.com", "example.com")).isTrue();
        assertThat(RELAXED.aligned("example.com", "news.example.com")).isTrue();
        assertThat(RELAXED.aligned("bounce.example.co.uk", "a.b.example.co.uk")).isTrue();
    }

    @Test
    void relaxedShouldNotAlignDifferentOrganizationalDomains() {
        assertThat(RELAXED.aligned("example.net", "example.com")).isFalse();
        assertThat(RELAXED.aligned("example.co.uk", "other.co.uk")).isFalse();
        assertThat(RELAXED.aligned("alice.github.io", "bob.github.io")).isFalse();
    }

    @Test
    void relaxedShouldNotAlignARegisteredDomainWithItsPublicSuffix() {
        assertThat(RELAXED.aligned("example.co.uk", "co.uk")).isFalse();
        assertThat(RELAXED.aligned("co.uk", "example.co.uk")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(AlignmentMode.class)
    void alignedShouldBeFalseWhenANameIsEmptyOrNotADomainName(AlignmentMode mode) {
        assertThat(mode.aligned("", "example.com")).isFalse();
        assertThat(mode.aligned("foo..example.com", "example.com")).isFalse();
    }

    @Test
    void parseShouldReadTheTagValues() {
        assertThat(AlignmentMode.parse("r")).contains(RELAXED);
        assertThat(AlignmentMode.parse("S")).contains(STRICT);
        assertThat(AlignmentMode.parse("relaxed")).isEmpty();
    }
}
