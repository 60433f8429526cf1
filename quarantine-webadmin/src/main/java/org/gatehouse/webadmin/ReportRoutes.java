package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.reports.DelayBuckets;
import org.gatehouse.reports.DeliveryReport;
import org.gatehouse.reports.Granularity;
import org.gatehouse.reports.JdbcReports;
import org.gatehouse.reports.Outcome;
import org.gatehouse.reports.ReportQuery;
import org.gatehouse.reports.SummaryReport;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The reports (docs/reports.md), answered from the rollups:
 * {@code GET /gatehouse/reports/summary?tenant=&direction=&from=&to=&granularity=&timeZone=},
 * {@code GET /gatehouse/reports/top?tenant=&direction=&by=&from=&to=&limit=} and
 * {@code GET /gatehouse/reports/delivery?tenant=&direction=&from=&to=&target=}. JSON, or CSV with {@code format=csv} or
 * {@code Accept: text/csv}.
 */
public class ReportRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/reports";
    static final String CSV = "text/csv";
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    static final int DEFAULT_TOP = 10;

    private final JdbcReports reports;
    private final TenantService tenants;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public ReportRoutes(JdbcReports reports, TenantService tenants, JsonTransformer jsonTransformer) {
        this(reports, tenants, jsonTransformer, Clock.systemUTC());
    }

    public ReportRoutes(JdbcReports reports, TenantService tenants, JsonTransformer jsonTransformer, Clock clock) {
        this.reports = reports;
        this.tenants = tenants;
        this.jsonTransformer = jsonTransformer;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/summary", handled((request, response) -> {
            ReportQuery query = query(request);
            Granularity granularity = MessageLogRoutes.text(request, "granularity").map(value -> Granularity.parse(value)
                .orElseThrow(() -> new InvalidFieldException("granularity", "must be one of hour, day, week, month"))).orElse(Granularity.DAY);
            SummaryReport summary = reports.summary(query, granularity);
            return answer(request, response, summaryJson(query, summary), () -> summaryCsv(summary));
        }));
        service.get(BASE_PATH + "/top", handled((request, response) -> {
            ReportQuery query = query(request);
            TopDimension by = MessageLogRoutes.text(request, "by").map(value -> TopDimension.parse(value)
                .orElseThrow(() -> new InvalidFieldException("by", "must be one of " + dimensions())))
                .orElseThrow(() -> new InvalidFieldException("by", "is required: one of " + dimensions()));
            int limit = MessageLogRoutes.integer(request, "limit", DEFAULT_TOP, 1, JdbcReports.MAX_TOP);
            TopReport top = reports.top(query, by, limit);
            return answer(request, response, topJson(query, top, limit), () -> topCsv(top));
        }));
        service.get(BASE_PATH + "/delivery", handled((request, response) -> {
            ReportQuery query = query(request);
            int target = MessageLogRoutes.integer(request, "target", (int) DeliveryReport.DEFAULT_TARGET.toSeconds(), 1, Integer.MAX_VALUE);
            if (!DelayBuckets.isBound(Duration.ofSeconds(target))) {
                throw new InvalidFieldException("target", "must be one of " + DelayBuckets.UPPER_BOUNDS_SECONDS + " (seconds)");
            }
            DeliveryReport delivery = reports.delivery(query, Duration.ofSeconds(target));
            return answer(request, response, deliveryJson(query, delivery), () -> deliveryCsv(delivery));
        }));
    }

    private static String dimensions() {
        return Arrays.stream(TopDimension.values()).map(TopDimension::asString).collect(Collectors.joining(", "));
    }

    ReportQuery query(Request request) {
        Optional<TenantId> asked = MessageLogRoutes.text(request, "tenant").map(value -> {
            try {
                return TenantId.of(value);
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("tenant", e.getReason());
            }
        });
        Optional<String> tenant = GatehouseRoutesSupport.scopedTenant(request, asked).map(id -> {
            if (tenants.get(id).isEmpty()) {
                throw GatehouseRoutesSupport.notFound("Tenant '" + id.asString() + "' does not exist");
            }
            return id.asString();
        });
        Optional<Direction> direction = MessageLogRoutes.text(request, "direction").map(value -> {
            try {
                return Direction.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("direction", "must be one of " + Arrays.stream(Direction.values())
                    .map(Direction::asString).collect(Collectors.joining(", ")));
            }
        });
        Instant to = MessageLogRoutes.instant(request, "to").orElseGet(clock::instant);
        Instant from = MessageLogRoutes.instant(request, "from").orElse(to.minus(DEFAULT_RANGE));
        ZoneId zone = MessageLogRoutes.text(request, "timeZone").map(value -> {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new InvalidFieldException("timeZone", "must be a time zone such as UTC or Europe/Paris");
            }
        }).orElse(ZoneId.of("UTC"));
        if (!from.isBefore(to)) {
            throw new InvalidFieldException("from", "must be before 'to'");
        }
        try {
            return new ReportQuery(tenant, direction, from, to, zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("to", e.getMessage());
        }
    }

    /** JSON, or CSV when the request asks for it ({@code format=csv}, or {@code Accept: text/csv} without a format). */
    private Object answer(Request request, Response response, Map<String, Object> json, CsvBody csv) throws Exception {
        Optional<String> format = MessageLogRoutes.text(request, "format").map(value -> value.toLowerCase(Locale.ROOT));
        if (format.isPresent() && !format.get().equals("csv") && !format.get().equals("json")) {
            throw new InvalidFieldException("format", "must be json or csv");
        }
        boolean wantsCsv = format.map("csv"::equals)
            .orElseGet(() -> Optional.ofNullable(request.headers("Accept")).map(accept -> accept.toLowerCase(Locale.ROOT).contains(CSV))
                .orElse(false));
        if (wantsCsv) {
            response.type(CSV + "; charset=utf-8");
            return csv.write();
        }
        response.type("application/json");
        return jsonTransformer.render(json);
    }

    @FunctionalInterface
    private interface CsvBody {
        String write() throws IOException;
    }

    private static Map<String, Object> scope(ReportQuery query, Instant from, Instant to) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant", query.tenant().orElse(null));
        json.put("direction", query.direction().map(Direction::asString).orElse(null));
        json.put("from", from.toString());
        json.put("to", to.toString());
        return json;
    }

    static Map<String, Object> summaryJson(ReportQuery query, SummaryReport summary) {
        Map<String, Object> json = scope(query, summary.from(), summary.to());
        json.put("granularity", summary.granularity().asString());
        json.put("timeZone", query.zone().getId());
        json.put("outcomes", Arrays.stream(Outcome.values()).map(Outcome::asString).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        for (SummaryReport.Bucket bucket : summary.series()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", bucket.start().toString());
            point.put("counts", byOutcome(bucket.counts()));
            point.put("total", bucket.total());
            series.add(point);
        }
        json.put("series", series);
        json.put("totals", byOutcome(summary.totals()));
        json.put("total", summary.total());
        json.put("rates", byOutcome(summary.rates()));
        return json;
    }

    private static <T> Map<String, T> byOutcome(Map<Outcome, T> values) {
        Map<String, T> json = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            json.put(outcome.asString(), values.get(outcome));
        }
        return json;
    }

    static Map<String, Object> topJson(ReportQuery query, TopReport top, int limit) {
        Map<String, Object> json = scope(query, top.from(), top.to());
        json.put("by", top.by().asString());
        json.put("limit", limit);
        json.put("items", top.entries().stream().map(entry -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item", entry.item());
            item.put("messages", entry.messages());
            return item;
        }).toList());
        return json;
    }

    static Map<String, Object> deliveryJson(ReportQuery query, DeliveryReport delivery) {
        Map<String, Object> json = scope(query, delivery.from(), delivery.to());
        json.put("delivered", delivery.delivered());
        json.put("p50Seconds", delivery.p50().map(Duration::toSeconds).orElse(null));
        json.put("p95Seconds", delivery.p95().map(Duration::toSeconds).orElse(null));
        json.put("p99Seconds", delivery.p99().map(Duration::toSeconds).orElse(null));
        json.put("targetSeconds", delivery.target().toSeconds());
        json.put("withinTarget", delivery.withinTarget());
        json.put("withinTargetShare", delivery.withinTargetShare());
        return json;
    }

    static String summaryCsv(SummaryReport summary) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("start");
        Arrays.stream(Outcome.values()).map(Outcome::asString).forEach(header::add);
        header.add("total");
        return csv(header, summary.series().stream().map(bucket -> {
            List<Object> row = new ArrayList<>();
            row.add(bucket.start().toString());
            Arrays.stream(Outcome.values()).map(bucket::count).forEach(row::add);
            row.add(bucket.total());
            return row;
        }).toList());
    }

    static String topCsv(TopReport top) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        int rank = 1;
        for (TopReport.Entry entry : top.entries()) {
            rows.add(List.of(rank++, entry.item(), entry.messages()));
        }
        return csv(List.of("rank", top.by().asString(), "messages"), rows);
    }

    static String deliveryCsv(DeliveryReport delivery) throws IOException {
        return csv(List.of("from", "to", "delivered", "p50_seconds", "p95_seconds", "p99_seconds", "target_seconds", "within_target",
            "within_target_share"), List.of(List.of(delivery.from().toString(), delivery.to().toString(), delivery.delivered(),
            seconds(delivery.p50()), seconds(delivery.p95()), seconds(delivery.p99()), delivery.target().toSeconds(),
            delivery.withinTarget(), delivery.withinTargetShare())));
    }

    private static String seconds(Optional<Duration> value) {
        return value.map(duration -> String.valueOf(duration.toSeconds())).orElse("");
    }

    /**
     * RFC 4180 CSV (Commons CSV quotes what needs quoting). A cell that a spreadsheet would run as a formula (starting with
     * {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe: a sender address is the attacker's text.
     */
    private static String csv(List<String> header, List<List<Object>> rows) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(ReportRoutes::cell).toList());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out.toString();
    }

    static Object cell(Object value) {
        if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value;
    }
}
