package org.gatehouse.smtp;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recipients at the gateway's own domains (domainlist.xml, no tenant's), which is also where James puts a recipient
 * written without a domain ({@code RCPT TO:<bob>} becomes {@code bob@<defaultDomain>}): the gateway keeps no mailboxes,
 * so only {@code postmaster} is accepted (RFC 5321 4.5.1; delivered to the operator's {@code postmaster.address}) and
 * any other gets {@code 553 5.1.3} at once, instead of a 250 and a message that could never be delivered.
 */
public class GatewayDomainRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayDomainRcptHook.class);
    /** The rule id of the refusal in the message log. */
    static final String NOT_SERVED = "RECIPIENT_DOMAIN_NOT_SERVED";
    static final HookResult NO_MAILBOX = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("553")
        .smtpDescription("5.1.3 Recipient address must name a domain this gateway serves (no local mailboxes here)")
        .build();

    private final DomainList domains;
    private final TenantDirectory directory;

    @Inject
    public GatewayDomainRcptHook(DomainList domains, TenantDirectory directory) {
        this.domains = domains;
        this.directory = directory;
    }

    /** Whether {@code address} is at one of the gateway's own domains, none of them a tenant's. */
    public static boolean isGatewayAddress(MailAddress address, DomainList domains, TenantDirectory directory) throws DomainListException {
        Domain domain = address.getDomain();
        return directory.ownerOf(domain.asString()).isEmpty() && domains.containsDomain(domain);
    }

    public static boolean isPostmaster(MailAddress address) {
        return address.getLocalPart().toLowerCase(Locale.ROOT).equals("postmaster");
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            if (!isGatewayAddress(rcpt, domains, directory) || isPostmaster(rcpt)) {
                return HookResult.DECLINED;
            }
            LOGGER.info("RCPT {} from {} refused: not a domain of any tenant", rcpt.asString(),
                session.getRemoteAddress().getAddress().getHostAddress());
            RefusalDetails.attach(session, RefusalDetails.of(NOT_SERVED, NOT_SERVED + ": " + rcpt.asString()
                + " is at the gateway's own domain, which has no mailboxes but postmaster"));
            return NO_MAILBOX;
        } catch (DomainListException | RuntimeException e) {
            LOGGER.error("Recipient check failed at RCPT {}: answering 451", rcpt, e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }
}
