package org.gatehouse.mailets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.transport.TlsLevel;
import org.gatehouse.transport.TlsPolicies;
import org.gatehouse.transport.TlsPolicy;

/**
 * In the bounces processor, before the DSN is written: when outbound recipients bounce and the tenant's policy demands
 * TLS towards their domains, says so in the delivery error, because RemoteDelivery's final bounce after its retries
 * only says "too many retries". The sender and the message log then read why: the destination could not meet the
 * TLS level, and the message was never sent without it.
 */
public class ExplainTlsPolicyBounce extends GenericMailet {
    private final TlsPolicies policies;

    @Inject
    public ExplainTlsPolicyBounce(TlsPolicies policies) {
        this.policies = policies;
    }

    @Override
    public void service(Mail mail) {
        boolean outbound = MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction.OUTBOUND.asString()::equals).orElse(false);
        Optional<String> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT);
        if (!outbound || tenant.isEmpty()) {
            return;
        }
        TlsPolicy policy = policies.policyOf(TenantId.of(tenant.get()));
        Map<String, TlsLevel> demanding = new LinkedHashMap<>();
        mail.getRecipients().forEach(recipient -> {
            TlsLevel level = policy.outboundLevel(recipient.getDomain().asString());
            if (level == TlsLevel.REQUIRED || level == TlsLevel.REQUIRED_VERIFIED) {
                demanding.put(recipient.getDomain().asString(), level);
            }
        });
        if (demanding.isEmpty()) {
            return;
        }
        String explanation = "TLS policy: " + demanding.entrySet().stream()
            .map(entry -> entry.getKey() + " requires " + describe(entry.getValue()))
            .collect(Collectors.joining("; "))
            + "; the destination did not satisfy it and the message was never sent without it";
        String previous = MailAttributes.get(mail, MailAttributes.DELIVERY_ERROR)
            .or(() -> Optional.ofNullable(mail.getErrorMessage())).orElse("");
        MailAttributes.set(mail, MailAttributes.DELIVERY_ERROR, previous.isBlank() ? explanation : previous + " " + explanation);
    }

    private static String describe(TlsLevel level) {
        return level == TlsLevel.REQUIRED_VERIFIED
            ? "STARTTLS with a certificate trusted and matching the host (required_verified)"
            : "STARTTLS (required)";
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse TLS policy bounce explanation";
    }
}
