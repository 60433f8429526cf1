package org.gatehouse.app;

import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.gatehouse.tenant.TenantDirectory;

import com.google.common.collect.ImmutableList;

/**
 * James's list of "local" domains, extended with every tenant domain. James's SMTP stage accepts RCPT for local
 * domains from anyone and refuses every other domain unless the client may relay
 * (AuthRequiredToRelayRcptHook), so a tenant added through WebAdmin receives mail at once, and nothing else does.
 * The gateway's own domains (domainlist.xml) stay in the configured list.
 */
public class TenantAwareDomainList implements DomainList {
    private final MemoryDomainList configured;
    private final TenantDirectory directory;

    @Inject
    public TenantAwareDomainList(MemoryDomainList configured, TenantDirectory directory) {
        this.configured = configured;
        this.directory = directory;
    }

    @Override
    public List<Domain> getDomains() throws DomainListException {
        return Stream.concat(configured.getDomains().stream(),
                directory.allDomains().stream().map(Domain::of))
            .distinct()
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        return directory.ownerOf(domain.asString()).isPresent() || configured.containsDomain(domain);
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        configured.addDomain(domain);
    }

    @Override
    public void removeDomain(Domain domain) throws DomainListException {
        configured.removeDomain(domain);
    }

    @Override
    public Domain getDefaultDomain() throws DomainListException {
        return configured.getDefaultDomain();
    }
}
