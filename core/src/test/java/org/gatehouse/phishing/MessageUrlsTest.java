package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.phishing.ExtractedUrl.Flag;
import org.gatehouse.phishing.ExtractedUrl.Source;
import org.junit.jupiter.api.Test;

class MessageUrlsTest {
    private static ExtractedUrl only(List<ExtractedUrl> urls) {
        assertThat(urls).hasSize(1);
        return urls.get(0);
    }

    private static ExtractedUrl parse(String url) {
        return ExtractedUrl.parse(url, Source.TEXT, Optional.empty()).orElseThrow();
    }

    @Test
    void extractShouldReadEveryHtmlElementWithItsSourceInDocumentOrder() {
        ParsedMessage message = Messages.html("<html><body>"
                + "<a href=\"https://one.example.com/a?x=1&amp;y=2\">Read more</a>"
                + "<map><area href=\"https://two.example.com/\" alt=\"area\"></map>"
                + "<img src=\"https://img.example.com/logo.png\">"
                + "<iframe src=\"https://frame.example.com/\"></iframe>"
                + "<form action=\"https://post.example.com/submit\"><input name=q></form>"
                + "</body></html>");

        List<ExtractedUrl> urls = MessageUrls.extract(message);

        assertThat(urls).extracting(ExtractedUrl::source)
                .containsExactly(Source.HREF, Source.HREF, Source.SRC, Source.SRC, Source.FORM_ACTION);
        assertThat(urls).extracting(url -> url.host().orElseThrow())
                .containsExactly("one.example.com", "two.example.com", "img.example.com", "frame.example.com", "post.example.com");
        assertThat(urls.get(0).query()).isEqualTo("x=1&y=2");
        assertThat(urls.get(0).linkText()).contains("Read more");
        assertThat(urls.get(1).linkText()).contains("area");
        assertThat(urls.get(4).flags()).contains(Flag.FORM_ACTION);
    }

    @Test
    void extractShouldResolveRelativeLinksAgainstTheBaseHref() {
        ParsedMessage message = Messages.html("<html><head><base href=\"https://evil.example.net/kit/\"></head><body>"
                + "<a href=\"login.php\">Sign in</a><a href=\"relative-without-base\">x</a></body></html>");

        ExtractedUrl url = MessageUrls.extract(message).get(0);

        assertThat(url.host()).contains("evil.example.net");
        assertThat(url.path()).isEqualTo("/kit/login.php");
    }

    @Test
    void extractShouldSkipRelativeLinksFragmentsAndMailtoWithoutBase() {
        ParsedMessage message = Messages.html("<a href=\"#top\">top</a><a href=\"page.html\">p</a>"
                + "<a href=\"mailto:x@example.com\">mail</a><a href=\"tel:+1555\">call</a>");

        assertThat(MessageUrls.extract(message)).isEmpty();
    }

    @Test
    void extractShouldFindSchemeWwwAndBareDomainUrlsInPlainText() {
        ParsedMessage message = Messages.text("See https://docs.example.com/guide, or www.example.org. "
                + "Log in at portal.example.net/login (today).");

        List<ExtractedUrl> urls = MessageUrls.extract(message);

        assertThat(urls).extracting(url -> url.host().orElseThrow())
                .containsExactly("docs.example.com", "www.example.org", "portal.example.net");
        assertThat(urls).allMatch(url -> url.source() == Source.TEXT);
        assertThat(urls.get(0).path()).isEqualTo("/guide");
        assertThat(urls.get(1).flags()).contains(Flag.NO_SCHEME);
        assertThat(urls.get(2).path()).isEqualTo("/login");
    }

    @Test
    void extractShouldNotTakeFileNamesOrAddressesForUrls() {
        ParsedMessage message = Messages.text("Attached report.pdf and notes.txt, version 1.2.3, see invoice.docx. "
                + "Mail john@example.com or visit example.com today. e.g. this.");

        assertThat(MessageUrls.extract(message)).isEmpty();
    }

    @Test
    void extractShouldUndoDefangingAndFlagIt() {
        ParsedMessage message = Messages.text("Bad: hxxps://evil-site[.]com/pay and evil-other(dot)net/x and hxxp[:]//third.org/");

        List<ExtractedUrl> urls = MessageUrls.extract(message);

        assertThat(urls).extracting(url -> url.host().orElseThrow()).containsExactly("evil-site.com", "evil-other.net", "third.org");
        assertThat(urls).allMatch(url -> url.has(Flag.OBFUSCATED));
        assertThat(urls.get(0).scheme()).isEqualTo("https");
    }

    @Test
    void extractShouldFindUrlsInTheVisibleTextOfHtmlAndCollapseDuplicatesKeepingTheFirstSource() {
        ParsedMessage message = Messages.html("<p><a href=\"https://www.example.com/a\">https://www.example.com/a</a> "
                + "and https://text-only.example.com/b</p>");

        List<ExtractedUrl> urls = MessageUrls.extract(message);

        assertThat(urls).extracting(ExtractedUrl::source).containsExactly(Source.HREF, Source.TEXT);
        assertThat(urls.get(1).host()).contains("text-only.example.com");
    }

    @Test
    void extractShouldReadFormsAndLinksOfHtmlAttachments() {
        ParsedMessage message = Messages.textWithAttachment("See attached", "invoice.htm", "application/octet-stream",
                "<html><body><form method=post action=\"https://collect.example.net/p.php\">"
                        + "<input type=password name=p></form><a href=\"https://help.example.net/\">help</a></body></html>");

        List<ExtractedUrl> urls = MessageUrls.extract(message);

        assertThat(urls).extracting(ExtractedUrl::source).containsOnly(Source.HTML_ATTACHMENT);
        assertThat(urls).extracting(url -> url.host().orElseThrow()).containsExactly("collect.example.net", "help.example.net");
        assertThat(urls.get(0).flags()).contains(Flag.FORM_ACTION);
        assertThat(message.htmlAttachments()).hasSize(1);
    }

