package org.gatehouse.smtp;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's largest message ({@code content.maxMessageBytes}) answered before the message is sent: when the client
 * declared the size at MAIL FROM ({@code SIZE=}, RFC 1870), a recipient of a tenant whose limit it exceeds gets
 * {@code 552 5.3.4} at RCPT TO (outbound: the relay client's tenant). Messages sent without a declared size are measured
 * at the end of DATA by {@link ContentPolicyMessageHook}.
 */
public class MessageSizeRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageSizeRcptHook.class);
    /** Where James's SIZE extension keeps the declared size for the transaction. */
    static final ProtocolSession.AttachmentKey<Integer> DECLARED_SIZE = ProtocolSession.AttachmentKey.of("MESG_SIZE", Integer.class);

    private final TransactionTenants tenants;
    private final ContentPolicies policies;

    @Inject
    public MessageSizeRcptHook(TenantDirectory directory, ContentPolicies policies) {
        this.tenants = new TransactionTenants(directory);
        this.policies = policies;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<Integer> declared = session.getAttachment(DECLARED_SIZE, ProtocolSession.State.Transaction);
        if (declared.isEmpty()) {
            return HookResult.DECLINED;
        }
        try {
            // the recipient's tenant (inbound) and, for a recipient outside its domains, the relay client's (outbound)
            Optional<TenantId> owner = tenants.ownerOf(session, rcpt);
            Optional<TenantId> relayTenant = session.isRelayingAllowed() ? tenants.relayTenant(session) : Optional.empty();
            Set<TenantId> judging = new LinkedHashSet<>();
            owner.ifPresent(judging::add);
            relayTenant.filter(relay -> !owner.equals(Optional.of(relay))).ifPresent(judging::add);
            for (TenantId tenant : judging) {
                OptionalLong limit = policies.policyOf(tenant).maxMessageBytes();
                if (limit.isPresent() && declared.get() > limit.getAsLong()) {
                    LOGGER.info("RCPT {} from {} refused: declared size {} is over tenant {}'s limit of {} bytes", rcpt,
                        session.getRemoteAddress().getAddress().getHostAddress(), declared.get(), tenant.asString(), limit.getAsLong());
                    RefusalDetails.attach(session, RefusalDetails.of(ContentPolicyMessageHook.TOO_LARGE, ContentPolicyMessageHook.TOO_LARGE
                        + " (content=denied, block): the declared size of " + declared.get() + " bytes (SIZE=) is more than "
                        + limit.getAsLong()));
                    return tooLarge(limit.getAsLong());
                }
            }
            return HookResult.DECLINED;
        } catch (RuntimeException e) {
            LOGGER.error("Size check failed at RCPT {}: answering 451", rcpt, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    static HookResult tooLarge(long limit) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("552")
            .smtpDescription("5.3.4 Message size exceeds the recipient's limit of " + limit + " bytes")
            .build();
    }
}
