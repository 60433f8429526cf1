package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.sender.dnsbl.DnsblZone;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

class PhishingDetectorTest {
    private static final Tenant ACME = Tenant.of(TenantId.of("acme"), "Acme Industries", List.of(DomainName.of("acme.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());
    private static final PhishingPolicy POLICY = new PhishingPolicy(Action.QUARANTINE, 40, 1.0, List.of("partner.example"),
        List.of("Jane Smith"), true, Set.of("tracker.example"), List.of());
    private static final PhishingDetector DETECTOR = PhishingDetector.offline();

    private static ParsedMessage message(String from, String extraHeaders, String html) {
        String raw = "Return-Path: <" + from.replaceAll(".*<|>.*", "") + ">\r\nFrom: " + from + "\r\nTo: bob@acme.example\r\n"
            + extraHeaders + "Subject: hello\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@x.example>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";
        return ParsedMessage.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ruleIds(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).toList();
    }

    @Test
    void findingsShouldCarryTheActionWhenTheCeoIsImpersonatedFromALookalikeDomain() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("\"Jane Smith\" <jane@acrne.example>", "", "<p>Pay today.</p>"));

        assertThat(ruleIds(findings)).contains(PhishingDetector.LOOKALIKE_SENDER, PhishingDetector.DISPLAY_NAME_IMPERSONATION);
        assertThat(findings).filteredOn(finding -> finding.score() > 0).allSatisfy(finding ->
            assertThat(finding.action()).contains(Action.QUARANTINE));
        assertThat(findings).anySatisfy(finding -> assertThat(finding.reason()).contains("acrne.example", "acme.example"));
    }

    @Test
    void impersonationShouldNotFireWhenThePersonWritesFromTheTenantsDomain() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("\"Jane Smith\" <jane@acme.example>", "", "<p>Hi.</p>"));

