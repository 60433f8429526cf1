package org.gatehouse.smtp;

import java.net.InetAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.transport.TlsPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's partners that must send over TLS ({@code tls.inbound.requireFrom}): a RCPT for that tenant from such a
 * client address or sender domain on a plaintext session gets {@code 530 5.7.0} (issue STARTTLS first), before
 * anything is accepted.
 */
public class InboundTlsRequirementHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboundTlsRequirementHook.class);
    /** The rule id of the refusal in the message log. */
    static final String TLS_REQUIRED = "TLS_REQUIRED";

    private final TransactionTenants tenants;
    private final TlsPolicies policies;

    @Inject
    public InboundTlsRequirementHook(TenantDirectory directory, TlsPolicies policies) {
        this.tenants = new TransactionTenants(directory);
        this.policies = policies;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.isTLSStarted()) {
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        try {
            // the recipient's tenant, unless the client is that tenant's own relay client
            Optional<TenantId> tenant = tenants.ownerOf(session, rcpt).filter(owner -> !tenants.trustedBy(session, owner));
            Optional<String> senderDomain = sender.asOptional().map(MailAddress::getDomain).map(Domain::asString);
            boolean required = tenant.flatMap(owner -> policies.policyOf(owner).tlsRequiredFor(client, senderDomain)).isPresent();
            if (!required) {
                return HookResult.DECLINED;
            }
            LOGGER.info("RCPT {} from {} ({}) refused: the recipient requires TLS from this sender", rcpt, client.getHostAddress(),
                sender.asString(""));
            RefusalDetails.attach(session, RefusalDetails.of(TLS_REQUIRED, TLS_REQUIRED + ": tenant " + tenant.orElseThrow().asString()
                + " accepts mail from " + client.getHostAddress() + " (" + sender.asString("<>") + ") only over TLS (tls.inbound.requireFrom)"));
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("530")
                .smtpDescription("5.7.0 TLS required: the recipient accepts mail from this sender only over TLS, issue STARTTLS first")
                .build();
        } catch (RuntimeException e) {
            LOGGER.error("TLS requirement check failed at RCPT {} from {}: answering 451", rcpt, client, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }
}
