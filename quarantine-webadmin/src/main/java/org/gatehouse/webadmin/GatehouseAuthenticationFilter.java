package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.store.StoreException;

import spark.Request;
import spark.Response;

/**
 * WebAdmin's authentication (docs/administration.md): every private route, Gatehouse's and James's, needs
 * {@code Authorization: Bearer <token>} of an account ({@link JdbcAccounts}); {@code /healthcheck} and the password login
 * are public. Without a valid token the answer is 401 in James's error format, and the failure is counted against the
 * client IP ({@link AuthenticationThrottle}: too many lock it out, even with a right token) and recorded in the audit
 * log. An authenticated request carries its account ({@link #ACCOUNT}) and James's {@link #LOGIN}.
 *
 * <p>Authorisation follows {@link AccessRules}: 403 for a route the role may not use, 404 for a tenant the account does
 * not act for (as for a missing one); both are recorded. James's {@code /tasks} shows such an account the tasks over its
 * tenants only ({@link TenantTasks}).
 */
public class GatehouseAuthenticationFilter implements AuthenticationFilter {
    public static final String ACCOUNT = "gatehouse.account";
    private static final String BEARER = "Bearer ";

    private final JdbcAccounts accounts;
    private final AuthenticationThrottle throttle;
    private final AuditTrail audit;
    private final TenantTasks tasks;
    private final Clock clock;

    @Inject
    public GatehouseAuthenticationFilter(JdbcAccounts accounts, AuthenticationThrottle throttle, AuditTrail audit, TenantTasks tasks) {
        this(accounts, throttle, audit, tasks, Clock.systemUTC());
    }

    public GatehouseAuthenticationFilter(JdbcAccounts accounts, AuthenticationThrottle throttle, AuditTrail audit, TenantTasks tasks,
                                         Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        if ("OPTIONS".equals(request.requestMethod()) || request.attribute(ACCOUNT) != null) {
            return;
        }
        String ip = Optional.ofNullable(request.ip()).orElse("unknown");
        Optional<Instant> locked = throttle.lockedUntil(ip, Optional.empty());
        if (locked.isPresent()) {
            throw refuse(request, HttpStatus.UNAUTHORIZED_401, "Too many failed authentications from " + ip + "; try again after "
                + locked.get(), throttle.recordRefusal(ip));
        }
        String header = request.headers("Authorization");
        Optional<Account> account;
        try {
            account = header != null && header.startsWith(BEARER)
                ? accounts.authenticate(header.substring(BEARER.length()).trim(), clock.instant())
                : Optional.empty();
        } catch (StoreException e) {
            // fail closed: no token can be checked, so nothing is let through
            request.attribute(AuditTrail.RECORDED, Boolean.TRUE);
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                .type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("The Gatehouse policy database is unavailable; the token cannot be checked and nothing was changed")
                .cause(e)
                .haltError();
        }
        if (account.isEmpty()) {
            fail(ip, Optional.empty());
            throw refuse(request, HttpStatus.UNAUTHORIZED_401, header == null
                ? "No Bearer token: every WebAdmin route but /healthcheck needs 'Authorization: Bearer <token>' (docs/administration.md)"
                : "Invalid, expired or revoked token", true);
        }
        request.attribute(ACCOUNT, account.get());
        request.attribute(LOGIN, account.get().login());
        String path = Optional.ofNullable(request.pathInfo()).orElse("");
        AccessRules.Decision decision = AccessRules.decide(account.get(), request.requestMethod(), path);
        if (decision.kind() == AccessRules.Decision.Kind.ALLOW && path.startsWith("/tasks")) {
            decision = tasks.narrow(account.get(), request, response).orElse(decision);
        }
        switch (decision.kind()) {
            case NOT_FOUND -> throw refuseNotFound(request, decision.message());
            case FORBIDDEN -> throw refuse(request, HttpStatus.FORBIDDEN_403, "The " + account.get().role().asString()
                + " role may not " + request.requestMethod() + " " + path + " (docs/administration.md)", true);
            default -> {
            }
        }
        audit.before(request);
    }

    /** Counts a failed authentication and records the lockouts it starts. */
    void fail(String ip, Optional<String> login) {
        List<AuthenticationThrottle.Lockout> lockouts = throttle.failure(ip, login);
        lockouts.forEach(lockout -> audit.lockout(ip, lockout.kind().name(), lockout.key(), lockout.until().toString()));
    }

    /** A foreign tenant or held message answers as a missing one does (TenantRoutes, QuarantineRoutes): its existence does not show. */
    private spark.HaltException refuseNotFound(Request request, String message) {
        audit.record(request, HttpStatus.NOT_FOUND_404, Optional.empty());
        return ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message)
            .haltError();
    }

    private spark.HaltException refuse(Request request, int status, String message, boolean record) {
        if (record) {
            audit.record(request, status, Optional.empty());
        } else {
            request.attribute(AuditTrail.RECORDED, Boolean.TRUE);
        }
        return ErrorResponder.builder()
            .statusCode(status)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }
}
