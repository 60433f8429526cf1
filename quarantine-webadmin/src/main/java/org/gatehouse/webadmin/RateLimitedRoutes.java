package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

import spark.Service;

/**
 * {@code GET /gatehouse/rate-limited?from=&to=&limit=}: the messages rate control refused, counted per client IP,
 * direction and tenant (hourly buckets; default: the last 24 hours), most attempts first. See docs/rate-control.md.
 */
public class RateLimitedRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/rate-limited";
    static final int MAX_LIMIT = 1000;

    private final RateLimitedAttempts attempts;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public RateLimitedRoutes(RateLimitedAttempts attempts, JsonTransformer jsonTransformer) {
        this.attempts = attempts;
        this.jsonTransformer = jsonTransformer;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, handled((request, response) -> {
            Instant to = MessageLogRoutes.instant(request, "to").orElseGet(clock::instant);
            Instant from = MessageLogRoutes.instant(request, "from").orElse(to.minus(Duration.ofDays(1)));
            if (!from.isBefore(to)) {
                throw new InvalidFieldException("from", "must be before 'to'");
            }
            int limit = MessageLogRoutes.integer(request, "limit", 100, 1, MAX_LIMIT);
            // an account below the operator sees what its tenants' own limits refused
            Optional<TenantId> tenant = GatehouseRoutesSupport.scopedTenant(request, MessageLogRoutes.text(request, "tenant").map(TenantId::of));
            return attempts.summary(from, to, tenant, limit).stream().map(summary -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("clientIp", summary.clientIp());
                json.put("direction", summary.direction().asString());
                json.put("tenant", summary.tenant().map(TenantId::asString).orElse(null));
                json.put("attempts", summary.attempts());
                json.put("lastAttempt", summary.lastAttempt().toString());
                return json;
            }).toList();
        }), jsonTransformer);
    }
}
