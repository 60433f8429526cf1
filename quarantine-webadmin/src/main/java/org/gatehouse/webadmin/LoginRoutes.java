package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.admin.IssuedToken;
import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.admin.PasswordHasher;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;

import spark.HaltException;
import spark.Request;
import spark.Service;

/**
 * {@code POST /gatehouse/auth/token} with {@code {"login": …, "password": …}}: a session token for an account that has a
 * password, valid for {@link #SESSION}. Public (it is how one gets a token); failures count against the client IP and
 * the account ({@link AuthenticationThrottle}), and while either is locked out even the right password is refused.
 */
public class LoginRoutes implements PublicRoutes {
    public static final String PATH = "/gatehouse/auth/token";
    static final Duration SESSION = Duration.ofHours(12);

    private final JdbcAccounts accounts;
    private final PasswordHasher hasher;
    private final AuthenticationThrottle throttle;
    private final GatehouseAuthenticationFilter authentication;
    private final AuditTrail audit;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public LoginRoutes(JdbcAccounts accounts, AuthenticationThrottle throttle, GatehouseAuthenticationFilter authentication, AuditTrail audit,
                       JsonTransformer jsonTransformer) {
        this(accounts, new PasswordHasher(), throttle, authentication, audit, jsonTransformer, Clock.systemUTC());
    }

    public LoginRoutes(JdbcAccounts accounts, PasswordHasher hasher, AuthenticationThrottle throttle,
                       GatehouseAuthenticationFilter authentication, AuditTrail audit, JsonTransformer jsonTransformer, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.authentication = authentication;
        this.audit = audit;
        this.jsonTransformer = jsonTransformer;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.post(PATH, GatehouseRoutesSupport.handled((request, response) -> {
            JsonNode body = GatehouseRoutesSupport.body(request);
            String login = body.path("login").asText("");
            String password = body.path("password").asText("");
            if (login.isEmpty() || !Account.isValidLogin(login)) {
                throw new InvalidFieldException("login", "an account's login is expected");
            }
            String ip = Optional.ofNullable(request.ip()).orElse("unknown");
            Optional<Instant> locked = throttle.lockedUntil(ip, Optional.of(login));
            if (locked.isPresent()) {
                throw refuse(request, login, "Too many failed logins; try again after " + locked.get(), throttle.recordRefusal(ip));
            }
            boolean valid = accounts.passwordHash(login).map(hash -> hasher.verify(password, hash)).orElseGet(() -> {
                // as slow as a real check: whether the account exists does not show in the time taken
                hasher.verify(password, DUMMY);
                return false;
            });
            if (!valid) {
                authentication.fail(ip, Optional.of(login));
                throw refuse(request, login, "Wrong login or password", true);
            }
            throttle.success(login);
            accounts.get(login).ifPresent(account -> request.attribute(GatehouseAuthenticationFilter.ACCOUNT, account));
            IssuedToken issued = accounts.issueToken(login, "session from " + ip, Optional.of(clock.instant().plus(SESSION)), clock.instant());
            audit.record(request, HttpStatus.CREATED_201, Optional.of(login));
            Map<String, Object> json = AccountRoutes.json(issued.token());
            json.put("token", issued.bearer());
            response.status(HttpStatus.CREATED_201);
            return json;
        }), jsonTransformer);
    }

    private static final String DUMMY = new PasswordHasher().hash("not a password of any account");

    private HaltException refuse(Request request, String login, String message, boolean record) {
        if (record) {
            audit.record(request, HttpStatus.UNAUTHORIZED_401, Optional.of(login));
        } else {
            request.attribute(AuditTrail.RECORDED, Boolean.TRUE);
        }
        return ErrorResponder.builder()
            .statusCode(HttpStatus.UNAUTHORIZED_401)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }
}
