package org.gatehouse.james;

import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;

/**
 * The tenant directory over James's domains: a domain James has just added (its {@code /domains} route) owns its
 * mail at once, not only after the directory's next refresh.
 */
public class JamesDomainTenantDirectory extends TenantDirectory {
    private final JamesDomainTenants tenants;

    @Inject
    public JamesDomainTenantDirectory(JamesDomainTenants tenants) {
        super(tenants);
        this.tenants = tenants;
    }

    @Override
    public Optional<Tenant> ownerOf(String domain) {
        Optional<Tenant> owner = super.ownerOf(domain);
        if (owner.isPresent() || domain == null || !tenants.isJamesDomain(domain)) {
            return owner;
        }
        invalidate();
        return super.ownerOf(domain);
    }
}
