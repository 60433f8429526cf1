package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.ScoringEngine;
import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Recall and false positives of the phishing detector with the default policy (threshold 40, brands protected):
 * <ul>
 *   <li>phishing: the four phishing URLs of SpamAssassin's test data (t/data/phishing, from the OpenPhish and
 *   PhishTank feeds), each in three typical lures written for this test (an HTML link whose text shows the brand's
 *   real address, a plain-text "verify your account" mail, an HTML attachment with a login form posting to it);</li>
 *   <li>ham: every ham message of the SpamAssassin public corpus subset and SpamAssassin's t/data/nice.</li>
 * </ul>
 * Prints the figures (BENCHMARKS.md); fails when false positives exceed 2% or recall falls under 75%.
 */
class PhishingCorpusQualityTest {
    private static final Tenant TENANT = Tenant.of(TenantId.of("quality"), "Quality Test Tenant", List.of(DomainName.of("quality.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());
    private static final PhishingPolicy POLICY = PhishingPolicy.defaults();

    private static Path resource(String name) throws Exception {
        return Path.of(PhishingCorpusQualityTest.class.getResource(name).toURI());
    }

    private static List<String> phishingUrls() throws Exception {
        List<String> urls = new ArrayList<>(Files.readAllLines(resource("/corpora/spamassassin-tdata/phishing/openphish-feed.txt")).stream()
            .filter(line -> line.startsWith("http")).toList());
        for (String line : Files.readAllLines(resource("/corpora/spamassassin-tdata/phishing/phishtank-feed.csv"))) {
            String[] fields = line.split(",");
            if (fields.length > 1 && fields[1].startsWith("http")) {
                urls.add(fields[1]);
            }
        }
        return urls;
    }

    private static List<ParsedMessage> lures(String url) {
        return lureTexts(url).stream().map(PhishingCorpusQualityTest::parse).toList();
    }

    private static List<String> lureTexts(String url) {
        String header = "From: \"Microsoft 365\" <no-reply@account-notice.example>\r\nTo: user@quality.example\r\n"
            + "Subject: Action required: verify your mailbox\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <lure@x.example>\r\n"
            + "MIME-Version: 1.0\r\n";
        String html = header + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Your mailbox is almost full. Sign in at "
            + "<a href=\"" + url.replace("&", "&amp;") + "\">https://login.microsoftonline.com/</a> to keep receiving mail.</p>\r\n";
        String text = header + "Content-Type: text/plain; charset=utf-8\r\n\r\nDear user,\r\n\r\nWe could not verify your account. "
            + "Log in within 24 hours to avoid suspension:\r\n\r\n" + url + "\r\n\r\nIT Support\r\n";
        String attachment = header + "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Please open the attached secure document.\r\n--b1\r\nContent-Type: text/html; name=\"document.html\"\r\n"
            + "Content-Disposition: attachment; filename=\"document.html\"\r\n\r\n<html><body><form method=\"post\" action=\""
            + url.replace("&", "&amp;") + "\"><input name=\"email\"><input type=\"password\" name=\"pass\"></form></body></html>\r\n--b1--\r\n";
        return List.of(html, text, attachment);
    }

    private static ParsedMessage parse(String raw) {
        return ParsedMessage.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    static boolean flagged(ParsedMessage message) {
        return PhishingDetector.offline().findings(TENANT, POLICY, message).stream().anyMatch(finding -> finding.action().isPresent());
    }

    private static List<Path> ham() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("/corpora/spamassassin-public-corpus/easy_ham", "/corpora/spamassassin-public-corpus/easy_ham_2",
            "/corpora/spamassassin-public-corpus/hard_ham", "/corpora/spamassassin-tdata/nice")) {
            try (Stream<Path> walk = Files.walk(resource(folder))) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void recallAndFalsePositivesShouldStayWithinTheirBounds() throws Exception {
        List<String> urls = phishingUrls();
        int lures = 0;
        int caught = 0;
        List<String> missed = new ArrayList<>();
        String[] kinds = {"html link", "plain text", "html attachment"};
        for (String url : urls) {
            List<ParsedMessage> built = lures(url);
            for (int i = 0; i < built.size(); i++) {
                lures++;
                if (flagged(built.get(i))) {
                    caught++;
                } else {
                    missed.add(kinds[i] + " " + url.replaceAll("\\?.*", "") + " "
                        + PhishingDetector.offline().findings(TENANT, POLICY, built.get(i)).stream().map(Finding::ruleId).toList());
                }
            }
        }
        List<Path> ham = ham();
        List<String> falsePositives = new ArrayList<>();
        for (Path file : ham) {
            ParsedMessage message = ParsedMessage.parse(Files.readAllBytes(file));
            List<Finding> findings = PhishingDetector.offline().findings(TENANT, POLICY, message);
            if (findings.stream().anyMatch(finding -> finding.action().isPresent())) {
                falsePositives.add(file.getFileName() + " " + findings.stream().map(Finding::ruleId).toList());
            }
        }
        double recall = 100.0 * caught / lures;
        double falsePositiveRate = 100.0 * falsePositives.size() / ham.size();
        System.out.printf(Locale.ROOT, "Phishing quality: %d/%d lures caught (recall %.1f%%) from %d feed URLs; "
            + "%d/%d ham flagged (false positives %.2f%%)%n", caught, lures, recall, urls.size(), falsePositives.size(), ham.size(),
            falsePositiveRate);
        falsePositives.forEach(line -> System.out.println("  false positive: " + line));
        missed.forEach(line -> System.out.println("  missed: " + line));

        assertThat(urls).hasSize(4);
        assertThat(falsePositiveRate).isLessThanOrEqualTo(2.0);
        assertThat(recall).isGreaterThanOrEqualTo(75.0);
    }

    /** What authenticated bulk mail carries: an RFC 8058 one-click unsubscription and a provider's feedback id. */
    private static final String BULK_MARKS = "List-Unsubscribe: <https://esp.example/unsubscribe/42>\r\n"
        + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nFeedback-ID: 42:newsletter:shop:esp\r\n";
    private static final Verdict DMARC_PASS = Verdict.of(List.of(Finding.of("DMARC_PASS", "dmarc", "pass", "From passes DMARC")));

    private static final ScoringEngine CONTENT = new ScoringEngine(Signals.all(), ScoringWeights.defaults());

    /**
     * How the gateway's default policy would treat the message with the bulk marks added, its From domain passing DMARC
     * or not: 2 held (the phishing action, or a spam score of 70), 1 tagged (a spam score of 50), 0 delivered. Only
     * the damping tells the two apart (it needs the DMARC pass); the marks' own effect on the content rules is in both.
     * The spam score is summed as {@code MessageScorer} does: the content score plus the phishing points.
     */
    private static int treatment(byte[] raw, boolean dmarcPass) {
        ParsedMessage message = ParsedMessage.parse((BULK_MARKS + new String(raw, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        List<Finding> findings = PhishingDetector.offline().findings(TENANT, POLICY, message, dmarcPass ? DMARC_PASS : Verdict.empty());
        long score = Math.max(0, Math.min(100, Math.round(CONTENT.score(message).score() + findings.stream().mapToDouble(Finding::score).sum())));
        if (findings.stream().anyMatch(finding -> finding.action().isPresent()) || score >= 70) {
            return 2;
        }
        return score >= 50 ? 1 : 0;
    }

    /**
     * The damping's change, measured on the corpus (docs/phishing.md): every ham message and every lure with the marks
     * of authenticated bulk mail added (none of the corpus's messages carries them itself), judged without and with a
     * DMARC pass of its From domain, the only difference being whether the damping applies. Newsletters pushed over a
     * threshold by link signals alone are freed; every lure is treated as before, since each names a brand or carries
     * a login form.
     */
    @Test
    void findingsShouldFreeFlaggedHamButNoLureWhenTheyCarryAuthenticatedBulkMarks() throws Exception {
        int[][] lures = new int[2][3];
        for (String url : phishingUrls()) {
            for (String lure : lureTexts(url)) {
                byte[] raw = lure.getBytes(StandardCharsets.UTF_8);
                lures[0][treatment(raw, false)]++;
                lures[1][treatment(raw, true)]++;
            }
        }
        int[][] ham = new int[2][3];
        List<String> changed = new ArrayList<>();
        for (Path file : ham()) {
            byte[] raw = Files.readAllBytes(file);
            int without = treatment(raw, false);
            int with = treatment(raw, true);
            ham[0][without]++;
            ham[1][with]++;
            if (with != without) {
                changed.add(file.getFileName() + " " + without + " -> " + with);
            }
        }
        System.out.printf(Locale.ROOT, "Phishing damping (held/tagged/delivered), bulk marks added, without / with a DMARC pass:%n"
            + "  lures: %d/%d/%d undamped, %d/%d/%d damped%n  ham:   %d/%d/%d undamped, %d/%d/%d damped%n",
            lures[0][2], lures[0][1], lures[0][0], lures[1][2], lures[1][1], lures[1][0],
            ham[0][2], ham[0][1], ham[0][0], ham[1][2], ham[1][1], ham[1][0]);
        changed.forEach(line -> System.out.println("  ham changed: " + line));

        assertThat(lures[1]).containsExactly(lures[0]);
        assertThat(ham[1][2] + ham[1][1]).isLessThan(ham[0][2] + ham[0][1]);
        assertThat(changed).allSatisfy(line -> assertThat(line).matches(".* [12] -> [01]"));
    }
}
