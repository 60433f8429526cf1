package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

class BulkMailEvidenceTest {
    private static final Tenant ACME = Tenant.of(TenantId.of("acme"), "Acme Industries", List.of(DomainName.of("acme.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());
    private static final PhishingDetector DETECTOR = PhishingDetector.offline();
    private static final Verdict DMARC_PASS = Verdict.of(List.of(Finding.of("DMARC_PASS", "dmarc", "pass", "From shop.example passes")));
    private static final Verdict DMARC_FAIL = Verdict.of(List.of(Finding.of("DMARC_FAIL", "dmarc", "fail", "From shop.example fails")));
    private static final String ONE_CLICK = "List-Unsubscribe: <https://shop.example/u/42>, <mailto:u-42@shop.example>\r\n"
        + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    /** A tracking link whose text shows the shop's address: the newsletters' usual link-text mismatch, and a survey form. */
    private static final String NEWSLETTER = "<p>New arrivals at <a href=\"https://click.espmailer.net/t/abc\">https://www.shopnews.com/new</a></p>"
        + "<form action=\"https://survey.espmailer.net/s\"><input name=\"stars\"></form>";
    private static final String LURE = "<p>Your mailbox is almost full. Sign in at <a href=\"https://evil.example/owa/login\">"
        + "https://login.microsoftonline.com/</a></p>";

    private static ParsedMessage message(String from, String extraHeaders, String html) {
        String raw = "From: " + from + "\r\nTo: bob@acme.example\r\n" + extraHeaders
            + "Subject: news\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";
        return ParsedMessage.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static double score(List<Finding> findings, String ruleId) {
        return findings.stream().filter(finding -> finding.ruleId().equals(ruleId)).mapToDouble(Finding::score).sum();
    }

    private static boolean caught(List<Finding> findings) {
        return findings.stream().anyMatch(finding -> finding.action().isPresent());
    }

    @Test
    void findingsShouldDampLinkSignalsWhenAnAuthenticatedNewsletterOffersOneClickUnsubscription() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(), message("Shop <news@shop.example>", ONE_CLICK, NEWSLETTER),
            DMARC_PASS);

        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH)
            * BulkMailEvidence.FACTOR);
        assertThat(score(findings, UrlSignals.FORM_IN_MAIL)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.FORM_IN_MAIL)
            * BulkMailEvidence.FACTOR);
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding.ruleId()).isEqualTo(BulkMailEvidence.DAMPED);
            assertThat(finding.score()).isZero();
            assertThat(finding.reason()).contains("one-click", "DMARC pass");
        });
    }

    @Test
    void findingsShouldDampLinkSignalsWhenAnAuthenticatedNewsletterCarriesAProviderFeedbackId() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(),
            message("Shop <news@shop.example>", "Feedback-ID: 42:news:shop:esp\r\n", NEWSLETTER), DMARC_PASS);

        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH)
            * BulkMailEvidence.FACTOR);
        assertThat(findings).anySatisfy(finding -> assertThat(finding.reason()).contains("Feedback-ID"));
    }

    @Test
    void findingsShouldNotDampWhenTheNewsletterIsNotAuthenticated() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(), message("Shop <news@shop.example>", ONE_CLICK, NEWSLETTER),
            DMARC_FAIL);

        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH));
        assertThat(findings).noneSatisfy(finding -> assertThat(finding.ruleId()).isEqualTo(BulkMailEvidence.DAMPED));
    }

    @Test
    void findingsShouldNotDampWhenAnAuthenticatedMessageHasNoBulkMark() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(), message("Shop <news@shop.example>", "", NEWSLETTER),
            DMARC_PASS);

        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH));
    }

    @Test
    void findingsShouldNotDampWhenTheUnsubscriptionIsNotOneClick() {
        String mailtoOnly = "List-Unsubscribe: <mailto:u-42@shop.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(), message("Shop <news@shop.example>", mailtoOnly, NEWSLETTER),
            DMARC_PASS);

        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH));
    }

    @Test
    void findingsShouldStillCatchALureWhenItForgesOneClickUnsubscriptionWithoutAlignedSignature() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(),
            message("\"Microsoft 365\" <no-reply@account-notice.example>", ONE_CLICK + "Feedback-ID: 1:2:3:esp\r\n", LURE), DMARC_FAIL);

        assertThat(caught(findings)).isTrue();
        assertThat(score(findings, UrlSignals.LINK_TEXT_MISMATCH)).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH));
    }

    @Test
    void findingsShouldNotDampWhenAnAuthenticatedSenderImpersonatesABrand() {
        List<Finding> findings = DETECTOR.findings(ACME, PhishingPolicy.defaults(),
            message("\"Microsoft 365\" <no-reply@account-notice.example>", ONE_CLICK, LURE), DMARC_PASS);

        assertThat(caught(findings)).isTrue();
        assertThat(findings).noneSatisfy(finding -> assertThat(finding.ruleId()).isEqualTo(BulkMailEvidence.DAMPED));
    }

    @Test
    void findingsShouldNotDampWithoutSenderVerdict() {
        ParsedMessage newsletter = message("Shop <news@shop.example>", ONE_CLICK, NEWSLETTER);

        assertThat(DETECTOR.findings(ACME, PhishingPolicy.defaults(), newsletter))
            .isEqualTo(DETECTOR.findings(ACME, PhishingPolicy.defaults(), newsletter, Verdict.empty()));
        assertThat(score(DETECTOR.findings(ACME, PhishingPolicy.defaults(), newsletter), UrlSignals.LINK_TEXT_MISMATCH))
            .isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(UrlSignals.LINK_TEXT_MISMATCH));
    }

    @Test
    void oneClickUnsubscribeShouldFindTheHttpsUriAfterAnUnclosedBracket() {
        String headers = "List-Unsubscribe: <https://broken, <https://shop.example/u/42>\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";

        assertThat(BulkMailEvidence.oneClickUnsubscribe(message("Shop <news@shop.example>", headers, NEWSLETTER))).isTrue();
    }

    @Test
    void oneClickUnsubscribeShouldAnswerNoForAHugeHeaderOfUnclosedBrackets() {
        // 200 KB of '<https://a' on one line: each try stops at the next '<', so it is read once, not once per '<'
        String hostile = "List-Unsubscribe: " + "<https://a".repeat(20_000) + "\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";

        assertThat(BulkMailEvidence.oneClickUnsubscribe(message("Shop <news@shop.example>", hostile, NEWSLETTER))).isFalse();
    }
}
