package org.gatehouse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.phishing.ExtractedUrl;
import org.gatehouse.phishing.MessageUrls;
import org.gatehouse.phishing.PhishingDetector;
import org.gatehouse.phishing.PhishingPolicy;
import org.gatehouse.phishing.UrlSignals;
import org.gatehouse.scoring.ScoringEngine;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time per message of the phishing URL pass (extract every URL, then judge them) on an already parsed message with
 * 200 links to about 50 hosts, some of them tricks, so its cost can be set against the rest of the pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PhishingUrlBenchmark {
    static final Tenant TENANT = Tenant.of(TenantId.of("bench"), "Bench Tenant", List.of(DomainName.of("bench.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());

    private ParsedMessage message;
    private UrlSignals signals;
    private PhishingDetector detector;
    private PhishingPolicy policy;
    private ScoringEngine scoring;

    @Setup
    public void setUp() {
        message = ParsedMessage.parse(create());
        signals = new UrlSignals(Set.of("example-shop.com"));
        detector = PhishingDetector.offline();
        policy = new PhishingPolicy(Action.QUARANTINE, 40, 1.0, List.of("partner.example"), List.of("Jane Smith"), true,
            Set.of("example-shop.com"), List.of());
        scoring = ScoringEngine.withDefaults();
    }

    /** The whole phishing pass: URLs and their signals, lookalikes of every sender and linked host, impersonation. */
    @Benchmark
    public List<Finding> wholeDetector() {
        return detector.findings(TENANT, policy, message);
    }

    /** The baseline: Gatehouse's content spam score of the same parsed message. */
    @Benchmark
    public Object contentScoring() {
        return scoring.score(message);
    }

    @Benchmark
    public List<Finding> extractAndJudge() {
        List<ExtractedUrl> urls = MessageUrls.extract(message);
        return signals.findings(urls, message);
    }

    /** An HTML newsletter-like message: 200 anchors to 50 hosts, a few IP, user-info, shortener and punycode links. */
    private long unseen;

    /**
     * A message whose 50 hosts no earlier message had, parsed: the baseline of {@link #unseenHostsDetector}, so that
     * the difference is the detector's cost when none of its per-host answers is known yet (a new campaign).
     */
    @Benchmark
    public ParsedMessage unseenHostsParseOnly() {
        return ParsedMessage.parse(create("u" + (unseen++) + "-"));
    }

    /** The same, then the whole phishing pass: minus {@link #unseenHostsParseOnly}, the cold cost per message. */
    @Benchmark
    public List<Finding> unseenHostsDetector() {
        return detector.findings(TENANT, policy, ParsedMessage.parse(create("u" + (unseen++) + "-")));
    }

    static byte[] create() {
        return create("");
    }

    /** @param hostPrefix put before every linked host name, so that each prefix gives hosts never seen before */
    static byte[] create(String hostPrefix) {
        StringBuilder html = new StringBuilder("<html><body><table>");
        for (int i = 0; i < 200; i++) {
            String href = switch (i % 40) {
                case 7 -> "http://192.168.1." + i + "/login";
                case 13 -> "http://www.paypal.com@" + hostPrefix + "evil-" + i + ".example.net/";
                case 21 -> "https://bit.ly/x" + i;
                case 29 -> "https://xn--pypal-4ve.com/" + i;
                case 33 -> "https://" + hostPrefix + "secure-" + i + ".evil-site.com/paypal/signin?u=" + i;
                default -> "https://" + hostPrefix + "news" + (i % 50) + ".example-" + hostPrefix + (i % 45) + ".com/click?u=abc" + i
                    + "&amp;utm_source=mail";
            };
            String text = i % 10 == 3 ? "www.example-" + hostPrefix + (i % 45) + ".com" : "Article " + i + ": read the full story";
            html.append("<tr><td><a href=\"").append(href).append("\">").append(text).append("</a>")
                    .append(i % 4 == 0 ? "<img src=\"https://img.example-shop.com/" + i + ".jpg\" alt=\"\">" : "")
                    .append("<p>Paragraph ").append(i).append(" with some words about products and offers.</p></td></tr>\n");
        }
        html.append("</table><p>Unsubscribe: https://news.example-shop.com/unsubscribe?u=abc</p></body></html>");
        String raw = "From: news@example-shop.com\r\nTo: someone@example.org\r\nSubject: Spring offers\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <b1@example-shop.com>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html;
        return raw.getBytes(StandardCharsets.UTF_8);
    }
}
