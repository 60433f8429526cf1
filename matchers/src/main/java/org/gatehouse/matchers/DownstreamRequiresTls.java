package org.gatehouse.matchers;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;

/** Matches an inbound part whose tenant requires TLS towards its downstream server. */
public class DownstreamRequiresTls extends GenericMatcher {
    private static final AttributeName TENANT = AttributeName.of(PipelineAttributes.TENANT);
    private static final AttributeName DIRECTION = AttributeName.of(PipelineAttributes.DIRECTION);

    private final TenantDirectory directory;

    @Inject
    public DownstreamRequiresTls(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean inbound = AttributeUtils.getValueAndCastFromMail(mail, DIRECTION, String.class)
            .map(Direction.INBOUND.asString()::equals)
            .orElse(false);
        boolean requireTls = inbound && AttributeUtils.getValueAndCastFromMail(mail, TENANT, String.class)
            .flatMap(tenant -> directory.get(TenantId.of(tenant)))
            .map(tenant -> tenant.downstream())
            .map(Downstream::requireTls)
            .orElse(false);
        return requireTls ? mail.getRecipients() : List.of();
    }
}
