package org.gatehouse.webadmin;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.reports.DeliveryReport;
import org.gatehouse.reports.JdbcReportRuns;
import org.gatehouse.reports.JdbcReports;
import org.gatehouse.reports.ReportQuery;
import org.gatehouse.reports.ReportsPolicies;
import org.gatehouse.reports.ReportsPolicy;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;
import org.gatehouse.reports.mail.ReportContent;
import org.gatehouse.reports.mail.ReportMessage;
import org.gatehouse.reports.mail.ReportMessageBuilder;
import org.gatehouse.reports.mail.ReportPeriod;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each tenant's scheduled report (policy section {@code reports}: daily, weekly or monthly) once its period is
 * over and {@code delay} has passed (late records are then on file), to the policy's recipients in the tenant's own
 * domains, once per period ({@link JdbcReportRuns}). Like a quarantine digest, a report is mail from the gateway
 * itself: it goes straight to the tenant's server (the transport processor), unfiltered.
 */
public class ScheduledReports {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScheduledReports.class);

    /** Who the reports are from, the domain of their Message-IDs, and how long after a period ends its report goes out. */
    public record Settings(String from, String messageIdDomain, Duration delay) {
    }

    private final TenantStore tenants;
    private final ReportsPolicies policies;
    private final JdbcReports reports;
    private final JdbcReportRuns runs;
    private final MailQueueFactory<?> queues;
    private final Settings settings;
    private final Clock clock;
    private final ReportMessageBuilder builder;

    /** @throws IllegalArgumentException when the from address or the Message-ID domain is not usable */
    public ScheduledReports(TenantStore tenants, ReportsPolicies policies, JdbcReports reports, JdbcReportRuns runs,
                            MailQueueFactory<?> queues, Settings settings, Clock clock) {
        this.tenants = tenants;
        this.policies = policies;
        this.reports = reports;
        this.runs = runs;
        this.queues = queues;
        this.settings = settings;
        this.clock = clock;
        this.builder = new ReportMessageBuilder(settings.from(), settings.messageIdDomain());
    }

    /** Sends every report that is due now; returns how many were sent. */
    public synchronized int sendDue() {
        Instant now = clock.instant();
        int sent = 0;
        for (Tenant tenant : tenants.list()) {
            ReportsPolicy policy = policies.policyOf(tenant.id());
            Optional<ReportPeriod> period = policy.schedule().lastCompletePeriod(now.minus(settings.delay()), policy.timeZone());
            if (period.isEmpty()) {
                continue;
            }
            List<String> recipients = policy.recipientsIn(tenant.domains().stream().map(DomainName::asString).toList());
            if (recipients.isEmpty() || runs.wasSent(tenant.id(), period.get().key())) {
                continue;
            }
            Optional<String> messageId = runs.once(tenant.id(), period.get().key(), now, () -> send(tenant, period.get(), recipients, now));
            if (messageId.isPresent()) {
                LOGGER.info("Report {} of tenant {} sent to {} recipient(s): {}", period.get().key(), tenant.id().asString(),
                    recipients.size(), messageId.get());
                if (recipients.size() < policy.recipients().size()) {
                    LOGGER.warn("The report {} of tenant {} was not sent to {} recipient(s) outside the tenant's domains",
                        period.get().key(), tenant.id().asString(), policy.recipients().size() - recipients.size());
                }
                sent++;
            }
        }
        return sent;
    }

    /** Builds and queues one report; returns its Message-ID. */
    private String send(Tenant tenant, ReportPeriod period, List<String> recipients, Instant now) throws MessagingException {
        ReportQuery query = new ReportQuery(Optional.of(tenant.id().asString()), Optional.empty(), period.start(), period.end(),
            period.zone());
        Map<TopDimension, TopReport> tops = new EnumMap<>(TopDimension.class);
        for (TopDimension dimension : TopDimension.values()) {
            tops.put(dimension, reports.top(query, dimension, ReportMessageBuilder.TOP_SHOWN));
        }
        ReportContent content = new ReportContent(tenant.id().asString(), tenant.name(), period,
            reports.summary(query, period.granularity()), tops, reports.delivery(query, DeliveryReport.DEFAULT_TARGET));
        ReportMessage report = builder.build(content, recipients, now);
        MailImpl.Builder mail = MailImpl.builder()
            .name("report-" + UUID.randomUUID())
            .sender(new MailAddress(settings.from()))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(report.content())))
            .state("transport")
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of(tenant.id().asString())))
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")));
        for (String recipient : recipients) {
            mail.addRecipient(new MailAddress(recipient));
        }
        MailImpl built = mail.build();
        MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL)
            .orElseThrow(() -> new MessagingException("The spool queue does not exist"));
        spool.enQueue(built);
        LifecycleUtil.dispose(built);
        return report.messageId();
    }
}