        assertThat(ruleIds(findings)).doesNotContain(PhishingDetector.DISPLAY_NAME_IMPERSONATION, PhishingDetector.LOOKALIKE_SENDER);
    }

    @Test
    void theTenantsNameShouldBeProtectedToo() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("\"ACME Industries Payroll\" <pay@other.example>", "", "<p>Hi.</p>"));

        assertThat(ruleIds(findings)).contains(PhishingDetector.DISPLAY_NAME_IMPERSONATION);
    }

    @Test
    void aPartnersLookalikeShouldBeFlagged() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("Billing <billing@partnre.example>", "", "<p>Invoice.</p>"));

        assertThat(ruleIds(findings)).contains(PhishingDetector.LOOKALIKE_SENDER);
    }

    @Test
    void aReplyToDivertedToFreeMailShouldBeFlagged() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("Supplier <sales@supplier.example>",
            "Reply-To: supplier.sales@gmail.com\r\n", "<p>New bank details.</p>"));

        assertThat(ruleIds(findings)).contains(PhishingDetector.REPLY_TO_DIVERSION);
        assertThat(findings).allSatisfy(finding -> assertThat(finding.action()).isEmpty());
    }

    @Test
    void aBrandLookalikeLinkShouldBeFlaggedUnlessExempt() {
        String html = "<p><a href=\"https://paypa1.com/signin\">sign in</a></p>";
        assertThat(ruleIds(DETECTOR.findings(ACME, POLICY, message("News <news@shop.example>", "", html))))
            .contains(PhishingDetector.LOOKALIKE_LINK);

        PhishingPolicy exempting = new PhishingPolicy(Action.QUARANTINE, 40, 1.0, List.of(), List.of(), true, Set.of("paypa1.com"), List.of());
        assertThat(ruleIds(DETECTOR.findings(ACME, exempting, message("News <news@shop.example>", "", html))))
            .doesNotContain(PhishingDetector.LOOKALIKE_LINK);
    }

    @Test
    void theWeightShouldScaleScoresAndPassShouldNeverAct() {
        PhishingPolicy light = new PhishingPolicy(Action.PASS, 40, 0.5, List.of(), List.of("Jane Smith"), true, Set.of(), List.of());

        List<Finding> findings = DETECTOR.findings(ACME, light, message("\"Jane Smith\" <jane@acrne.example>", "", "<p>Pay.</p>"));

        assertThat(findings).filteredOn(finding -> finding.ruleId().equals(PhishingDetector.LOOKALIKE_SENDER))
            .extracting(Finding::score).containsExactly(22.5);
        assertThat(findings).allSatisfy(finding -> assertThat(finding.action()).isEmpty());
    }

    @Test
    void aLegitimateNewsletterShouldNotBeFlagged() {
        StringBuilder html = new StringBuilder("<html><body><h1>News</h1>");
        for (int i = 0; i < 60; i++) {
            html.append("<p><a href=\"https://www.shop.example/item/").append(i).append("?utm_source=mail\">Item ").append(i).append("</a></p>");
        }
        html.append("<p><a href=\"https://www.shop.example/unsubscribe\">Unsubscribe</a></p></body></html>");

        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("Shop <news@shop.example>", "", html.toString()));

        assertThat(findings).isEmpty();
    }

    @Test
    void aListedLinkedDomainShouldBeReportedAndAnUnansweredLookupNotCounted() {
        DnsLookup dns = (name, type) -> CompletableFuture.completedFuture(switch (name) {
            case "bad.example.uribl.test" -> DnsAnswer.found(List.of("127.0.0.2"));
            case "slow.example.uribl.test" -> DnsAnswer.temporaryError();
            default -> DnsAnswer.nxDomain();
        });
        PhishingDetector detector = new PhishingDetector(ImpersonatedBrands.load(), Optional.of(dns), List.of(DnsblZone.of("uribl.test")),
            Duration.ofSeconds(1));

        List<Finding> findings = detector.findings(ACME, POLICY, message("News <news@shop.example>", "",
            "<a href=\"https://www.bad.example/x\">x</a> <a href=\"https://slow.example/y\">y</a> <a href=\"https://fine.example/\">z</a>"));

        assertThat(findings).filteredOn(finding -> finding.ruleId().equals(PhishingDetector.URI_DNSBL))
            .singleElement().satisfies(finding -> assertThat(finding.reason()).contains("bad.example in uribl.test"));
        assertThat(findings).filteredOn(finding -> finding.ruleId().equals(PhishingDetector.URI_DNSBL_ERROR))
            .singleElement().satisfies(finding -> assertThat(finding.score()).isZero());
    }

    @Test
    void aLookalikeDkimSigningDomainShouldBeFlagged() {
        List<Finding> findings = DETECTOR.findings(ACME, POLICY, message("News <news@shop.example>",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=acrne.example; s=sel; h=from; bh=x; b=y\r\n", "<p>Hi.</p>"));

        assertThat(findings).filteredOn(finding -> finding.ruleId().equals(PhishingDetector.LOOKALIKE_SENDER))
            .singleElement().satisfies(finding -> assertThat(finding.reason()).contains("acrne.example"));
    }

    @Test
    void ordinaryDomainsNearShortBrandNamesShouldNotBeLookalikes() {
        for (String sender : List.of("info@love.com", "team@apply.com", "jobs@stack.com", "news@amazon.de", "hello@yahoo.co.uk")) {
            assertThat(ruleIds(DETECTOR.findings(ACME, POLICY, message("Someone <" + sender + ">", "", "<p>Hi.</p>"))))
                .as(sender).doesNotContain(PhishingDetector.LOOKALIKE_SENDER);
        }
        assertThat(ruleIds(DETECTOR.findings(ACME, POLICY, message("Someone <x@app1e.com>", "", "<p>Hi.</p>"))))
            .contains(PhishingDetector.LOOKALIKE_SENDER);
    }
}
