package org.gatehouse.reports.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BodyPart;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.MimeUtil;
import org.gatehouse.quarantine.digest.DigestMessageBuilder;
import org.gatehouse.reports.DeliveryReport;
import org.gatehouse.reports.Granularity;
import org.gatehouse.reports.Outcome;
import org.gatehouse.reports.SummaryReport;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;
import org.gatehouse.validation.PlainAddress;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.google.common.base.Preconditions;

/**
 * Builds a tenant's scheduled mail report: multipart/alternative of a text part and a multipart/related holding the
 * HTML and its chart (an inline PNG referenced by {@code cid:}). Both parts carry the same facts: totals per outcome with
 * their shares, the series, the top lists, delivery percentiles and the share within the target.
 * <p>
 * The tenant's name and id (from an operator) and the top items (from mail) appear only in the bodies, as text:
 * HTML-escaped, control and direction characters removed. The headers hold only validated addresses, generated ids and
 * a subject of fixed words and the period's generated label.
 */
public class ReportMessageBuilder {
    /** Items shown per top list. */
    public static final int TOP_SHOWN = 10;
    private static final Map<TopDimension, String> TOP_TITLES = Map.of(
        TopDimension.SENDER, "Top senders",
        TopDimension.SENDER_DOMAIN, "Top sender domains",
        TopDimension.RECIPIENT, "Top recipients",
        TopDimension.CLIENT_IP, "Top client IP addresses",
        TopDimension.RULE, "Top rules");

    private final Mailbox from;
    private final String messageIdDomain;

    /**
     * @param fromAddress     the report's sender, e.g. {@code reports@gateway.example}
     * @param messageIdDomain the domain of Message-IDs and Content-IDs, e.g. {@code gateway.example}
     * @throws IllegalArgumentException for an address that is not a plain local@domain, or a domain that is not a host name
     */
    public ReportMessageBuilder(String fromAddress, String messageIdDomain) {
        Preconditions.checkArgument(PlainAddress.isValidOnHost(fromAddress), "not a plain local@host address: %s", fromAddress);
        this.from = mailbox(fromAddress);
        Preconditions.checkArgument(PlainAddress.isHostName(messageIdDomain), "not a host name: %s", messageIdDomain);
        this.messageIdDomain = messageIdDomain;
    }

    /**
     * @param recipients the addresses of the To header, in the tenant's domains (see
     *                   {@link org.gatehouse.reports.ReportsPolicy#recipientsIn})
     * @throws IllegalArgumentException when there is no recipient, one is not a plain local@domain address, or one is
     *                                  listed twice
     */
    public ReportMessage build(ReportContent content, List<String> recipients, Instant now) {
        Preconditions.checkArgument(!recipients.isEmpty(), "a report needs at least one recipient");
        List<Mailbox> to = recipients.stream().map(ReportMessageBuilder::mailbox).toList();
        Preconditions.checkArgument(recipients.stream().map(address -> address.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet()).size() == recipients.size(), "a recipient is listed twice: %s", recipients);
        String chartId = UUID.randomUUID() + "@" + messageIdDomain;
        Content body = new Content(content);
        try {
            BodyPart html = part(body.html(chartId), "html");
            BodyPart chart = BodyPartBuilder.create()
                .setBody(OutcomeChart.png(content.summary(), body.labels), "image/png")
                .setContentTransferEncoding("base64")
                .setContentDisposition("inline", "chart.png")
                .setField(new RawField("Content-ID", "<" + chartId + ">"))
                .build();
            Multipart related = MultipartBuilder.create("related").addBodyPart(html).addBodyPart(chart).build();
            BodyPart relatedPart = BodyPartBuilder.create()
                .setBody(related)
                .setContentType("multipart/related", new NameValuePair("boundary", MimeUtil.createUniqueBoundary()),
                    new NameValuePair("type", "text/html"))
                .build();
            Multipart alternative = MultipartBuilder.create("alternative")
                .addBodyPart(part(body.text(), "plain"))
                .addBodyPart(relatedPart)
                .build();
            String messageId = "<" + UUID.randomUUID() + "@" + messageIdDomain + ">";
            Message message = Message.Builder.of()
                .setFrom(from)
                .setTo(to)
                .setSubject(subject(content.period()))
                .setDate(Date.from(now), TimeZone.getTimeZone("UTC"))
                .setMessageId(messageId)
                .setField(new RawField("MIME-Version", "1.0"))
                .setField(new RawField("Auto-Submitted", "auto-generated"))
                .setBody(alternative)
                .build();
            return new ReportMessage(messageId, recipients, DefaultMessageWriter.asBytes(message));
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a report in memory failed", e);
        }
    }

    /** Fixed words, the schedule and the period's generated label: nothing an operator or a message wrote. */
    static String subject(ReportPeriod period) {
        return "Gatehouse mail report: " + period.schedule().asString() + ", " + period.label();
    }

