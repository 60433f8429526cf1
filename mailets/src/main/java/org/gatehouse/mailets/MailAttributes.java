package org.gatehouse.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantId;

/** Reads and writes the string attributes of {@link org.gatehouse.pipeline.PipelineAttributes} on a mail. */
final class MailAttributes {
    /** James's delivery-error attribute (RemoteDelivery's Bouncer sets it; DSNBounce and RecordDisposition read it). */
    static final String DELIVERY_ERROR = "delivery-error";

    static Optional<String> get(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(name), String.class);
    }

    static void set(Mail mail, String name, String value) {
        mail.setAttribute(new Attribute(AttributeName.of(name), AttributeValue.of(value)));
    }

    /** The message size, or 0 when the message cannot be read (the log must never fail a message). */
    static long messageSize(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (javax.mail.MessagingException e) {
            return 0;
        }
    }

    /**
     * Whether the part's tenant trusts the SMTP client: it is one of that tenant's own relay clients (as the SMTP stage
     * decided, {@link PipelineAttributes#TENANTS}). Another tenant's relay client is judged like any sender.
     */
    static boolean clientTrustedByTenant(Mail mail) {
        Optional<String> tenant = get(mail, PipelineAttributes.TENANT);
        Optional<MessageTenants> tenants = get(mail, PipelineAttributes.TENANTS).flatMap(json -> {
            try {
                return Optional.of(MessageTenants.fromJson(json));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (tenant.isPresent() && tenants.isPresent()) {
            return tenants.get().trusts(TenantId.of(tenant.get()));
        }
        return mail.getAttribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"))
            .map(attribute -> Boolean.TRUE.equals(attribute.getValue().value()))
            .orElse(false);
    }

    private MailAttributes() {
    }
}
