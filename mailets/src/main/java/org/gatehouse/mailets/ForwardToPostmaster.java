package org.gatehouse.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.tenant.TenantDirectory;

import com.google.common.collect.ImmutableList;

/**
 * Sends mail for the gateway's postmaster to the operator's mailbox: the {@code <postmaster>} of mailetcontainer.xml's
 * {@code <context>}, when that is an address outside the gateway's own domains (a tenant's, or the provider's
 * elsewhere). The mail goes on in {@code processor} (default {@code system}: delivered like mail the gateway makes).
 * When the postmaster is still an address of the gateway itself, the mail is left as it is for the next mailet
 * (kept in a repository for the operator).
 */
public class ForwardToPostmaster extends GenericMailet {
    private final DomainList domains;
    private final TenantDirectory directory;
    private String processor;

    @Inject
    public ForwardToPostmaster(DomainList domains, TenantDirectory directory) {
        this.domains = domains;
        this.directory = directory;
    }

    @Override
    public void init() {
        processor = Optional.ofNullable(getInitParameter("processor")).filter(name -> !name.isBlank()).orElse("system");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(processor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MailAddress postmaster = getMailetContext().getPostmaster();
        try {
            boolean ownDomain = directory.ownerOf(postmaster.getDomain().asString()).isEmpty() && domains.containsDomain(postmaster.getDomain());
            if (ownDomain) {
                return;
            }
        } catch (DomainListException e) {
            throw new MessagingException("the domain list could not be read", e);
        }
        mail.setRecipients(List.of(postmaster));
        mail.setState(processor);
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse postmaster forwarding";
    }
}
