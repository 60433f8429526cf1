package org.gatehouse.mailets;

import java.util.Collection;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;

import com.google.common.collect.ImmutableList;

/**
 * Last step of the {@code outbound} processor: a part from tenant A's relay client to tenant B's domain has passed A's
 * outbound checks and now goes through B's inbound checks, as B's part (tenant, direction and message-log record
 * become B's). Other parts are left alone. Parameter: {@code processor} (default {@code inbound}).
 */
public class ContinueInbound extends GenericMailet {
    private String processor;

    @Override
    public void init() {
        processor = Optional.ofNullable(getInitParameter("processor")).orElse("inbound");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(processor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> next = MailAttributes.get(mail, PipelineAttributes.THEN_INBOUND);
        if (next.isEmpty()) {
            return;
        }
        String[] tenantAndLogId = next.get().split(" ", 2);
        MailAttributes.set(mail, PipelineAttributes.TENANT, tenantAndLogId[0]);
        MailAttributes.set(mail, PipelineAttributes.DIRECTION, Direction.INBOUND.asString());
        if (tenantAndLogId.length == 2) {
            MailAttributes.set(mail, PipelineAttributes.LOG_ID, tenantAndLogId[1]);
        }
        mail.removeAttribute(AttributeName.of(PipelineAttributes.THEN_INBOUND));
        mail.setState(processor);
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse: a relay tenant's mail to another tenant continues as that tenant's inbound mail";
    }
}
