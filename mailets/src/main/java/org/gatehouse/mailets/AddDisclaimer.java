package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.disclaimer.Disclaimer;
import org.gatehouse.disclaimer.DisclaimerPolicies;
import org.gatehouse.disclaimer.DisclaimerPolicy;
import org.gatehouse.disclaimer.GlobalDisclaimer;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stamps a tenant's outbound mail with its disclaimer (the {@code disclaimer} policy section, per sender domain) and
 * then the service provider's {@link GlobalDisclaimer}, MIME-correctly ({@link MimeDisclaimerInsertion}). Added once:
 * a message already marked {@code X-Gatehouse-Disclaimer: <tenant>} is left alone, and a body that already holds a
 * text (a reply quoting an earlier stamped mail) does not get it again. A message without a tenant, or of another
 * direction than outbound, passes untouched; one that cannot be modified safely passes unchanged with a log line.
 * Belongs in the outbound processor, after the checks that may refuse the message.
 */
public class AddDisclaimer extends GenericMailet {
    public static final String MARK_HEADER = "X-Gatehouse-Disclaimer";
    private static final Logger LOGGER = LoggerFactory.getLogger(AddDisclaimer.class);

    private final DisclaimerPolicies policies;
    private final GlobalDisclaimer global;

    @Inject
    public AddDisclaimer(DisclaimerPolicies policies, GlobalDisclaimer global) {
        this.policies = policies;
        this.global = global;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenantName = MailAttributes.get(mail, PipelineAttributes.TENANT);
        boolean outbound = MailAttributes.get(mail, PipelineAttributes.DIRECTION)
            .map(direction -> direction.equals(Direction.OUTBOUND.asString())).orElse(true);
        if (tenantName.isEmpty() || !outbound) {
            return;
        }
        TenantId tenant = TenantId.of(tenantName.get());
        MimeMessage message = mail.getMessage();
        if (marked(message, tenant)) {
            return;
        }
        DisclaimerPolicy policy = policies.policyOf(tenant);
        List<Disclaimer> disclaimers = new ArrayList<>();
        policy.forSenderDomain(senderDomain(mail, message)).ifPresent(disclaimers::add);
        global.stamp().ifPresent(disclaimers::add);
        if (disclaimers.isEmpty()) {
            return;
        }
        MimeDisclaimerInsertion.Outcome outcome = MimeDisclaimerInsertion.insert(message, disclaimers, policy.signedMessages(),
            MARK_HEADER, tenant.asString());
        String reason;
        if (outcome instanceof MimeDisclaimerInsertion.Stamped stamped) {
            mail.setMessage(stamped.message());
            LOGGER.debug("Disclaimer added to {} for tenant {}: {}", mail.getName(), tenant.asString(), stamped.where());
            reason = "DISCLAIMER added " + stamped.where();
        } else {
            MimeDisclaimerInsertion.Unchanged unchanged = (MimeDisclaimerInsertion.Unchanged) outcome;
            if (unchanged.unsafe()) {
                LOGGER.warn("Disclaimer not added to {} for tenant {}, message left unchanged: {}", mail.getName(),
                    tenant.asString(), unchanged.why());
            } else {
                LOGGER.info("Disclaimer not added to {} for tenant {}: {}", mail.getName(), tenant.asString(), unchanged.why());
            }
            reason = "DISCLAIMER not added: " + unchanged.why();
        }
        PendingReasons.add(mail, List.of(reason));
    }

    private static boolean marked(MimeMessage message, TenantId tenant) throws MessagingException {
        String[] marks = message.getHeader(MARK_HEADER);
        return marks != null && Arrays.stream(marks).anyMatch(mark -> mark.trim().equals(tenant.asString()));
    }

    /** The domain of the From address; the envelope sender's when From does not read. */
    private static Optional<String> senderDomain(Mail mail, MimeMessage message) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
                && address.getAddress() != null && address.getAddress().contains("@")) {
                String value = address.getAddress();
                return Optional.of(value.substring(value.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
            }
        } catch (MessagingException e) {
            LOGGER.debug("Unreadable From in {}: {}", mail.getName(), e.getMessage());
        }
        return mail.getMaybeSender().asOptional().map(MailAddress::getDomain).map(domain -> domain.asString());
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse outbound disclaimer";
    }
}
