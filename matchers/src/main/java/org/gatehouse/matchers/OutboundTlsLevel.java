package org.gatehouse.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.transport.TlsLevel;
import org.gatehouse.transport.TlsPolicies;

/**
 * {@code OutboundTlsLevel=required_verified}: the recipients of an outbound part whose destination domain the tenant's
 * TLS policy gives that level, so each level is delivered by a RemoteDelivery configured for it (James splits the
 * mail by the recipients matched).
 */
public class OutboundTlsLevel extends GenericMatcher {
    private static final AttributeName TENANT = AttributeName.of(PipelineAttributes.TENANT);
    private static final AttributeName DIRECTION = AttributeName.of(PipelineAttributes.DIRECTION);

    private final TlsPolicies policies;
    private TlsLevel level;

    @Inject
    public OutboundTlsLevel(TlsPolicies policies) {
        this.policies = policies;
    }

    @Override
    public void init() throws MessagingException {
        level = TlsLevel.parse(Optional.ofNullable(getCondition()).map(String::trim).orElse(""))
            .orElseThrow(() -> new MessagingException("OutboundTlsLevel needs a level: none, opportunistic, required or required_verified"));
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean outbound = AttributeUtils.getValueAndCastFromMail(mail, DIRECTION, String.class)
            .map(Direction.OUTBOUND.asString()::equals).orElse(false);
        Optional<String> tenant = AttributeUtils.getValueAndCastFromMail(mail, TENANT, String.class);
        if (!outbound || tenant.isEmpty()) {
            return List.of();
        }
        var policy = policies.policyOf(TenantId.of(tenant.get()));
        return mail.getRecipients().stream()
            .filter(recipient -> policy.outboundLevel(recipient.getDomain().asString()) == level)
            .toList();
    }
}
