package org.gatehouse.sender.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DkimResultTest {
    @Test
    void authenticationResultsPropertiesShouldQuoteAndEscapeTheReason() {
        DkimResult result = new DkimResult("example.com", "sel", DkimResult.Result.PERMERROR,
            "bad \"tag\" \\ here\r\n folded");

        assertThat(result.authenticationResultsProperties())
            .isEqualTo("dkim=permerror reason=\"bad \\\"tag\\\" \\\\ here folded\" header.d=example.com header.s=sel");
    }

    @Test
    void authenticationResultsPropertiesShouldBoundTheReason() {
        DkimResult result = new DkimResult("example.com", "sel", DkimResult.Result.FAIL, "x".repeat(1000));

        assertThat(result.authenticationResultsProperties())
            .isEqualTo("dkim=fail reason=\"" + "x".repeat(200) + "\" header.d=example.com header.s=sel");
    }

    @Test
    void authenticationResultsPropertiesShouldOmitValuesThatAreNotTokens() {
        DkimResult result = new DkimResult("example.com; dkim=pass", "", DkimResult.Result.PERMERROR, "malformed");

        assertThat(result.authenticationResultsProperties()).isEqualTo("dkim=permerror reason=\"malformed\"");
    }

    @Test
    void findingShouldNameTheDomainAndSelector() {
        DkimResult result = new DkimResult("example.com", "s2026", DkimResult.Result.FAIL, "the body hash differs");

        assertThat(result.finding().explain()).isEqualTo("DKIM_FAIL (dkim=fail): d=example.com s=s2026: the body hash differs");
    }
}