    @Test
    void parseShouldTakeTheHostAfterUserInfo() {
        ExtractedUrl url = parse("http://www.paypal.com@evil.example/login");

        assertThat(url.host()).contains("evil.example");
        assertThat(url.flags()).contains(Flag.CREDENTIALS);
        assertThat(url.path()).isEqualTo("/login");
    }

    @Test
    void parseShouldNormaliseDecimalHexAndOctalIpAddresses() {
        assertThat(parse("http://3232235777/").host()).contains("192.168.1.1");
        assertThat(parse("http://0xC0A80101/x").host()).contains("192.168.1.1");
        assertThat(parse("http://0300.0250.1.1/").host()).contains("192.168.1.1");
        assertThat(parse("http://0xc0.168.257/").host()).contains("192.168.1.1");
        assertThat(parse("http://0300.0250.1.1/").flags()).contains(Flag.IP_LITERAL, Flag.ENCODED_IP);
        assertThat(parse("http://192.168.1.1:8080/").flags()).contains(Flag.IP_LITERAL).doesNotContain(Flag.ENCODED_IP);
        assertThat(parse("http://[2001:DB8::1]/").host()).contains("[2001:db8::1]");
    }

    @Test
    void parseShouldGiveBothUnicodeAndPunycodeForms() {
        ExtractedUrl written = parse("https://xn--pypal-4ve.com/");
        ExtractedUrl unicode = parse("https://pаypal.com/");

        assertThat(written.host()).contains("pаypal.com");
        assertThat(written.asciiHost()).contains("xn--pypal-4ve.com");
        assertThat(unicode.asciiHost()).contains("xn--pypal-4ve.com");
        assertThat(written.flags()).contains(Flag.PUNYCODE);
        assertThat(unicode.flags()).contains(Flag.PUNYCODE);
        assertThat(parse("https://example.com/").flags()).doesNotContain(Flag.PUNYCODE);
    }

    @Test
    void parseShouldDecodePercentEncodedHostsAndLowerCase() {
        ExtractedUrl url = parse("http://%65vil.EXAMPLE.com./x");

        assertThat(url.host()).contains("evil.example.com");
        assertThat(url.flags()).contains(Flag.PERCENT_ENCODED_HOST);
    }

    @Test
    void parseShouldReadDataAndJavascriptUrlsWithoutHost() {
        ExtractedUrl data = parse("data:text/html;base64,PHNjcmlwdD4=");
        ExtractedUrl script = parse("JavaScript:alert(1)");

        assertThat(data.host()).isEmpty();
        assertThat(data.flags()).containsExactly(Flag.DATA);
        assertThat(script.scheme()).isEqualTo("javascript");
        assertThat(script.flags()).containsExactly(Flag.JAVASCRIPT);
        assertThat(ExtractedUrl.parse("mailto:a@example.com", Source.HREF, Optional.empty())).isEmpty();
    }

    @Test
    void parseShouldReadBackslashesAndMissingSlashesAsBrowsersDo() {
        assertThat(parse("https:\\\\evil.example.com\\path").host()).contains("evil.example.com");
        assertThat(parse("https:\\\\evil.example.com\\path").path()).isEqualTo("/path");
        assertThat(parse("//cdn.example.com/x").host()).contains("cdn.example.com");
    }

    @Test
    void extractShouldKeepHtmlEntityDecodedTargets() {
        ParsedMessage message = Messages.html("<a href=\"&#104;ttps://&#101;vil.example.com/\">x</a>");

        assertThat(only(MessageUrls.extract(message)).host()).contains("evil.example.com");
    }

    @Test
    void extractShouldStopAtTheUrlCap() {
        String links = IntStream.range(0, 1_500).mapToObj(i -> "<a href=\"https://h" + i + ".example.com/p\">link " + i + "</a>")
                .collect(Collectors.joining("\n"));

        List<ExtractedUrl> urls = MessageUrls.extract(Messages.html("<html><body>" + links + "</body></html>"));

        assertThat(urls).hasSize(MessageUrls.MAX_URLS);
        assertThat(urls.get(999).host()).contains("h999.example.com");
    }

    @Test
    void extractShouldReadNoMoreTextThanTheCap() {
        String filler = "x ".repeat(MessageUrls.MAX_SCANNED_CHARS / 2 + 10);

        assertThat(MessageUrls.extract(Messages.text(filler + " https://late.example.com/"))).isEmpty();
        assertThat(MessageUrls.extract(Messages.text("https://early.example.com/ " + filler))).hasSize(1);
    }

    @Test
    void extractShouldBeDeterministic() {
        ParsedMessage message = Messages.html("<a href=\"https://b.example.com/\">b</a><a href=\"http://1.2.3.4/\">c</a>"
                + " https://c.example.com/");

        assertThat(MessageUrls.extract(message)).isEqualTo(MessageUrls.extract(message));
    }

    @Test
    void extractShouldKeepTheLinkTextShowingADomainWhenTheSameLinkComesTwice() {
        ParsedMessage message = Messages.html("<a href=\"https://evil.example.net/\"><img src=\"https://evil.example.net/i.png\"></a>"
                + "<a href=\"https://evil.example.net/\">www.mybank.com</a>");

        ExtractedUrl link = MessageUrls.extract(message).get(0);

        assertThat(link.linkText()).contains("www.mybank.com");
    }
}
