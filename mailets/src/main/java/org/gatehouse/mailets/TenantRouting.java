package org.gatehouse.mailets;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;

import com.github.fge.lambdas.Throwing;
import com.google.common.collect.ImmutableList;

/**
 * Splits a message into one part per tenant and direction, gives each part its message-log record (kept with the
 * part and written with its first write to the log, {@link PendingRecords}), and sends it to the processor for its
 * direction:
 * <ul>
 *   <li>recipients in a tenant's domains: one {@code inbound} part per tenant; when the client is another tenant's
 *       relay client, the part is {@code outbound} for that tenant first and then {@code inbound} for the recipients'
 *       (attribute {@code org.gatehouse.thenInbound}, see {@link ContinueInbound});</li>
 *   <li>other recipients, from a tenant's relay client: one {@code outbound} part for that tenant;</li>
 *   <li>other recipients of a message the gateway generated itself (a bounce): a {@code system} part;</li>
 *   <li>other recipients of any other SMTP message: {@code relayDenied} (the SMTP stage already refuses them;
 *       this is the second lock of the door, never an open relay).</li>
 * </ul>
 * Parameters: {@code inboundProcessor}, {@code outboundProcessor}, {@code systemProcessor},
 * {@code relayDeniedProcessor}; {@code deferDelay} and {@code maxDeferrals} (see {@link StoreOutageDeferral}).
 *
 * <p>Fail closed: when the policy database cannot be read, the message goes back to the queue and is routed again
 * later ({@link StoreOutageDeferral}); it is never relayed without its tenant's decision.
 */
public class TenantRouting extends GenericMailet {
    private static final AttributeName SMTP_AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");

    /** @param thenInbound the recipients' tenant, when the part is outbound for the relay tenant first */
    private record Part(Direction direction, Optional<TenantId> tenant, List<MailAddress> recipients, String processor,
                        Optional<TenantId> thenInbound) {
        Part(Direction direction, Optional<TenantId> tenant, List<MailAddress> recipients, String processor) {
            this(direction, tenant, recipients, processor, Optional.empty());
        }
    }

    /** A part with its records: written with the part's first write to the log ({@link PendingRecords}). */
    private record LoggedPart(Part part, MessageRecord record, Optional<MessageRecord> inboundRecord) {
        String logId() {
            return record.id();
        }

        Optional<String> inboundLogId() {
            return inboundRecord.map(MessageRecord::id);
        }
    }

    private final TenantDirectory directory;
    private final Clock clock;
    private String inboundProcessor;
    private String outboundProcessor;
    private String systemProcessor;
    private String relayDeniedProcessor;
    private StoreOutageDeferral storeOutage;

    @Inject
    public TenantRouting(TenantDirectory directory) {
        this(directory, Clock.systemUTC());
    }

    public TenantRouting(TenantDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        inboundProcessor = requiredParameter("inboundProcessor");
        outboundProcessor = requiredParameter("outboundProcessor");
        systemProcessor = requiredParameter("systemProcessor");
        relayDeniedProcessor = requiredParameter("relayDeniedProcessor");
        storeOutage = StoreOutageDeferral.from(getMailetConfig());
    }