    private static BodyPart part(String text, String subtype) throws IOException {
        return BodyPartBuilder.create()
            .setBody(text, subtype, StandardCharsets.UTF_8)
            .setContentTransferEncoding("quoted-printable")
            .build();
    }

    /** The same facts, as text and as HTML. */
    private static final class Content {
        private final ReportContent content;
        private final SummaryReport summary;
        private final Map<Outcome, Long> totals;
        private final Map<Outcome, Double> rates;
        /** Outcomes that occurred in the period: the columns of the series table. */
        private final List<Outcome> occurred;
        private final List<String> labels;
        private final ZoneId zone;

        Content(ReportContent content) {
            this.content = content;
            this.summary = content.summary();
            this.totals = summary.totals();
            this.rates = summary.rates();
            this.occurred = Arrays.stream(Outcome.values()).filter(outcome -> totals.get(outcome) > 0).toList();
            this.zone = content.period().zone();
            this.labels = labels(summary, zone);
        }

        private String tenant() {
            return shown(content.tenantName()) + " (" + shown(content.tenantId()) + ")";
        }

        private String period() {
            return content.period().label() + ", times in " + zone.getId();
        }

        private String totalShare() {
            return percent(summary.total() == 0 ? 0 : 1);
        }

        private String seriesTitle() {
            return "Messages per " + summary.granularity().asString() + " by outcome";
        }

        private List<TopReport> tops() {
            return Arrays.stream(TopDimension.values()).filter(content.tops()::containsKey)
                .map(content.tops()::get).toList();
        }

        String text() {
            StringBuilder text = new StringBuilder("Gatehouse mail report\r\n\r\n")
                .append("Tenant: ").append(tenant()).append("\r\n")
                .append("Period: ").append(period()).append("\r\n\r\n")
                .append("Messages by outcome\r\n");
            for (Outcome outcome : Outcome.values()) {
                text.append(String.format(Locale.ROOT, "  %-32s %10d  %7s%n", outcome.label(), totals.get(outcome),
                    percent(rates.get(outcome))));
            }
            text.append(String.format(Locale.ROOT, "  %-32s %10d  %7s%n", "total", summary.total(), totalShare()))
                .append("\r\n").append(seriesTitle()).append("\r\n");
            for (int index = 0; index < labels.size(); index++) {
                SummaryReport.Bucket bucket = summary.series().get(index);
                text.append("  ").append(labels.get(index)).append(": ").append(bucket.total()).append(" messages");
                String counts = occurred.stream().filter(outcome -> bucket.count(outcome) > 0)
                    .map(outcome -> outcome.label() + " " + bucket.count(outcome)).collect(Collectors.joining(", "));
                text.append(counts.isEmpty() ? "" : " (" + counts + ")").append("\r\n");
            }
            for (TopReport top : tops()) {
                text.append("\r\n").append(TOP_TITLES.get(top.by())).append("\r\n");
                List<TopReport.Entry> entries = shownEntries(top);
                if (entries.isEmpty()) {
                    text.append("  none\r\n");
                }
                int rank = 1;
                for (TopReport.Entry entry : entries) {
                    text.append(String.format(Locale.ROOT, "  %2d. %s: %d messages%n", rank++, shown(entry.item()),
                        entry.messages()));
                }
            }
            text.append("\r\nDelivery\r\n");
            for (String[] row : delivery()) {
                text.append("  ").append(row[0]).append(": ").append(row[1]).append("\r\n");
            }
            // String.format's %n is the platform's line end: a message's is CRLF
            return text.toString().replaceAll("\r?\n", "\r\n");
        }

