package org.gatehouse.app;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.webadmin.Routes;
import org.gatehouse.antivirus.ScannerHealth;
import org.gatehouse.antivirus.VirusScanner;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.MetricRegistry;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /metrics}: every meter of the registry in Prometheus's text format (version 0.0.4). The queue sizes
 * ({@code gatehouse_queue_size{queue}}) and the quarantine's entries per family ({@code gatehouse_quarantine_entries{family}})
 * are read when scraped; a queue or an index that cannot be read leaves its series out (the health check reports it).
 * So is each configured clamd's state ({@code gatehouse_clamd_up{clamd}}, as its last exchange left it). James's own
 * meters follow (a timer per mailet and matcher, per SMTP command).
 */
public class MetricsRoutes implements Routes {
    public static final String BASE = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOGGER = LoggerFactory.getLogger(MetricsRoutes.class);

    private final PrometheusMeterRegistry registry;
    private final DropwizardExports james;
    private final MailQueueFactory<? extends ManageableMailQueue> queues;
    private final QuarantineIndex quarantine;
    private final MultiGauge queueSizes;
    private final MultiGauge quarantineEntries;
    private final Optional<VirusScanner> antivirus;
    private final MultiGauge clamdUp;

    @Inject
    public MetricsRoutes(PrometheusMeterRegistry registry, MetricRegistry jamesMetrics,
                         MailQueueFactory<? extends ManageableMailQueue> queues, QuarantineIndex quarantine,
                         Optional<VirusScanner> antivirus) {
        this.registry = registry;
        this.james = new DropwizardExports(jamesMetrics);
        this.queues = queues;
        this.quarantine = quarantine;
        this.queueSizes = MultiGauge.builder("gatehouse.queue.size")
            .description("Mails waiting in each of James's mail queues").register(registry);
        this.quarantineEntries = MultiGauge.builder("gatehouse.quarantine.entries")
            .description("Messages held in the quarantine, per family").register(registry);
        this.antivirus = antivirus;
        this.clamdUp = MultiGauge.builder("gatehouse.clamd.up")
            .description("1 when the clamd's last exchange (scan or ping) answered, 0 when it failed; absent until its first")
            .register(registry);
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::scrape);
    }

    private String scrape(Request request, Response response) {
        refreshQueues();
        refreshQuarantine();
        refreshClamd();
        response.type(CONTENT_TYPE);
        return registry.scrape() + jamesMetrics();
    }

    /**
     * James's own meters (Dropwizard): a timer per mailet and matcher class, per SMTP command, the spool's processing,
     * the queues' enqueue and dequeue counts. Its JVM gauges are left out: Micrometer's {@code jvm_*} meters say it.
     */
    private String jamesMetrics() {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, Collections.enumeration(james.collect().stream()
                .filter(family -> !family.name.startsWith("jvm"))
                .toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void refreshQueues() {
        List<MultiGauge.Row<?>> rows = queues.listCreatedMailQueues().stream()
            .sorted(Comparator.comparing(MailQueueName::asString))
            .flatMap(name -> queues.getQueue(name).stream().<MultiGauge.Row<?>>flatMap(queue -> {
                try {
                    return Stream.of(MultiGauge.Row.of(Tags.of("queue", name.asString()), queue.getSize()));
                } catch (Exception e) {
                    LOGGER.warn("The size of mail queue {} cannot be read", name.asString(), e);
                    return Stream.empty();
                }
            }))
            .toList();
        queueSizes.register(rows, true);
    }

    private void refreshClamd() {
        clamdUp.register(antivirus.stream().flatMap(scanner -> scanner.health().stream())
            .filter(health -> health.state() != ScannerHealth.State.UNKNOWN)
            .<MultiGauge.Row<?>>map(health -> MultiGauge.Row.of(Tags.of("clamd", health.scanner()), health.isUp() ? 1 : 0))
            .toList(), true);
    }

    private void refreshQuarantine() {
        try {
            Map<QuarantineFamily, Long> counts = quarantine.countByFamily();
            quarantineEntries.register(EnumSet.allOf(QuarantineFamily.class).stream()
                .<MultiGauge.Row<?>>map(family -> MultiGauge.Row.of(Tags.of("family", family.asString()), counts.getOrDefault(family, 0L)))
                .toList(), true);
        } catch (RuntimeException e) {
            LOGGER.warn("The quarantine index cannot be counted", e);
            quarantineEntries.register(List.of(), true);
        }
    }
}
