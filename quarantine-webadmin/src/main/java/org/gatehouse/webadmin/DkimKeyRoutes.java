package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.conflict;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.dkim.DkimKey;
import org.gatehouse.dkim.DkimKeyConflictException;
import org.gatehouse.dkim.DkimKeyGenerator;
import org.gatehouse.dkim.DkimKeyState;
import org.gatehouse.dkim.DkimSelector;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * A tenant's DKIM signing keys per domain (docs/dkim-signing.md): {@code GET /gatehouse/tenants/{id}/dkim} (every
 * domain's), {@code GET …/dkim/{domain}}, {@code POST …/dkim/{domain}} with {@code {"selector"}} or nothing (a new RSA
 * 2048 key, pending, with the TXT record to publish), {@code GET …/dkim/{domain}/{selector}},
 * {@code POST …/{selector}/activate} (the domain's signing key from now; the one before is retired) and
 * {@code DELETE …/{selector}} (a pending or retired key). The private key is never shown.
 */
public class DkimKeyRoutes implements Routes {
    public static final String KEYS_PATH = TenantRoutes.TENANT_PATH + "/dkim";
    public static final String DOMAIN_PATH = KEYS_PATH + "/:domain";
    public static final String KEY_PATH = DOMAIN_PATH + "/:selector";
    public static final String ACTIVATE_PATH = KEY_PATH + "/activate";
    /** Generated selectors tried for one domain in one month before asking the caller to name one. */
    private static final int MAX_GENERATED = 100;
    private static final Set<String> FIELDS = Set.of("selector");

    private final TenantService tenantService;
    private final JdbcDkimKeys keys;
    private final DkimKeyGenerator generator;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public DkimKeyRoutes(TenantService tenantService, JdbcDkimKeys keys, DkimKeyGenerator generator, JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.keys = keys;
        this.generator = generator;
        this.jsonTransformer = jsonTransformer;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String getBasePath() {
        return KEYS_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(KEYS_PATH, handled((request, response) ->
            keys.list(tenant(request).id()).stream().map(DkimKeyRoutes::json).toList()), jsonTransformer);
        service.get(DOMAIN_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            return keys.list(tenant.id(), domain(request, tenant)).stream().map(DkimKeyRoutes::json).toList();
        }), jsonTransformer);
        service.post(DOMAIN_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            DomainName domain = domain(request, tenant);
            Optional<DkimSelector> asked = selector(request);
            DkimSelector selector = asked.orElseGet(() -> freeSelector(tenant.id(), domain));
            DkimKeyGenerator.Generated generated = generator.generate();
            DkimKey key = DkimKey.of(tenant.id(), domain, selector, DkimKeyState.PENDING, generated.publicKey(), clock.instant(),
                Optional.empty(), Optional.empty());
            try {
                keys.create(key, generated.privateKeyPkcs8());
            } catch (DkimKeyConflictException e) {
                throw conflict(e.getMessage());
            }
            response.status(HttpStatus.CREATED_201);
            return json(key);
        }), jsonTransformer);
        service.get(KEY_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            DomainName domain = domain(request, tenant);
            DkimSelector selector = DkimSelector.of(request.params("selector"));
            return json(keys.find(tenant.id(), domain, selector).orElseThrow(() -> missingKey(tenant, domain, selector)));
        }), jsonTransformer);
        service.post(ACTIVATE_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            DomainName domain = domain(request, tenant);
            DkimSelector selector = DkimSelector.of(request.params("selector"));
            try {
                return json(keys.activate(tenant.id(), domain, selector, clock.instant())
                    .orElseThrow(() -> missingKey(tenant, domain, selector)));
            } catch (DkimKeyConflictException e) {
                throw conflict(e.getMessage());
            }
        }), jsonTransformer);
        service.delete(KEY_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            DomainName domain = domain(request, tenant);
            DkimSelector selector = DkimSelector.of(request.params("selector"));
            try {
                if (!keys.delete(tenant.id(), domain, selector)) {
                    throw missingKey(tenant, domain, selector);
                }
            } catch (DkimKeyConflictException e) {
                throw conflict(e.getMessage());
            }
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
    }

    private Tenant tenant(Request request) {
        TenantId id = tenantId(request);
        return tenantService.get(id).orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
    }

    /** One of the tenant's domains: a malformed name answers 400, another's or an unknown one 404. */
    private static DomainName domain(Request request, Tenant tenant) {
        DomainName domain = DomainName.of("domain", request.params("domain"));
        if (!tenant.domains().contains(domain)) {
            throw notFound("'" + domain.asString() + "' is not a domain of tenant '" + tenant.id().asString() + "'");
        }
        return domain;
    }

    /** The selector of the body, if any: an empty body or {@code {}} asks for a generated one. */
    private static Optional<DkimSelector> selector(Request request) {
        if (request.body() == null || request.body().isBlank()) {
            return Optional.empty();
        }
        JsonNode body = body(request);
        JsonFields.object(body, "", FIELDS);
        JsonNode selector = body.get("selector");
        if (selector == null || selector.isNull()) {
            return Optional.empty();
        }
        if (!selector.isTextual()) {
            throw new InvalidFieldException("selector", "must be a string");
        }
        return Optional.of(DkimSelector.of("selector", selector.textValue()));
    }

    private DkimSelector freeSelector(TenantId tenant, DomainName domain) {
        Set<DkimSelector> used = Set.copyOf(keys.list(tenant, domain).stream().map(DkimKey::selector).toList());
        for (int attempt = 1; attempt <= MAX_GENERATED; attempt++) {
            DkimSelector candidate = DkimSelector.generated(clock, attempt);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new InvalidFieldException("selector", "is required: " + MAX_GENERATED + " generated selectors of this month are taken");
    }

    private static RuntimeException missingKey(Tenant tenant, DomainName domain, DkimSelector selector) {
        return notFound("No DKIM key '" + selector.asString() + "' for " + domain.asString() + " of tenant '" + tenant.id().asString() + "'");
    }

    static Map<String, Object> json(DkimKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("domain", key.domain().asString());
        json.put("selector", key.selector().asString());
        json.put("state", key.state().asString());
        json.put("algorithm", "rsa-sha256");
        json.put("bits", DkimKeyGenerator.BITS);
        json.put("createdAt", key.createdAt().toString());
        key.activatedAt().ifPresent(at -> json.put("activatedAt", at.toString()));
        key.retiredAt().ifPresent(at -> json.put("retiredAt", at.toString()));
        json.put("dnsName", key.dnsName());
        json.put("txtRecord", key.txtRecord());
        json.put("txtStrings", key.txtStrings());
        json.put("zoneFile", key.zoneFileLine());
        return json;
    }
}
