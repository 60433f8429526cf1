package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;

import org.gatehouse.sender.spf.SpfResult.Identity;
import org.gatehouse.sender.spf.SpfResult.Result;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.common.net.InetAddresses;

class SpfResultTest {
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.1");

    private static SpfResult mailFrom(Result result) {
        return new SpfResult(result, Identity.MAILFROM, "example.com", CLIENT, Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
        "PASS, SPF_PASS, pass",
        "FAIL, SPF_FAIL, fail",
        "SOFTFAIL, SPF_SOFTFAIL, softfail",
        "NEUTRAL, SPF_NEUTRAL, neutral",
        "NONE, SPF_NONE, none",
        "TEMPERROR, SPF_TEMPERROR, temperror",
        "PERMERROR, SPF_PERMERROR, permerror"
    })
    void toFindingShouldUseTheRuleIdAndResultWordOfEachResult(Result result, String ruleId, String word) {
        Finding finding = mailFrom(result).toFinding();

        assertThat(finding.ruleId()).isEqualTo(ruleId);
        assertThat(finding.check()).isEqualTo("spf");
        assertThat(finding.result()).isEqualTo(word);
    }

    @ParameterizedTest
    @EnumSource(Result.class)
    void toFindingShouldLeaveScoreAndActionToThePolicy(Result result) {
        Finding finding = mailFrom(result).toFinding();

        assertThat(finding.score()).isZero();
        assertThat(finding.action()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Result.class)
    void toFindingShouldNameTheDomainAndTheClientInTheReason(Result result) {
        assertThat(mailFrom(result).toFinding().reason()).contains("MAIL FROM domain example.com").contains("192.0.2.1");
    }

    @Test
    void toFindingShouldWriteAnIPv6ClientCompressed() {
        SpfResult result = new SpfResult(Result.FAIL, Identity.MAILFROM, "example.com",
            InetAddresses.forString("2001:db8:0:0:0:0:0:1"), Optional.empty());

        assertThat(result.toFinding().reason()).isEqualTo("MAIL FROM domain example.com does not authorize 2001:db8::1 to send its mail");
    }

    @Test
    void toFindingShouldQuoteTheDomainsExplanation() {
        SpfResult result = new SpfResult(Result.FAIL, Identity.MAILFROM, "example.com", CLIENT, Optional.of("See http://example.com/spf"));

        assertThat(result.toFinding().explain())
            .isEqualTo("SPF_FAIL (spf=fail): MAIL FROM domain example.com does not authorize 192.0.2.1 to send its mail;"
                + " it explains: See http://example.com/spf");
    }

    @Test
    void toFindingShouldNameTheHeloNameWhenTheHeloWasChecked() {
        SpfResult result = new SpfResult(Result.PASS, Identity.HELO, "mail.example.com", CLIENT, Optional.empty());

        assertThat(result.toFinding().reason()).isEqualTo("HELO name mail.example.com authorizes 192.0.2.1 to send its mail");
    }

    @Test
    void authenticationResultsPropertyShouldNameTheMailFromDomain() {
        assertThat(mailFrom(Result.FAIL).authenticationResultsProperty()).isEqualTo("spf=fail smtp.mailfrom=example.com");
    }

    @Test
    void authenticationResultsPropertyShouldNameTheHeloWhenTheSenderWasNull() {
        SpfResult result = new SpfResult(Result.SOFTFAIL, Identity.HELO, "mail.example.com", CLIENT, Optional.empty());

        assertThat(result.authenticationResultsProperty()).isEqualTo("spf=softfail smtp.helo=mail.example.com");
    }

    @Test
    void authenticationResultsPropertyShouldQuoteAValueThatIsNoToken() {
        SpfResult result = new SpfResult(Result.NONE, Identity.HELO, "[192.0.2.1]", CLIENT, Optional.empty());

        assertThat(result.authenticationResultsProperty()).isEqualTo("spf=none smtp.helo=\"[192.0.2.1]\"");
    }

    @Test
    void authenticationResultsPropertyShouldNeitherBreakTheHeaderNorTheQuotes() {
        SpfResult result = new SpfResult(Result.NONE, Identity.HELO, "a\"b\\c\r\nX-Injected: yes", CLIENT, Optional.empty());

        assertThat(result.authenticationResultsProperty()).isEqualTo("spf=none smtp.helo=\"a\\\"b\\\\c??X-Injected: yes\"");
    }

    @Test
    void parseShouldAcceptTheResultWordsOfJspf() {
        assertThat(Result.parse("temperror")).isEqualTo(Result.TEMPERROR);
        assertThat(Result.PERMERROR.asString()).isEqualTo("permerror");
    }
}
