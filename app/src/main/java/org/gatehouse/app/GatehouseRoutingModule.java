package org.gatehouse.app;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Overrides James's domain list and DNS so that tenants added through WebAdmin are accepted and routed at once. */
public class GatehouseRoutingModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TenantAwareDomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(TenantAwareDomainList.class);
        bind(TenantRoutingDnsService.class).in(Scopes.SINGLETON);
        bind(DNSService.class).to(TenantRoutingDnsService.class);
    }
}
