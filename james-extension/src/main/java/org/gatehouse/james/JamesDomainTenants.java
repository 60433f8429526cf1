package org.gatehouse.james;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.gatehouse.app.GatehouseConfiguration;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantConflictException;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;

/**
 * The tenants of a James server that runs Gatehouse as an extension: James's own domain list decides them. One tenant
 * owns every domain ({@code james.tenants=single}, the default, tenant {@code james.tenant.id}, "default"), or each
 * domain is its own tenant ({@code james.tenants=perDomain}, the domain's name with dots as dashes). Each tenant is
 * also kept in Gatehouse's tenant table, because policies, the quarantine and the message log name it there.
 *
 * <p>Tenants cannot be created, changed or deleted through Gatehouse's WebAdmin in this mode: add or remove the domain
 * in James (its own {@code /domains} route). Mail is delivered the way the host delivers it, so a tenant's downstream
 * route is not used.</p>
 */
public class JamesDomainTenants implements TenantStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesDomainTenants.class);
    /** Never dialled: in this mode the host's own transport processor delivers (LocalDelivery, its gateway…). */
    static final Downstream HOST_DELIVERS = Downstream.of("host-james-delivers.invalid", 25, false);

    /** How James's domains map to tenants ({@code james.tenants} in gatehouse.properties). */
    public record Mode(boolean perDomain, TenantId singleTenant) {
        public static final String KEY = "james.tenants";
        public static final String TENANT_KEY = "james.tenant.id";

        static Mode from(GatehouseConfiguration configuration) {
            String mode = configuration.string(KEY, "single");
            TenantId tenant = TenantId.of(configuration.string(TENANT_KEY, "default"));
            return switch (mode) {
                case "single" -> new Mode(false, tenant);
                case "perDomain" -> new Mode(true, tenant);
                default -> throw new IllegalStateException("gatehouse.properties: " + KEY + " must be single or perDomain, not '" + mode + "'");
            };
        }
    }

    private final JdbcTenantStore stored;
    private final DomainList domainList;
    private final Mode mode;

    @Inject
    public JamesDomainTenants(JdbcTenantStore stored, DomainList domainList, Mode mode) {
        this.stored = stored;
        this.domainList = domainList;
        this.mode = mode;
    }

    @Override
    public List<Tenant> list() {
        List<Tenant> tenants = fromDomains();
        tenants.forEach(this::keepStored);
        return tenants;
    }

    @Override
    public Optional<Tenant> get(TenantId id) {
        return list().stream().filter(tenant -> tenant.id().equals(id)).findFirst();
    }

    @Override
    public Outcome save(Tenant tenant) {
        throw new TenantConflictException("Tenants are James's domains in this mode: add or remove the domain through James's /domains");
    }

    @Override
    public boolean delete(TenantId id) {
        throw new TenantConflictException("Tenants are James's domains in this mode: remove the domain through James's /domains");
    }

    /** Whether James serves this domain now (its domain list is not cached, unlike the tenant directory). */
    boolean isJamesDomain(String domain) {
        try {
            return domainList.containsDomain(Domain.of(domain));
        } catch (DomainListException | IllegalArgumentException e) {
            return false;
        }
    }

    private List<Tenant> fromDomains() {
        List<DomainName> domains;
        try {
            domains = domainList.getDomains().stream()
                .flatMap(domain -> tenantDomain(domain).stream())
                .collect(ImmutableList.toImmutableList());
        } catch (DomainListException e) {
            throw new StoreException("James's domain list cannot be read", e);
        }
        if (domains.isEmpty()) {
            return ImmutableList.of();
        }
        if (!mode.perDomain()) {
            return ImmutableList.of(Tenant.of(mode.singleTenant(), mode.singleTenant().asString(), domains, HOST_DELIVERS, List.of()));
        }
        return domains.stream()
            .map(domain -> Tenant.of(tenantOf(domain), domain.asString(), List.of(domain), HOST_DELIVERS, List.of()))
            .collect(ImmutableList.toImmutableList());
    }

    /** James may list addresses and host names it detected itself (autodetect): only domain names are tenants' domains. */
    private static Optional<DomainName> tenantDomain(Domain domain) {
        if (InetAddresses.isInetAddress(domain.asString())) {
            return Optional.empty();
        }
        try {
            return Optional.of(DomainName.of(domain.asString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static TenantId tenantOf(DomainName domain) {
        String id = domain.asString().toLowerCase(Locale.ROOT).replace('.', '-');
        return TenantId.of(id.length() > TenantId.MAX_LENGTH ? id.substring(0, TenantId.MAX_LENGTH) : id);
    }

    private void keepStored(Tenant tenant) {
        if (stored.get(tenant.id()).filter(tenant::equals).isPresent()) {
            return;
        }
        try {
            stored.save(tenant);
        } catch (RuntimeException e) {
            // a domain still recorded for another tenant (james.tenants was changed): the mail is judged all the same
            LOGGER.warn("Cannot record tenant {} for James's domains {}", tenant.id().asString(), tenant.domains(), e);
        }
    }
}
