package org.gatehouse.webadmin;

import java.util.Optional;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantConflictException;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import spark.HaltException;
import spark.Request;
import spark.Route;

/** What every Gatehouse route shares: body parsing, the author of a change, and one mapping of errors to HTTP. */
final class GatehouseRoutesSupport {
    static final String AUTHOR_HEADER = "X-Gatehouse-Author";
    static final String DEFAULT_AUTHOR = "webadmin";
    // a body is exactly one JSON document whose keys appear once: nothing of it is silently ignored
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    static JsonNode body(Request request) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw new InvalidFieldException("$", "the request body is empty; a JSON document is expected");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("$", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The tenant a search or report is narrowed to: what the caller asked for, checked against the tenants its account
     * acts for (another tenant answers as a missing one); for an account of a single tenant, that tenant when none is
     * asked. Operators, and servers without authentication, get what they asked for (nothing: every tenant).
     */
    static Optional<TenantId> scopedTenant(Request request, Optional<TenantId> asked) {
        Optional<Account> account = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
        if (account.isEmpty() || account.get().role() == Role.OPERATOR) {
            return asked;
        }
        if (asked.isPresent()) {
            if (!account.get().actsFor(asked.get())) {
                throw notFound("Tenant '" + asked.get().asString() + "' does not exist");
            }
            return asked;
        }
        if (account.get().tenants().size() == 1) {
            return Optional.of(account.get().tenants().first());
        }
        throw new InvalidFieldException("tenant", "is required: the account acts for " + account.get().tenants().size() + " tenants");
    }

    /** Whether the caller may see a record concerning these tenants (no tenant: the operator's only). */
    static boolean maySee(Request request, java.util.Collection<TenantId> tenants) {
        Optional<Account> account = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
        return account.isEmpty() || account.get().role() == Role.OPERATOR || tenants.stream().anyMatch(account.get()::actsFor);
    }

    /** Whether the caller may change a tenant's sender lists: a tenant administrator or an operator (or no authentication). */
    static boolean mayChangeSenderLists(Request request) {
        Optional<Account> account = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
        return account.isEmpty() || account.get().role().isAtLeast(Role.TENANT_ADMIN);
    }

    static TenantId tenantId(Request request) {
        return TenantId.of(request.params("tenantId"));
    }

    /**
     * Who made a change: the authenticated account's login; without authentication (a WebAdmin server built with James's
     * {@code NoAuthenticationFilter}, as in route tests) the author header, else "webadmin".
     */
    static String author(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        if (login != null) {
            return login.toString();
        }
        return Optional.ofNullable(request.headers(AUTHOR_HEADER))
            .map(String::trim)
            .filter(author -> !author.isEmpty())
            .map(author -> author.length() > 200 ? author.substring(0, 200) : author)
            .orElse(DEFAULT_AUTHOR);
    }

    /** Runs a handler and answers Gatehouse's exceptions in James's error format. */
    static Route handled(Route route) {
        return (request, response) -> {
            try {
                return route.handle(request, response);
            } catch (HaltException e) {
                throw e;
            } catch (InvalidFieldException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.BAD_REQUEST_400)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("Invalid field '" + e.getField() + "': " + e.getReason())
                    .haltError();
            } catch (TenantConflictException | org.gatehouse.admin.AccountException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.CONFLICT_409)
                    .type(ErrorResponder.ErrorType.WRONG_STATE)
                    .message(e.getMessage())
                    .haltError();
            } catch (TenantService.UnknownTenantException | TenantService.UnknownPolicyVersionException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.NOT_FOUND_404)
                    .type(ErrorResponder.ErrorType.NOT_FOUND)
                    .message(e.getMessage())
                    .haltError();
            } catch (StoreException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                    .type(ErrorResponder.ErrorType.SERVER_ERROR)
                    .message("The Gatehouse policy database is unavailable; nothing was changed")
                    .cause(e)
                    .haltError();
            }
        };
    }

    static HaltException notFound(String message) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message)
            .haltError();
    }

    static HaltException conflict(String message) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.CONFLICT_409)
            .type(ErrorResponder.ErrorType.WRONG_STATE)
            .message(message)
            .haltError();
    }

    private GatehouseRoutesSupport() {
    }
}
