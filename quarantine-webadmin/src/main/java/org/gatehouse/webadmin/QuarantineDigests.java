package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
import org.gatehouse.quarantine.DigestRuns;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantinePolicies;
import org.gatehouse.quarantine.QuarantinePolicy;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.digest.ActionTokens;
import org.gatehouse.quarantine.digest.DigestActions;
import org.gatehouse.quarantine.digest.DigestMessage;
import org.gatehouse.quarantine.digest.DigestMessageBuilder;
import org.gatehouse.quarantine.digest.DigestSchedule;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each recipient whose digest is due (policy {@code quarantine.digest}) the list of what was held for them
 * since their last digest, never a virus, with signed one-click links to the self-service page. A digest is mail
 * from the gateway itself: it goes straight to the tenant's server (the transport processor), unfiltered.
 */
public class QuarantineDigests {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineDigests.class);
    private static final int MAX_ENTRIES = 500;

    /** Where the links point and who the digest is from. */
    public record Settings(String baseUrl, String from) {
    }

    private final TenantStore tenants;
    private final QuarantineService service;
    private final QuarantinePolicies policies;
    private final DigestRuns runs;
    private final ActionTokens tokens;
    private final MailQueueFactory<?> queues;
    private final Settings settings;
    private final Clock clock;

    public QuarantineDigests(TenantStore tenants, QuarantineService service, QuarantinePolicies policies, DigestRuns runs,
                             ActionTokens tokens, MailQueueFactory<?> queues, Settings settings, Clock clock) {
        this.tenants = tenants;
        this.service = service;
        this.policies = policies;
        this.runs = runs;
        this.tokens = tokens;
        this.queues = queues;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sends every digest that is due now; returns how many were sent. */
    public synchronized int sendDue() throws MessagingException {
        Instant now = clock.instant();
        int sent = 0;
        for (Tenant tenant : tenants.list()) {
            QuarantinePolicy policy = policies.policyOf(tenant.id());
            Map<String, List<QuarantineEntry>> byRecipient = new LinkedHashMap<>();
            QuarantinePage page = service.search(QuarantineQuery.all().withTenant(tenant.id()).page(0, QuarantineQuery.MAX_LIMIT));
            for (QuarantineEntry entry : page.items()) {
                if (entry.family() == QuarantineFamily.VIRUS || !entry.direction().equals("inbound")) {
                    continue;
                }
                for (String recipient : entry.recipients()) {
                    byRecipient.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(entry);
                }
            }
            for (Map.Entry<String, List<QuarantineEntry>> recipient : byRecipient.entrySet()) {
                DigestSchedule schedule = policy.scheduleFor(recipient.getKey());
                Optional<Instant> last = runs.lastSent(tenant.id(), recipient.getKey());
                if (!schedule.isDue(last, now)) {
                    continue;
                }
                List<QuarantineEntry> fresh = recipient.getValue().stream()
                    .filter(entry -> last.map(at -> entry.receivedAt().isAfter(at)).orElse(true))
                    .limit(MAX_ENTRIES)
                    .toList();
                if (fresh.isEmpty()) {
                    continue;
                }
                if (send(tenant, recipient.getKey(), fresh, policy, now)) {
                    runs.recordSent(tenant.id(), recipient.getKey(), now);
                    sent++;
                }
            }
        }
        if (sent > 0) {
            LOGGER.info("Quarantine digests sent: {}", sent);
        }
        return sent;
    }

    /** Builds and queues one digest; false when nothing in it is left to report. */
    private boolean send(Tenant tenant, String recipient, List<QuarantineEntry> entries, QuarantinePolicy policy, Instant now)
        throws MessagingException {
        Instant expiresAt = now.plus(Duration.ofHours(policy.linkValidityHours())).truncatedTo(ChronoUnit.SECONDS);
        Optional<DigestActions> actions = policy.selfService()
            ? Optional.of(DigestActions.signed(tokens, tenant.id(), recipient, expiresAt))
            : Optional.empty();
        Optional<DigestMessage> built = new DigestMessageBuilder(settings.from(), settings.baseUrl())
            .build(tenant.id(), recipient, entries, actions, policy.timeZone(), now);
        if (built.isEmpty()) {
            return false;
        }
        byte[] digest = built.get().content();
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(digest));
        MailImpl mail = MailImpl.builder()
            .name("digest-" + java.util.UUID.randomUUID())
            .sender(new MailAddress(settings.from()))
            .addRecipient(new MailAddress(recipient))
            .mimeMessage(message)
            .state("transport")
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of(tenant.id().asString())))
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")))
            .build();
        MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL)
            .orElseThrow(() -> new MessagingException("The spool queue does not exist"));
        spool.enQueue(mail);
        LifecycleUtil.dispose(mail);
        return true;
    }
}