        String html(String chartId) {
            Document document = Document.createShell("");
            document.outputSettings().charset(StandardCharsets.UTF_8).prettyPrint(true);
            document.head().appendElement("meta").attr("charset", "utf-8");
            document.title("Gatehouse mail report");
            Element body = document.body();
            body.appendElement("h1").text("Gatehouse mail report");
            Element about = body.appendElement("p");
            about.appendText("Tenant: " + tenant());
            about.appendElement("br");
            about.appendText("Period: " + period());

            body.appendElement("h2").text("Messages by outcome");
            Element outcomes = table(body, "Outcome", "Messages", "Share");
            for (Outcome outcome : Outcome.values()) {
                row(outcomes, outcome.label(), Long.toString(totals.get(outcome)), percent(rates.get(outcome)));
            }
            row(outcomes, "total", Long.toString(summary.total()), totalShare());

            body.appendElement("h2").text(seriesTitle());
            body.appendElement("p").appendElement("img")
                .attr("src", "cid:" + chartId)
                .attr("alt", seriesTitle())
                .attr("width", Integer.toString(OutcomeChart.WIDTH))
                .attr("height", Integer.toString(OutcomeChart.HEIGHT));
            List<String> headings = new ArrayList<>(List.of("Time", "Messages"));
            occurred.forEach(outcome -> headings.add(outcome.label()));
            Element series = table(body, headings.toArray(String[]::new));
            for (int index = 0; index < labels.size(); index++) {
                SummaryReport.Bucket bucket = summary.series().get(index);
                List<String> cells = new ArrayList<>(List.of(labels.get(index), Long.toString(bucket.total())));
                occurred.forEach(outcome -> cells.add(Long.toString(bucket.count(outcome))));
                row(series, cells.toArray(String[]::new));
            }

            for (TopReport top : tops()) {
                body.appendElement("h2").text(TOP_TITLES.get(top.by()));
                List<TopReport.Entry> entries = shownEntries(top);
                if (entries.isEmpty()) {
                    body.appendElement("p").text("none");
                    continue;
                }
                Element list = table(body, "#", "Item", "Messages");
                int rank = 1;
                for (TopReport.Entry entry : entries) {
                    row(list, Integer.toString(rank++), shown(entry.item()), Long.toString(entry.messages()));
                }
            }

            body.appendElement("h2").text("Delivery");
            Element delivery = table(body, "Measure", "Value");
            for (String[] row : delivery()) {
                row(delivery, row);
            }
            // jsoup ends lines with LF; a message's lines end with CRLF, and quoted-printable keeps line ends as given
            return ("<!DOCTYPE html>\n" + document.outerHtml()).replaceAll("\r?\n", "\r\n");
        }

        /** Delivery facts as (measure, value) rows. */
        private List<String[]> delivery() {
            DeliveryReport delivery = content.delivery();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"Delivered", delivery.delivered() + " messages"});
            rows.add(new String[] {"50 % delivered within", percentile(delivery, delivery.p50())});
            rows.add(new String[] {"95 % delivered within", percentile(delivery, delivery.p95())});
            rows.add(new String[] {"99 % delivered within", percentile(delivery, delivery.p99())});
            rows.add(new String[] {"Delivered within the target of " + duration(delivery.target()),
                percent(delivery.withinTargetShare()) + " (" + delivery.withinTarget() + " of " + delivery.delivered() + ")"});
            return rows;
        }

        private static List<TopReport.Entry> shownEntries(TopReport top) {
            return top.entries().stream().limit(TOP_SHOWN).toList();
        }

        private static Element table(Element parent, String... headings) {
            Element table = parent.appendElement("table").attr("border", "1").attr("cellpadding", "4")
                .attr("style", "border-collapse: collapse");
            Element row = table.appendElement("thead").appendElement("tr");
            for (String heading : headings) {
                row.appendElement("th").text(heading);
            }
            table.appendElement("tbody");
            return table;
        }

        private static void row(Element table, String... cells) {
            Element row = table.selectFirst("tbody").appendElement("tr");
            for (String cell : cells) {
                row.appendElement("td").text(cell);
            }
        }
    }

    /**
     * The label of each period of the series in the report's zone; where a daylight-saving change repeats an hour, the
     * offset tells the two apart.
     */
    static List<String> labels(SummaryReport summary, ZoneId zone) {
        List<String> plain = labels(summary, zone, pattern(summary.granularity(), false));
        return new HashSet<>(plain).size() == plain.size() ? plain : labels(summary, zone, pattern(summary.granularity(), true));
    }

    private static List<String> labels(SummaryReport summary, ZoneId zone, DateTimeFormatter format) {
        return summary.series().stream().map(bucket -> format.format(bucket.start().atZone(zone))).toList();
    }

    private static DateTimeFormatter pattern(Granularity granularity, boolean withOffset) {
        String pattern = switch (granularity) {
            case HOUR -> "HH:mm";
            case DAY -> "EEE d MMM";
            case WEEK -> "'week of' d MMM uuuu";
            case MONTH -> "MMMM uuuu";
        };
        return DateTimeFormatter.ofPattern(withOffset ? pattern + " xxx" : pattern, Locale.ENGLISH);
    }

    private static String percentile(DeliveryReport delivery, Optional<Duration> value) {
        if (delivery.delivered() == 0) {
            return "nothing delivered";
        }
        return value.map(ReportMessageBuilder::duration).orElse("more than a day");
    }

    /** A delay bucket's bound for people: {@code 5 s}, {@code 90 s}, {@code 2 min}, {@code 4 h}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String shown(String value) {
        return DigestMessageBuilder.shown(value);
    }

    private static Mailbox mailbox(String address) {
        Preconditions.checkArgument(PlainAddress.isValidOnHost(address), "not a plain local@domain address: %s", address);
        int at = address.lastIndexOf('@');
        return new Mailbox(address.substring(0, at), address.substring(at + 1));
    }
}
