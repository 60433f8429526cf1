package org.gatehouse.smtp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.Mail;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;

/**
 * The one place the SMTP stage learns whom a message is for ({@link MessageTenants}): the relay tenant is resolved once
 * per connection at MAIL FROM, each recipient's owner once at its RCPT TO (by TenantSessionHook, first in the handler
 * chain), and every other hook asks here. What is not resolved yet (a hook tested on its own) is resolved on first use
 * and kept for the transaction.
 */
public final class TransactionTenants {
    private static final class Resolved {
        private final Map<String, Optional<TenantId>> owners = new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static final ProtocolSession.AttachmentKey<Optional<TenantId>> RELAY_TENANT =
        ProtocolSession.AttachmentKey.of("org.gatehouse.relayTenant", (Class<Optional<TenantId>>) (Class<?>) Optional.class);
    private static final ProtocolSession.AttachmentKey<Resolved> OWNERS =
        ProtocolSession.AttachmentKey.of("org.gatehouse.recipientOwners", Resolved.class);

    private final TenantDirectory directory;

    public TransactionTenants(TenantDirectory directory) {
        this.directory = directory;
    }

    /** An authenticated submission session: the account's tenant relays, whatever the client's address (SubmissionHook). */
    public static void authenticated(SMTPSession session, TenantId tenant) {
        session.setAttachment(RELAY_TENANT, Optional.of(tenant), ProtocolSession.State.Connection);
    }

    /** The tenant whose relay client this is, resolved once per connection. */
    public Optional<TenantId> relayTenant(SMTPSession session) {
        Optional<Optional<TenantId>> known = session.getAttachment(RELAY_TENANT, ProtocolSession.State.Connection);
        if (known.isPresent()) {
            return known.get();
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        Optional<TenantId> relayTenant = directory.relayClientTenant(client).map(Tenant::id);
        session.setAttachment(RELAY_TENANT, relayTenant, ProtocolSession.State.Connection);
        return relayTenant;
    }

    /** The owner of the recipient's domain, resolved once per transaction. */
    public Optional<TenantId> ownerOf(SMTPSession session, MailAddress recipient) {
        Resolved resolved = resolved(session);
        String address = recipient.asString();
        Optional<TenantId> known = resolved.owners.get(address);
        if (known != null) {
            return known;
        }
        Optional<TenantId> owner = directory.ownerOf(recipient.getDomain().asString()).map(Tenant::id);
        resolved.owners.put(address, owner);
        return owner;
    }

    /** Whether the recipient's tenant trusts this client: it is one of that tenant's own relay clients. */
    public boolean trustedBy(SMTPSession session, TenantId tenant) {
        return session.isRelayingAllowed() && relayTenant(session).filter(tenant::equals).isPresent();
    }

    /** Whom the message is for, from what MAIL FROM and RCPT TO resolved. */
    public MessageTenants of(SMTPSession session, Mail mail) {
        Optional<TenantId> relayTenant = session.isRelayingAllowed() ? relayTenant(session) : Optional.empty();
        Map<String, Optional<TenantId>> owners = new LinkedHashMap<>();
        List<MailAddress> recipients = new ArrayList<>(mail.getRecipients());
        for (MailAddress recipient : recipients) {
            owners.put(recipient.asString(), ownerOf(session, recipient));
        }
        return MessageTenants.of(relayTenant, owners);
    }

    private static Resolved resolved(SMTPSession session) {
        return session.getAttachment(OWNERS, ProtocolSession.State.Transaction).orElseGet(() -> {
            Resolved created = new Resolved();
            session.setAttachment(OWNERS, created, ProtocolSession.State.Transaction);
            return created;
        });
    }
}
