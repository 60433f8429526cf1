package org.gatehouse.webadmin;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.gatehouse.admin.Account;
import org.gatehouse.admin.AuditRecord;
import org.gatehouse.admin.JdbcAuditLog;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;

/**
 * Writes WebAdmin's audit records (docs/administration.md): who, from where, which action on which target, the answer's
 * status. A record that cannot be written is logged, and never turns the answer into an error.
 */
public class AuditTrail {
    /** Set on a request once its outcome is recorded, so that the write filter does not record it again. */
    static final String RECORDED = "gatehouse.audit.recorded";
    /** The configuration the write addresses as it was before it ({@link ConfigurationSnapshots}). */
    static final String BEFORE = "gatehouse.audit.before";
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditTrail.class);
    /** The tenant a request concerns when its path does not say it (a task's), set by the route or filter that knows it. */
    static final String TENANT = "gatehouse.audit.tenant";
    private static final Pattern TENANT_PATH = Pattern.compile("^/gatehouse/tenants/([^/]+)");
    private static final Pattern QUARANTINE_ITEM = Pattern.compile("^/gatehouse/quarantine/([^/.]+)\\.[^/.]+\\.[^/]+");
    private static final Pattern ID_SEGMENT = Pattern.compile("/(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+|[^/]*\\.[^/]*\\.[0-9a-f-]{36})(?=/|$)");

    private final JdbcAuditLog log;
    private final ConfigurationSnapshots snapshots;
    private final Clock clock;

    @Inject
    public AuditTrail(JdbcAuditLog log, ConfigurationSnapshots snapshots) {
        this(log, snapshots, Clock.systemUTC());
    }

    public AuditTrail(JdbcAuditLog log, ConfigurationSnapshots snapshots, Clock clock) {
        this.log = log;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** Before an authenticated write: keeps the configuration it addresses, for the record's before and after values. */
    void before(Request request) {
        String method = request.requestMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || request.attribute(BEFORE) != null) {
            return;
        }
        try {
            snapshots.snapshot(Optional.ofNullable(request.pathInfo()).orElse("")).ifPresent(snapshot -> request.attribute(BEFORE, snapshot));
        } catch (RuntimeException e) {
            LOGGER.error("The configuration before {} {} could not be read for the audit log", method, request.pathInfo(), e);
        }
    }

    private Optional<ConfigurationSnapshots.Difference> difference(Request request, String path) {
        Object before = request.attribute(BEFORE);
        if (!(before instanceof JsonNode was)) {
            return Optional.empty();
        }
        try {
            return snapshots.snapshot(path).flatMap(now -> ConfigurationSnapshots.difference(was, now));
        } catch (RuntimeException e) {
            LOGGER.error("The configuration after {} could not be read for the audit log", path, e);
            return Optional.empty();
        }
    }

    /** Records the request's outcome once, with the account it authenticated as, if any. */
    void record(Request request, int status, Optional<String> triedLogin) {
        if (request.attribute(RECORDED) != null) {
            return;
        }
        request.attribute(RECORDED, Boolean.TRUE);
        Optional<Account> account = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
        String path = request.pathInfo() == null ? "" : request.pathInfo();
        String target = request.queryString() == null ? path : path + "?" + request.queryString();
        try {
            Optional<ConfigurationSnapshots.Difference> difference = difference(request, path);
            log.append(AuditRecord.of(clock.instant(), account.map(Account::login).or(() -> triedLogin), account.map(Account::role),
                Optional.ofNullable(request.ip()), tenantOf(request, path, account), request.requestMethod() + " " + action(path), Optional.of(target), status,
                difference.map(ConfigurationSnapshots.Difference::before), difference.map(ConfigurationSnapshots.Difference::after)));
        } catch (RuntimeException e) {
            LOGGER.error("The audit record of {} {} ({}) could not be written", request.requestMethod(), path, status, e);
        }
    }

    void lockout(String clientIp, String kind, String key, String until) {
        try {
            log.append(AuditRecord.of(clock.instant(), kind.equals("ACCOUNT") ? Optional.of(key) : Optional.<String>empty(),
                Optional.<Role>empty(), Optional.of(clientIp), Optional.empty(), "LOCKOUT " + kind.toLowerCase(java.util.Locale.ROOT),
                Optional.of(key + " until " + until), 429, Optional.empty(), Optional.empty()));
        } catch (RuntimeException e) {
            LOGGER.error("The audit record of a lockout of {} could not be written", key, e);
        }
    }

    /**
     * The tenant a request concerns, so that its administrators find the record: the tenant in the path, the tenant of a
     * held message ({@code <tenant>.<family>.<uuid>}), of a task ({@link #TENANT}), or the search's {@code tenant=};
     * else an account's only tenant, which a search without {@code tenant=} runs over.
     */
    static Optional<TenantId> tenantOf(Request request, String path, Optional<Account> account) {
        Matcher matcher = TENANT_PATH.matcher(path);
        Matcher item = QUARANTINE_ITEM.matcher(path);
        Optional<String> named = matcher.find() ? Optional.of(matcher.group(1))
            : item.find() ? Optional.of(item.group(1))
            : Optional.ofNullable(request.attribute(TENANT)).map(Object::toString)
                .or(() -> Optional.ofNullable(request.queryParams("tenant")));
        if (named.isPresent()) {
            try {
                return Optional.of(TenantId.of(named.get()));
            } catch (InvalidFieldException e) {
                return Optional.empty();
            }
        }
        return account.filter(caller -> caller.role() != Role.OPERATOR && caller.tenants().size() == 1)
            .map(caller -> caller.tenants().first());
    }

    /** The path with its tenant and item ids as names: {@code /gatehouse/tenants/:tenantId/policy}. */
    static String action(String path) {
        String named = TENANT_PATH.matcher(path).replaceFirst("/gatehouse/tenants/:tenantId");
        named = named.replaceFirst("^/gatehouse/accounts/[^/]+/tokens/[^/]+$", "/gatehouse/accounts/:login/tokens/:id")
            .replaceFirst("^/gatehouse/accounts/[^/]+", "/gatehouse/accounts/:login")
            .replaceFirst("^/gatehouse/quarantine/(?!index$|digests$)[^/]+", "/gatehouse/quarantine/:id");
        return ID_SEGMENT.matcher(named).replaceAll("/:id");
    }
}
