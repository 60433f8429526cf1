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
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
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
        return List.of(parse(html), parse(text), parse(attachment));
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
}
