package org.gatehouse.smtp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.rate.RateControl;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate control in the SMTP conversation, so a client over a limit is told to come back later and nothing is accepted
 * and then dropped: {@code 421 4.7.0} and a closed connection beyond the concurrent connections one IP may hold;
 * {@code 452 4.7.1} at MAIL FROM beyond the operator's per-IP message limit (or an outbound tenant's), and at RCPT
 * beyond an inbound tenant's. List it after TenantSessionHook, which decides at MAIL FROM who may relay.
 */
public class RateControlHook implements ConnectHandler<SMTPSession>, DisconnectHandler<SMTPSession>, MailHook, RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RateControlHook.class);
    private static final ProtocolSession.AttachmentKey<String> COUNTED_CONNECTION =
        ProtocolSession.AttachmentKey.of("org.gatehouse.rate.connection", String.class);
    /** Rule ids of the refusals in the message log. */
    static final String CONNECTIONS_RULE = "RATE_LIMIT_CONNECTIONS";
    static final String INBOUND_RULE = "RATE_LIMIT_INBOUND";
    static final String OUTBOUND_RULE = "RATE_LIMIT_OUTBOUND";
    private static final ProtocolSession.AttachmentKey<TenantsSeen> TENANTS_SEEN =
        ProtocolSession.AttachmentKey.of("org.gatehouse.rate.tenants", TenantsSeen.class);

    /** The tenants whose inbound limit this transaction already met, and whether each admitted it. */
    static final class TenantsSeen {
        final Set<TenantId> admitted = new HashSet<>();
        final Map<TenantId, RateControl.Refusal> refused = new HashMap<>();
    }

    private final RateControl rateControl;
    private final TransactionTenants tenants;

    @Inject
    public RateControlHook(RateControl rateControl, TenantDirectory directory) {
        this.rateControl = rateControl;
        this.tenants = new TransactionTenants(directory);
    }

    @Override
    public Response onConnect(SMTPSession session) {
        String ip = session.getRemoteAddress().getAddress().getHostAddress();
        session.setAttachment(COUNTED_CONNECTION, ip, ProtocolSession.State.Connection);
        if (!rateControl.connectionOpened(ip)) {
            LOGGER.info("Connection from {} refused: more than {} open connections", ip, rateControl.maxConnectionsPerIp());
            RefusalDetails.attach(session, RefusalDetails.of(CONNECTIONS_RULE, CONNECTIONS_RULE + ": more than "
                + rateControl.maxConnectionsPerIp() + " open connections from " + ip + " (rate.maxConnectionsPerIp)"));
            SMTPResponse response = new SMTPResponse("421", "4.7.0 Too many connections from " + ip + ", try again later");
            response.setEndSession(true);
            return response;
        }
        return null;
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        session.getAttachment(COUNTED_CONNECTION, ProtocolSession.State.Connection).ifPresent(rateControl::connectionClosed);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        InetAddress client = session.getRemoteAddress().getAddress();
        try {
            Optional<TenantId> relayTenant = session.isRelayingAllowed() ? tenants.relayTenant(session) : Optional.empty();
            return rateControl.atMailFrom(client, relayTenant, sender.asString(""))
                .map(refusal -> refuse(session, client, refusal, relayTenant.isPresent() ? OUTBOUND_RULE : INBOUND_RULE))
                .orElse(HookResult.DECLINED);
        } catch (RuntimeException e) {
            LOGGER.error("Rate control failed at MAIL FROM from {}: answering 451", client, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        InetAddress client = session.getRemoteAddress().getAddress();
        try {
            // the recipient's tenant's inbound limit, unless the client is that tenant's own relay client
            Optional<TenantId> tenant = tenants.ownerOf(session, rcpt).filter(owner -> !tenants.trustedBy(session, owner));
            if (tenant.isEmpty()) {
                return HookResult.DECLINED;
            }
            TenantsSeen seen = session.getAttachment(TENANTS_SEEN, ProtocolSession.State.Transaction).orElseGet(() -> {
                TenantsSeen created = new TenantsSeen();
                session.setAttachment(TENANTS_SEEN, created, ProtocolSession.State.Transaction);
                return created;
            });
            if (seen.admitted.contains(tenant.get())) {
                return HookResult.DECLINED;
            }
            Optional<RateControl.Refusal> refusal = Optional.ofNullable(seen.refused.get(tenant.get()))
                .or(() -> rateControl.atFirstRecipientOf(client, tenant.get(), sender.asString("")));
            if (refusal.isEmpty()) {
                seen.admitted.add(tenant.get());
                return HookResult.DECLINED;
            }
            seen.refused.put(tenant.get(), refusal.get());
            return refuse(session, client, refusal.get(), INBOUND_RULE);
        } catch (RuntimeException e) {
            LOGGER.error("Rate control failed at RCPT {} from {}: answering 451", rcpt, client, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    /** The reply names the limit, not whose it is: tenant ids stay inside. */
    private static HookResult refuse(SMTPSession session, InetAddress client, RateControl.Refusal refusal, String rule) {
        LOGGER.info("Message from {} refused by rate control: {}", client.getHostAddress(), refusal.describe());
        RefusalDetails.attach(session, RefusalDetails.of(rule, rule + ": " + client.getHostAddress() + " reached the "
            + refusal.describe()));
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("452")
            .smtpDescription("4.7.1 Too much mail from " + client.getHostAddress() + " (limit of " + refusal.limit().describe()
                + "), try again later")
            .build();
    }
}