    private String requiredParameter(String name) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            throw new MessagingException("TenantRouting needs the '" + name + "' parameter");
        }
        return value;
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(inboundProcessor), new ProcessingState(outboundProcessor),
            new ProcessingState(systemProcessor), new ProcessingState(relayDeniedProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<LoggedPart> parts;
        try {
            parts = split(mail).stream().map(part -> logged(mail, part)).toList();
        } catch (StoreException e) {
            storeOutage.defer(mail, getMailetContext(), e);
            return;
        }
        if (parts.size() == 1) {
            route(mail, parts.get(0));
            return;
        }
        for (LoggedPart part : parts) {
            Mail copy = mail.duplicate();
            try {
                route(copy, part);
                getMailetContext().sendMail(copy, part.part().processor());
            } finally {
                LifecycleUtil.dispose(copy);
            }
        }
        mail.setState(Mail.GHOST);
    }

    /**
     * One part per recipients' tenant, and one for the recipients outside every tenant. A part from a tenant's relay
     * client to another tenant is outbound for the relay tenant first, then inbound for the recipients' tenant
     * (docs/tenants.md, "Whose checks apply").
     */
    private List<Part> split(Mail mail) {
        MessageTenants tenants = tenants(mail);
        Map<TenantId, List<MailAddress>> inbound = new LinkedHashMap<>();
        List<MailAddress> external = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<TenantId> owner = tenants.ownerOf(recipient.asString());
            if (owner.isPresent()) {
                inbound.computeIfAbsent(owner.get(), key -> new ArrayList<>()).add(recipient);
            } else {
                external.add(recipient);
            }
        }
        List<Part> parts = new ArrayList<>();
        inbound.forEach((tenant, recipients) -> {
            Optional<TenantId> relayTenant = tenants.relayTenant().filter(relay -> !relay.equals(tenant));
            if (relayTenant.isPresent()) {
                parts.add(new Part(Direction.OUTBOUND, relayTenant, recipients, outboundProcessor, Optional.of(tenant)));
            } else {
                parts.add(new Part(Direction.INBOUND, Optional.of(tenant), recipients, inboundProcessor));
            }
        });
        if (!external.isEmpty()) {
            parts.add(externalPart(mail, tenants, external));
        }
        return parts;
    }

    /** Whom the message is for, as the SMTP stage decided it; worked out here only for mail that did not come by SMTP. */
    private MessageTenants tenants(Mail mail) {
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        return MailAttributes.get(mail, PipelineAttributes.TENANTS)
            .flatMap(TenantRouting::readTenants)
            .filter(tenants -> tenants.owners().keySet().containsAll(recipients))
            .orElseGet(() -> directory.tenantsOf(relayTenant(mail), recipients));
    }

    private static Optional<MessageTenants> readTenants(String json) {
        try {
            return Optional.of(MessageTenants.fromJson(json));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<TenantId> relayTenant(Mail mail) {
        boolean relayAllowedAtSmtp = mail.getAttribute(SMTP_AUTH_NETWORK)
            .map(attribute -> Boolean.TRUE.equals(attribute.getValue().value()))
            .orElse(false);
        if (!relayAllowedAtSmtp || mail.getRemoteAddr() == null) {
            return Optional.empty();
        }
        return directory.relayClientTenant(mail.getRemoteAddr()).map(Tenant::id);
    }

    private Part externalPart(Mail mail, MessageTenants tenants, List<MailAddress> external) {
        boolean receivedBySmtp = mail.getAttribute(Mail.SMTP_SESSION_ID).isPresent();
        if (!receivedBySmtp) {
            return new Part(Direction.SYSTEM, Optional.empty(), external, systemProcessor);
        }
        if (tenants.relayTenant().isPresent()) {
            return new Part(Direction.OUTBOUND, tenants.relayTenant(), external, outboundProcessor);
        }
        return new Part(Direction.OUTBOUND, Optional.empty(), external, relayDeniedProcessor);
    }

    private LoggedPart logged(Mail mail, Part part) {
        MessageRecord record = log(mail, part.direction(), part.tenant(), part);
        Optional<MessageRecord> inboundRecord = part.thenInbound().map(tenant -> log(mail, Direction.INBOUND, Optional.of(tenant), part));
        return new LoggedPart(part, record, inboundRecord);
    }

    private MessageRecord log(Mail mail, Direction direction, Optional<TenantId> tenant, Part part) {
        String logId = logId(mail, direction, tenant, part);
        return MessageRecord.received(logId, clock.instant(), direction,
            tenant,
            mail.getMaybeSender().asString(""),
            part.recipients().stream().map(MailAddress::asString).toList(),
            Optional.ofNullable(mail.getRemoteAddr()),
            MailAttributes.get(mail, Mail.SMTP_HELO.asString()),
            MailAttributes.messageSize(mail),
            messageId(mail)).withTls(MailAttributes.get(mail, PipelineAttributes.TLS));
    }

    /**
     * The same for the same mail and part: a message processed again after a crash (the queue hands it back)
     * finds its record instead of logging a second one.
     */
    private static String logId(Mail mail, Direction direction, Optional<TenantId> tenant, Part part) {
        String key = mail.getName() + "|" + direction.asString() + "|" + tenant.map(TenantId::asString).orElse("")
            // the relay tenant's record of its mail to another tenant is not its record of its external recipients
            + (direction == Direction.OUTBOUND ? part.thenInbound().map(next -> "|to|" + next.asString()).orElse("") : "");
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage()).map(Throwing.function(MimeMessage::getMessageID).sneakyThrow());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void route(Mail mail, LoggedPart logged) throws MessagingException {
        Part part = logged.part();
        mail.setRecipients(part.recipients());
        part.tenant().ifPresent(tenant -> MailAttributes.set(mail, PipelineAttributes.TENANT, tenant.asString()));
        MailAttributes.set(mail, PipelineAttributes.DIRECTION, part.direction().asString());
        MailAttributes.set(mail, PipelineAttributes.LOG_ID, logged.logId());
        MailAttributes.set(mail, PipelineAttributes.LOG_IDS, String.join(",", java.util.stream.Stream.concat(
            java.util.stream.Stream.of(logged.logId()), logged.inboundLogId().stream()).toList()));
        PendingRecords.set(mail, java.util.stream.Stream.concat(java.util.stream.Stream.of(logged.record()),
            logged.inboundRecord().stream()).toList());
        if (part.thenInbound().isPresent() && logged.inboundLogId().isPresent()) {
            MailAttributes.set(mail, PipelineAttributes.THEN_INBOUND, part.thenInbound().get().asString() + " " + logged.inboundLogId().get());
        }
        mail.setState(part.processor());
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse tenant routing";
    }
}
