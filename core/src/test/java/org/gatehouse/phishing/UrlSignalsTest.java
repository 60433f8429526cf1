package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

class UrlSignalsTest {
    private final UrlSignals signals = new UrlSignals(Set.of());

    private List<Finding> findings(ParsedMessage message) {
        return signals.findings(MessageUrls.extract(message), message);
    }

    private List<String> ruleIds(ParsedMessage message) {
        return findings(message).stream().map(Finding::ruleId).toList();
    }

    private Finding only(ParsedMessage message, String ruleId) {
        List<Finding> findings = findings(message);
        assertThat(findings).extracting(Finding::ruleId).containsExactly(ruleId);
        Finding finding = findings.get(0);
        assertThat(finding.check()).isEqualTo("phishing");
        assertThat(finding.action()).isEmpty();
        assertThat(finding.score()).isEqualTo(UrlSignals.DEFAULT_WEIGHTS.get(ruleId));
        return finding;
    }

    @Test
    void linkTextMismatchShouldFireWhenTheTextShowsAnotherDomain() {
        Finding finding = only(Messages.html("<a href=\"https://secure-login.evil-site.com/x?token=SECRET\">www.mybank.com</a>"
                + "<a href=\"https://evil-site.com/y\">https://mybank.com/account</a>"), UrlSignals.LINK_TEXT_MISMATCH);

        assertThat(finding.reason()).isEqualTo("2 links show www.mybank.com but lead to secure-login.evil-site.com");
        assertThat(finding.reason()).doesNotContain("SECRET");
    }

    @Test
    void linkTextMismatchShouldNotFireWhenTheTextShowsTheSameRegistrableDomainOrNoDomain() {
        assertThat(ruleIds(Messages.html("<a href=\"https://click.mybank.com/t/123\">www.mybank.com</a>"
                + "<a href=\"https://evil-site.com/\">Click here</a><a href=\"https://evil-site.com/r\">report.pdf</a>"))).isEmpty();
    }

    @Test
    void ipLiteralShouldFireForAnyIpForm() {
        assertThat(only(Messages.text("Go to http://3232235777/login now"), UrlSignals.IP_LITERAL_URL).reason())
                .isEqualTo("1 link to an IP address: 192.168.1.1");
        assertThat(ruleIds(Messages.text("Go to http://example.com/1.2.3.4"))).isEmpty();
    }

    @Test
    void credentialsShouldNameTheRealHost() {
        assertThat(only(Messages.html("<a href=\"http://www.paypal.com@evil.example/\">here</a>"), UrlSignals.URL_CREDENTIALS)
                .reason()).isEqualTo("1 link with user info before the host; the real host is evil.example");
        assertThat(ruleIds(Messages.html("<a href=\"http://www.example.com/@user\">profile</a>"))).isEmpty();
    }

    @Test
    void shortenerShouldFireForListedShortenersAndTheirSubdomains() {
        assertThat(only(Messages.text("https://bit.ly/3abc and https://www.tinyurl.com/x"), UrlSignals.URL_SHORTENER).reason())
                .isEqualTo("2 links through a URL shortener: bit.ly");
        assertThat(ruleIds(Messages.text("https://notbit.ly.example.com/x https://example.co/x"))).isEmpty();
        assertThat(UrlSignals.shorteners()).hasSizeGreaterThanOrEqualTo(40).contains("bit.ly", "t.co", "lnkd.in", "s.id");
    }

    @Test
    void punycodeShouldFireWithBothForms() {
        assertThat(only(Messages.html("<a href=\"https://xn--pypal-4ve.com/\">x</a>"), UrlSignals.PUNYCODE_URL).reason())
                .isEqualTo("1 link to a punycode host: pаypal.com (xn--pypal-4ve.com)");
        assertThat(ruleIds(Messages.html("<a href=\"https://example.com/xn--not-a-host\">x</a>"))).isEmpty();
    }

