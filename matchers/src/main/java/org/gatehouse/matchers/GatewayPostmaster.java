package org.gatehouse.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.gatehouse.smtp.GatewayDomainRcptHook;
import org.gatehouse.tenant.TenantDirectory;

/**
 * Matches the recipients that are the gateway's own postmaster: {@code postmaster} at a gateway domain
 * (domainlist.xml, no tenant's), which is also what {@code RCPT TO:<postmaster>} becomes. A tenant domain's
 * postmaster is the tenant's, and goes to its server like any of its recipients.
 */
public class GatewayPostmaster extends GenericMatcher {
    private final DomainList domains;
    private final TenantDirectory directory;

    @Inject
    public GatewayPostmaster(DomainList domains, TenantDirectory directory) {
        this.domains = domains;
        this.directory = directory;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        List<MailAddress> matched = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            try {
                if (GatewayDomainRcptHook.isPostmaster(recipient) && GatewayDomainRcptHook.isGatewayAddress(recipient, domains, directory)) {
                    matched.add(recipient);
                }
            } catch (DomainListException e) {
                throw new MessagingException("the domain list could not be read", e);
            }
        }
        return matched;
    }
}
