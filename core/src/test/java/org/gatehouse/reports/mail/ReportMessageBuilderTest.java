package org.gatehouse.reports.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;
import javax.mail.BodyPart;
import javax.mail.Header;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.gatehouse.reports.DeliveryReport;
import org.gatehouse.reports.Granularity;
import org.gatehouse.reports.Outcome;
import org.gatehouse.reports.SummaryReport;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableMap;

class ReportMessageBuilderTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");
    private static final ReportPeriod DAY = new ReportPeriod(ReportSchedule.DAILY, LocalDate.of(2026, 12, 5), PARIS);
    private static final String SCRIPT_SENDER = "\"<script>alert(1)</script>\"@evil.test";
    private static final String HOSTILE_NAME = "<script>alert('name')</script> Acme & Co";
    private static final List<String> RECIPIENTS = List.of("admin@acme.example", "boss@acme.example");

    private final ReportMessageBuilder builder = new ReportMessageBuilder("reports@gateway.example", "gateway.example");

    /** The parsed message and its three parts: text, HTML and chart. */
    private record Parsed(MimeMessage message, String text, String html, MimeBodyPart htmlPart, MimeBodyPart chart) {
    }

    private static Map<Outcome, Long> counts(long clean, long spam, long virus) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        counts.put(Outcome.DELIVERED_CLEAN, clean);
        counts.put(Outcome.SPAM_QUARANTINED, spam);
        counts.put(Outcome.VIRUS, virus);
        return counts;
    }

    /** 24 hours: 3 clean and 1 spam each, and one virus at 10:00 (96 + 1 messages). */
    private static SummaryReport summary(ReportPeriod period) {
        List<SummaryReport.Bucket> series = new ArrayList<>();
        for (Instant start = period.start(); start.isBefore(period.end()); start = start.plus(Duration.ofHours(1))) {
            long virus = start.equals(period.start().plus(Duration.ofHours(10))) ? 1 : 0;
            series.add(new SummaryReport.Bucket(start, ImmutableMap.copyOf(counts(3, 1, virus))));
        }
        return new SummaryReport(period.start(), period.end(), Granularity.HOUR, series);
    }

    private static Map<TopDimension, TopReport> tops(ReportPeriod period) {
        List<TopReport.Entry> senders = new ArrayList<>();
        senders.add(new TopReport.Entry(SCRIPT_SENDER, 50));
        IntStream.rangeClosed(2, 12).forEach(rank -> senders.add(new TopReport.Entry("sender" + rank + "@example.com", 50 - rank)));
        return Map.of(
            TopDimension.SENDER, new TopReport(period.start(), period.end(), TopDimension.SENDER, senders),
            TopDimension.RULE, new TopReport(period.start(), period.end(), TopDimension.RULE,
                List.of(new TopReport.Entry("GTUBE", 7), new TopReport.Entry("DLP_<b>IBAN</b>", 3))),
            TopDimension.CLIENT_IP, new TopReport(period.start(), period.end(), TopDimension.CLIENT_IP, List.of()));
    }

    private static DeliveryReport delivery(ReportPeriod period) {
        return new DeliveryReport(period.start(), period.end(), 72, Optional.of(Duration.ofSeconds(5)),
            Optional.of(Duration.ofSeconds(90)), Optional.empty(), Duration.ofSeconds(120), 70);
    }

    private static ReportContent content(String tenantName) {
        return new ReportContent("acme", tenantName, DAY, summary(DAY), tops(DAY), delivery(DAY));
    }

    private ReportMessage build(String tenantName) {
        return builder.build(content(tenantName), RECIPIENTS, NOW);
    }

    private static Parsed parse(ReportMessage report) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(report.content()));
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        MimeBodyPart text = (MimeBodyPart) alternative.getBodyPart(0);
        MimeMultipart related = (MimeMultipart) alternative.getBodyPart(1).getContent();
        MimeBodyPart html = (MimeBodyPart) related.getBodyPart(0);
        return new Parsed(message, (String) text.getContent(), (String) html.getContent(), html,
            (MimeBodyPart) related.getBodyPart(1));
    }

    private static Set<String> headerNames(MimeMessage message) throws Exception {
        Set<String> names = new HashSet<>();
        Enumeration<Header> headers = message.getAllHeaders();
        while (headers.hasMoreElements()) {
            names.add(headers.nextElement().getName());
        }
        return names;
    }

    private static List<String> cells(Element row) {
        return row.select("td").eachText();
    }

    @Test
    void buildShouldNestTextAndRelatedHtmlWithItsChartInAnAlternative() throws Exception {
        Parsed parsed = parse(build("Acme"));

        assertThat(new ContentType(parsed.message().getContentType()).getBaseType()).isEqualTo("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) parsed.message().getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        BodyPart text = alternative.getBodyPart(0);
        assertThat(new ContentType(text.getContentType()).getBaseType()).isEqualTo("text/plain");
        assertThat(new ContentType(text.getContentType()).getParameter("charset")).isEqualToIgnoringCase("UTF-8");
        ContentType relatedType = new ContentType(alternative.getBodyPart(1).getContentType());
        assertThat(relatedType.getBaseType()).isEqualTo("multipart/related");
        assertThat(relatedType.getParameter("type")).isEqualTo("text/html");
        MimeMultipart related = (MimeMultipart) alternative.getBodyPart(1).getContent();
        assertThat(related.getCount()).isEqualTo(2);
        ContentType htmlType = new ContentType(related.getBodyPart(0).getContentType());
        assertThat(htmlType.getBaseType()).isEqualTo("text/html");
        assertThat(htmlType.getParameter("charset")).isEqualToIgnoringCase("UTF-8");
        assertThat(new ContentType(parsed.chart().getContentType()).getBaseType()).isEqualTo("image/png");
        assertThat(parsed.chart().getDisposition()).isEqualTo(MimeBodyPart.INLINE);
        assertThat(parsed.chart().getContentID()).matches("<[0-9a-f-]{36}@gateway\\.example>");
    }

    @Test
    void buildShouldDrawTheChartAsAPngOfTheExpectedSize() throws Exception {
        Parsed parsed = parse(build("Acme"));

        BufferedImage image;
        try (InputStream png = parsed.chart().getInputStream()) {
            image = ImageIO.read(png);
        }
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(720);
        assertThat(image.getHeight()).isEqualTo(320);
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    @Test
    void buildShouldReferenceTheChartFromTheHtmlByItsContentId() throws Exception {
        Parsed parsed = parse(build("Acme"));

        String contentId = parsed.chart().getContentID();
        String cid = "cid:" + contentId.substring(1, contentId.length() - 1);
        Document html = Jsoup.parse(parsed.html());
        assertThat(html.select("img").eachAttr("src")).containsExactly(cid);
        assertThat(html.selectFirst("img").attr("width")).isEqualTo("720");
    }

    @Test
    void buildShouldEscapeTheTenantNameAndTopItemsInTheHtml() throws Exception {
        Parsed parsed = parse(build(HOSTILE_NAME));

        Document html = Jsoup.parse(parsed.html());
        assertThat(html.select("script")).isEmpty();
        assertThat(html.select("b")).isEmpty();
        assertThat(parsed.html()).doesNotContain("<script").doesNotContain("<b>")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.body().text()).contains(HOSTILE_NAME).contains(SCRIPT_SENDER).contains("DLP_<b>IBAN</b>");
        assertThat(html.select("td").eachText()).contains(SCRIPT_SENDER);
    }

    @Test
    void buildShouldShowTheTenantNameAndTopItemsAsPlainTextInTheTextPart() throws Exception {
        Parsed parsed = parse(build(HOSTILE_NAME));

        assertThat(parsed.text()).contains("Tenant: " + HOSTILE_NAME + " (acme)")
            .contains(" 1. " + SCRIPT_SENDER + ": 50 messages")
            .contains("DLP_<b>IBAN</b>: 3 messages")
            .doesNotContain("&lt;");
    }

    @Test
    void buildShouldWriteASubjectOfFixedTextAndThePeriodOnly() throws Exception {
        Parsed parsed = parse(build(HOSTILE_NAME));

        assertThat(parsed.message().getSubject()).isEqualTo("Gatehouse mail report: daily, 5 December 2026")
            .doesNotContain("Acme").doesNotContain("acme").doesNotContain("script");
    }

    @Test
    void buildShouldEncodeTheSubjectOfAWeek() throws Exception {
        ReportPeriod week = new ReportPeriod(ReportSchedule.WEEKLY, LocalDate.of(2026, 11, 30), PARIS);
        ReportContent content = new ReportContent("acme", "Acme", week, summary(DAY), Map.of(), delivery(DAY));

        MimeMessage message = parse(builder.build(content, RECIPIENTS, NOW)).message();

        assertThat(message.getSubject()).isEqualTo("Gatehouse mail report: weekly, week 49 of 2026 (30 November – 6 December 2026)");
        assertThat(message.getHeader("Subject")[0]).doesNotContain("–");
    }

    @Test
    void buildShouldNotLetATenantNameWithLineBreaksAddAHeader() throws Exception {
        String name = "Acme\r\nBcc: victim@evil.test\r\nX-Injected: yes\r\n\r\n<script>x</script>";
        ReportMessage report = build(name);
        Parsed parsed = parse(report);

        assertThat(headerNames(parsed.message())).containsExactlyInAnyOrder("From", "To", "Date", "Message-ID", "Subject",
            "MIME-Version", "Auto-Submitted", "Content-Type");
        assertThat(parsed.message().getHeader("Bcc")).isNull();
        assertThat(parsed.message().getHeader("X-Injected")).isNull();
        assertThat(parsed.message().getAllRecipients()).extracting(address -> ((InternetAddress) address).getAddress())
            .containsExactlyElementsOf(RECIPIENTS);
        assertThat(parsed.text()).contains("Tenant: Acme Bcc: victim@evil.test X-Injected: yes <script>x</script> (acme)");
        assertThat(Jsoup.parse(parsed.html()).select("script")).isEmpty();
    }

    @Test
    void buildShouldWriteTheHeadersOfAnAutomaticMessage() throws Exception {
        ReportMessage report = build("Acme");
        MimeMessage message = parse(report).message();

        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("reports@gateway.example");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(address -> ((InternetAddress) address).getAddress())
            .containsExactly("admin@acme.example", "boss@acme.example");
        assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getHeader("MIME-Version")).containsExactly("1.0");
        assertThat(message.getMessageID()).isEqualTo(report.messageId()).matches("<[0-9a-f-]{36}@gateway\\.example>");
        assertThat(report.recipients()).isEqualTo(RECIPIENTS);
        assertThat(build("Acme").messageId()).isNotEqualTo(report.messageId());
    }

    @Test
    void buildShouldEndEveryLineWithCrLf() {
        byte[] content = build("Acme").content();

        for (int index = 0; index < content.length; index++) {
            if (content[index] == '\n') {
                assertThat(index).isPositive();
                assertThat(content[index - 1]).as("byte before the LF at %s", index).isEqualTo((byte) '\r');
            }
        }
    }

    @Test
    void buildShouldShowTheTotalsPerOutcomeWithTheirShareInBothParts() throws Exception {
        Parsed parsed = parse(build("Acme"));
        Document html = Jsoup.parse(parsed.html());
        Element totals = html.select("table").get(0);

        // 72 clean, 24 spam, 1 virus: 97 messages
        assertThat(parsed.text()).containsPattern("delivered clean +72 +74\\.2 %")
            .containsPattern("spam quarantined +24 +24\\.7 %")
            .containsPattern("virus +1 +1\\.0 %")
            .containsPattern("phishing +0 +0\\.0 %")
            .containsPattern("total +97 +100\\.0 %");
        assertThat(totals.select("tbody tr")).extracting(ReportMessageBuilderTest::cells)
            .contains(List.of("delivered clean", "72", "74.2 %"), List.of("spam quarantined", "24", "24.7 %"),
                List.of("virus", "1", "1.0 %"), List.of("phishing", "0", "0.0 %"), List.of("total", "97", "100.0 %"));
        assertThat(totals.select("tbody tr")).hasSize(Outcome.values().length + 1);
    }

    @Test
    void buildShouldShowTheSeriesInLocalTimeInBothParts() throws Exception {
        Parsed parsed = parse(build("Acme"));
        Element series = Jsoup.parse(parsed.html()).select("table").get(1);

        assertThat(series.select("thead th").eachText()).containsExactly("Time", "Messages", "delivered clean",
            "spam quarantined", "virus");
        assertThat(series.select("tbody tr")).hasSize(24);
        assertThat(cells(series.select("tbody tr").get(0))).containsExactly("00:00", "4", "3", "1", "0");
        assertThat(cells(series.select("tbody tr").get(10))).containsExactly("10:00", "5", "3", "1", "1");
        assertThat(parsed.text()).contains("Messages per hour by outcome")
            .contains("  00:00: 4 messages (delivered clean 3, spam quarantined 1)")
            .contains("  10:00: 5 messages (delivered clean 3, spam quarantined 1, virus 1)")
            .contains("  23:00: 4 messages");
    }

    @Test
    void buildShouldShowTheTopTenOfEachDimensionInBothParts() throws Exception {
        Parsed parsed = parse(build("Acme"));
        Document html = Jsoup.parse(parsed.html());

        assertThat(html.select("h2").eachText()).containsSubsequence("Top senders", "Top client IP addresses", "Top rules");
        Element senders = html.select("h2:containsOwn(Top senders) + table").first();
        assertThat(senders.select("tbody tr")).hasSize(10);
        assertThat(cells(senders.select("tbody tr").get(9))).containsExactly("10", "sender10@example.com", "40");
        assertThat(parsed.html()).doesNotContain("sender11@example.com");
        assertThat(parsed.text()).contains("10. sender10@example.com: 40 messages").doesNotContain("sender11@example.com")
            .contains("Top client IP addresses\r\n  none\r\n");
        assertThat(html.select("h2:containsOwn(Top client IP addresses) + p").text()).isEqualTo("none");
    }

    @Test
    void buildShouldShowDeliveryPercentilesAndTheShareWithinTargetInBothParts() throws Exception {
        Parsed parsed = parse(build("Acme"));
        Element delivery = Jsoup.parse(parsed.html()).select("h2:containsOwn(Delivery) + table").first();

        assertThat(delivery.select("tbody tr")).extracting(ReportMessageBuilderTest::cells).containsExactly(
            List.of("Delivered", "72 messages"),
            List.of("50 % delivered within", "5 s"),
            List.of("95 % delivered within", "90 s"),
            List.of("99 % delivered within", "more than a day"),
            List.of("Delivered within the target of 2 min", "97.2 % (70 of 72)"));
        assertThat(parsed.text()).contains("  Delivered: 72 messages\r\n")
            .contains("  50 % delivered within: 5 s\r\n")
            .contains("  95 % delivered within: 90 s\r\n")
            .contains("  99 % delivered within: more than a day\r\n")
            .contains("  Delivered within the target of 2 min: 97.2 % (70 of 72)\r\n");
    }

    @Test
    void buildShouldDrawAChartWhenThereWasNoMail() throws Exception {
        SummaryReport empty = new SummaryReport(DAY.start(), DAY.end(), Granularity.HOUR, List.of(
            new SummaryReport.Bucket(DAY.start(), ImmutableMap.copyOf(counts(0, 0, 0)))));
        DeliveryReport nothing = new DeliveryReport(DAY.start(), DAY.end(), 0, Optional.empty(), Optional.empty(),
            Optional.empty(), DeliveryReport.DEFAULT_TARGET, 0);
        Parsed parsed = parse(builder.build(new ReportContent("acme", "Acme", DAY, empty, Map.of(), nothing), RECIPIENTS, NOW));

        try (InputStream png = parsed.chart().getInputStream()) {
            assertThat(ImageIO.read(png).getWidth()).isEqualTo(720);
        }
        assertThat(parsed.text()).contains("50 % delivered within: nothing delivered").contains("100.0 % (0 of 0)");
    }

    @Test
    void labelsShouldTellTheRepeatedHourApartOnTheAutumnChange() {
        ReportPeriod autumn = new ReportPeriod(ReportSchedule.DAILY, LocalDate.of(2026, 10, 25), PARIS);

        List<String> labels = ReportMessageBuilder.labels(summary(autumn), PARIS);

        assertThat(labels).hasSize(25).doesNotHaveDuplicates().contains("02:00 +02:00", "02:00 +01:00");
        assertThat(ReportMessageBuilder.labels(summary(DAY), PARIS)).startsWith("00:00", "01:00").endsWith("23:00");
    }

    @Test
    void durationShouldUseTheLargestWholeUnit() {
        assertThat(ReportMessageBuilder.duration(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(ReportMessageBuilder.duration(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(ReportMessageBuilder.duration(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(ReportMessageBuilder.duration(Duration.ofSeconds(14400))).isEqualTo("4 h");
    }

    @Test
    void buildShouldRefuseRecipientsThatCouldBreakAHeader() {
        ReportContent content = content("Acme");

        assertThatThrownBy(() -> builder.build(content, List.of("admin@acme.example\r\nBcc: victim@evil.test"), NOW))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.build(content, List.of("Admin <admin@acme.example>"), NOW))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.build(content, List.of(), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.build(content, List.of("a@acme.example", "A@acme.example"), NOW))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportMessageBuilder("reports@gateway.example\r\nX: y", "gateway.example"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportMessageBuilder("reports@gateway.example", "gateway.example>\r\nX: y"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentShouldRefuseATopListUnderAnotherDimension() {
        Map<TopDimension, TopReport> misfiled = Map.of(TopDimension.SENDER,
            new TopReport(DAY.start(), DAY.end(), TopDimension.RULE, Collections.emptyList()));

        assertThatThrownBy(() -> new ReportContent("acme", "Acme", DAY, summary(DAY), misfiled, delivery(DAY)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