    @Test
    void suspiciousPathShouldFireForABrandLoginPageOnAnotherDomain() {
        assertThat(only(Messages.text("https://evil.example/paypal/login.php"), UrlSignals.SUSPICIOUS_PATH).reason())
                .isEqualTo("1 link dressed as a brand's login page: paypal on evil.example");
        assertThat(only(Messages.text("http://paypal.com.evil-site.net/"), UrlSignals.SUSPICIOUS_PATH).reason())
                .isEqualTo("1 link dressed as a brand's login page: paypal.com on paypal.com.evil-site.net");
        assertThat(ruleIds(Messages.text("https://appleid-verify.evil-site.com/"))).containsExactly(UrlSignals.SUSPICIOUS_PATH);
    }

    @Test
    void suspiciousPathShouldNotFireOnTheBrandsOwnDomainOrWithoutALoginWord() {
        assertThat(ruleIds(Messages.text("https://www.paypal.com/signin https://support.apple.com/apple-id/password "
                + "https://shop.example.com/paypal/checkout https://example.com/purchase/login"))).isEmpty();
    }

    @Test
    void dataUrlShouldFireExceptForInlineImages() {
        assertThat(only(Messages.html("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">open</a>"), UrlSignals.DATA_URL).reason())
                .isEqualTo("1 data: URL (text/html)");
        assertThat(ruleIds(Messages.html("<img src=\"data:image/png;base64,iVBORw0KGgo=\">"))).isEmpty();
    }

    @Test
    void javascriptUrlShouldFireExceptForVoid() {
        assertThat(only(Messages.html("<a href=\"javascript:document.location='x'\">go</a>"), UrlSignals.JAVASCRIPT_URL).reason())
                .isEqualTo("1 script URL (javascript:)");
        assertThat(ruleIds(Messages.html("<a href=\"javascript:void(0)\">x</a>"))).isEmpty();
    }

    @Test
    void formInMailShouldFireForAFormWithOrWithoutAction() {
        assertThat(only(Messages.html("<form action=\"https://collect.example.net/p\"><input name=u></form>"), UrlSignals.FORM_IN_MAIL)
                .reason()).isEqualTo("1 form in the message HTML posting to collect.example.net");
        assertThat(only(Messages.html("<form><input type=password></form>"), UrlSignals.FORM_IN_MAIL).reason())
                .isEqualTo("1 form in the message HTML");
        assertThat(ruleIds(Messages.html("<p>The word &lt;form is not a form</p>"))).isEmpty();
    }

    @Test
    void htmlAttachmentFormShouldFireForAPostingFormOrAPasswordInput() {
        ParsedMessage posting = Messages.textWithAttachment("See attached", "invoice.html", "text/html",
                "<form method=post action=\"https://collect.example.net/p.php\"><input name=u></form>");
        ParsedMessage password = Messages.textWithAttachment("See attached", "Scan_0042.htm", "application/octet-stream",
                "<div><input type=\"PASSWORD\" id=p><button onclick=\"send()\">Open</button></div>");
        ParsedMessage plainPage = Messages.textWithAttachment("See attached", "menu.html", "text/html", "<h1>Lunch menu</h1>");

        assertThat(only(posting, UrlSignals.HTML_ATTACHMENT_FORM).reason())
                .isEqualTo("an HTML attachment with a form posting to collect.example.net");
        assertThat(only(password, UrlSignals.HTML_ATTACHMENT_FORM).reason())
                .isEqualTo("an HTML attachment (Scan_0042.htm) asks for a password");
        assertThat(ruleIds(plainPage)).isEmpty();
    }

    @Test
    void obfuscatedUrlShouldFireForDefangedLinks() {
        assertThat(only(Messages.text("IOC: hxxps://bad-site[.]com/dropper"), UrlSignals.OBFUSCATED_URL).reason())
                .isEqualTo("1 defanged link: bad-site.com");
    }

    @Test
    void exemptDomainsShouldSuppressEverySignalOfTheirUrls() {
        ParsedMessage message = Messages.html("<a href=\"https://login.partner.co.uk/paypal/login\">www.other.com</a>"
                + "<a href=\"http://user@mail.partner.co.uk/\">x</a><a href=\"https://bit.ly/x\">x</a>"
                + "<form action=\"https://forms.partner.co.uk/\"></form>");
        UrlSignals exempting = new UrlSignals(Set.of("Partner.co.uk", "bit.ly"));

        assertThat(exempting.findings(MessageUrls.extract(message), message)).isEmpty();
        assertThat(signals.findings(MessageUrls.extract(message), message)).extracting(Finding::ruleId).containsExactly(
                UrlSignals.LINK_TEXT_MISMATCH, UrlSignals.URL_CREDENTIALS, UrlSignals.URL_SHORTENER, UrlSignals.SUSPICIOUS_PATH,
                UrlSignals.FORM_IN_MAIL);
    }

    @Test
    void exemptionShouldNotCoverOtherDomainsEndingTheSame() {
        UrlSignals exempting = new UrlSignals(Set.of("partner.com"));
        ParsedMessage message = Messages.text("http://1.2.3.4/ http://user@evilpartner.com/");

        assertThat(exempting.findings(MessageUrls.extract(message), message)).extracting(Finding::ruleId)
                .containsExactly(UrlSignals.IP_LITERAL_URL, UrlSignals.URL_CREDENTIALS);
    }

    @Test
    void aLegitimateNewsletterShouldGiveNoPhishingFinding() {
        String links = IntStream.range(0, 60).mapToObj(i -> "<tr><td><a href=\"https://click.news.example-shop.com/ls/click?upn="
                        + "aGVsbG8" + i + "&amp;utm_source=newsletter&amp;utm_medium=email\">Article " + i + ": spring update</a>"
                        + "<img src=\"https://img.news.example-shop.com/i/" + i + ".jpg\" alt=\"\"></td></tr>")
                .collect(Collectors.joining("\n"));
        ParsedMessage newsletter = Messages.html("<html><body><table>"
                + "<tr><td><a href=\"https://www.example-shop.com/\">www.example-shop.com</a></td></tr>" + links
                + "<tr><td><a href=\"https://news.example-shop.com/unsubscribe?u=abc&amp;id=42\">Unsubscribe</a> | "
                + "<a href=\"https://www.example-shop.com/account/preferences\">Update your preferences</a> | "
                + "<a href=\"mailto:help@example-shop.com\">help@example-shop.com</a>"
                + "<img src=\"https://click.news.example-shop.com/open.gif?u=abc\" width=1 height=1></td></tr>"
                + "</table><p>Example Shop, 1 Main Street. View online: https://news.example-shop.com/view/42</p></body></html>");

        List<ExtractedUrl> urls = MessageUrls.extract(newsletter);

        assertThat(urls).hasSizeGreaterThan(120);
        assertThat(signals.findings(urls, newsletter)).isEmpty();
    }

    @Test
    void findingsShouldAggregateOneFindingPerRule() {
        String links = IntStream.range(0, 5).mapToObj(i -> "<a href=\"http://10.0.0." + i + "/\">x</a>").collect(Collectors.joining());

        assertThat(only(Messages.html(links), UrlSignals.IP_LITERAL_URL).reason()).isEqualTo("5 links to an IP address: 10.0.0.0");
    }

    @Test
    void defaultWeightsShouldListEveryRuleWithTheDocumentedWeight() {
        assertThat(UrlSignals.DEFAULT_WEIGHTS).containsExactly(
                java.util.Map.entry("PHISH_LINK_TEXT_MISMATCH", 25.0), java.util.Map.entry("PHISH_IP_LITERAL_URL", 15.0),
                java.util.Map.entry("PHISH_URL_CREDENTIALS", 25.0), java.util.Map.entry("PHISH_URL_SHORTENER", 5.0),
                java.util.Map.entry("PHISH_PUNYCODE_URL", 10.0), java.util.Map.entry("PHISH_SUSPICIOUS_PATH", 15.0),
                java.util.Map.entry("PHISH_DATA_URL", 20.0), java.util.Map.entry("PHISH_JAVASCRIPT_URL", 20.0),
                java.util.Map.entry("PHISH_FORM_IN_MAIL", 10.0), java.util.Map.entry("PHISH_HTML_ATTACHMENT_FORM", 30.0),
                java.util.Map.entry("PHISH_OBFUSCATED_URL", 5.0));
    }
}
