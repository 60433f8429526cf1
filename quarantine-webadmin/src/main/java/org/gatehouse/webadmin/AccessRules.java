package org.gatehouse.webadmin;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

/**
 * Which authenticated account may use which WebAdmin route (the table in docs/administration.md). Operators may use
 * every route. The other roles may read their own tenants' resources; a tenant administrator may also change the policy,
 * its versions, the sender lists and learning; a helpdesk or tenant administrator may release (virus excepted) and delete
 * held messages. A tenant or a held message of a tenant the account does not act for answers 404, as a missing one
 * does, whatever the method. Searches (quarantine, message log, reports) are narrowed to the caller's tenants by the
 * routes ({@link GatehouseRoutesSupport#scopedTenant}); James's {@code /tasks} to the tasks over the caller's tenants by
 * {@link TenantTasks} (reading for every role, cancelling from the helpdesk up). Every other route is the operator's.
 */
public final class AccessRules {
    /** What the filter does with a request; {@code message} for a refusal. */
    public record Decision(Kind kind, String message) {
        public enum Kind {
            ALLOW, FORBIDDEN, NOT_FOUND
        }

        static final Decision ALLOW = new Decision(Kind.ALLOW, "");

        static final Decision FORBIDDEN = new Decision(Kind.FORBIDDEN, "");

        static Decision forbidden() {
            return new Decision(Kind.FORBIDDEN, "");
        }

        static Decision notFound(String message) {
            return new Decision(Kind.NOT_FOUND, message);
        }
    }

    private static final Pattern TENANT_PATH = Pattern.compile("^/gatehouse/tenants/([^/]+)(/.*)?$");
    private static final Pattern TENANT_ADMIN_WRITES = Pattern.compile(
        "^/(policy(/versions/[^/]+/restore)?|senders/(allow|block)(/import)?|recipients(/import)?|submission-accounts/[^/]+|dkim/[^/]+(/[^/]+(/activate)?)?|scoring/learn)/?$");
    private static final Pattern QUARANTINE_ITEM = Pattern.compile("^/gatehouse/quarantine/([^/]+)(/eml|/release)?/?$");
    private static final Pattern TASKS = Pattern.compile("^/tasks(/[^/]+(/await)?)?/?$");
    private static final Pattern SEARCHES = Pattern.compile("^/gatehouse/(quarantine|messages|messages/[^/]+|rate-limited|reports/(summary|top|delivery))/?$");

    private AccessRules() {
    }

    public static Decision decide(Account account, String method, String path) {
        if (account.role() == Role.OPERATOR) {
            return Decision.ALLOW;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (path.equals("/gatehouse/tenants") || path.equals("/gatehouse/tenants/")) {
            return read ? Decision.ALLOW : Decision.forbidden();
        }
        Matcher tenant = TENANT_PATH.matcher(path);
        if (tenant.matches()) {
            return tenantResource(account, method, tenant.group(1), Optional.ofNullable(tenant.group(2)).orElse(""));
        }
        Matcher item = QUARANTINE_ITEM.matcher(path);
        if (item.matches() && !item.group(1).equals("index") && !item.group(1).equals("digests")) {
            return quarantineItem(account, method, item.group(1), Optional.ofNullable(item.group(2)).orElse(""));
        }
        if (path.equals("/gatehouse/audit") || path.startsWith("/gatehouse/accounts")) {
            // narrowed to the tenant administrator's tenants by AuditRoutes and AccountRoutes
            return account.role().isAtLeast(Role.TENANT_ADMIN) && (read || path.startsWith("/gatehouse/accounts")) ? Decision.ALLOW
                : Decision.forbidden();
        }
        if (SEARCHES.matcher(path).matches()) {
            if (read) {
                return Decision.ALLOW;
            }
            // a bulk release or delete, over the caller's tenants (a bulk release skips the virus family for everyone)
            return path.startsWith("/gatehouse/quarantine") && account.role().isAtLeast(Role.HELPDESK) ? Decision.ALLOW : Decision.forbidden();
        }
        Matcher tasks = TASKS.matcher(path);
        if (tasks.matches()) {
            // narrowed to the tasks over the caller's tenants by TenantTasks, which also keeps cancelling from read-only
            // accounts once it knows the task is theirs (another tenant's answers 404 whatever the method)
            boolean cancel = "DELETE".equals(method) && tasks.group(1) != null && tasks.group(2) == null;
            return read || cancel ? Decision.ALLOW : Decision.forbidden();
        }
        return Decision.forbidden();
    }

    private static Decision tenantResource(Account account, String method, String tenantId, String rest) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        String missing = "Tenant '" + tenantId + "' does not exist";
        Optional<TenantId> id = tenant(tenantId);
        if (id.isEmpty() || !account.actsFor(id.get())) {
            return Decision.notFound(missing);
        }
        if (read) {
            return Decision.ALLOW;
        }
        if (account.role().isAtLeast(Role.TENANT_ADMIN) && rest.isEmpty() && "PUT".equals(method)) {
            // its settings, not its domains or downstream route: TenantRoutes compares them
            return Decision.ALLOW;
        }
        return account.role().isAtLeast(Role.TENANT_ADMIN) && TENANT_ADMIN_WRITES.matcher(rest).matches() ? Decision.ALLOW : Decision.forbidden();
    }

    /** A held message's id is {@code <tenant>.<family>.<uuid>}: its tenant and family are known before it is read. */
    private static Decision quarantineItem(Account account, String method, String id, String rest) {
        String missing = "No quarantined message " + id;
        String[] parts = id.split("\\.", 3);
        Optional<TenantId> tenant = parts.length == 3 ? tenant(parts[0]) : Optional.empty();
        if (tenant.isEmpty() || !account.actsFor(tenant.get())) {
            return Decision.notFound(missing);
        }
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return rest.equals("/release") ? Decision.forbidden() : Decision.ALLOW;
        }
        if (!account.role().isAtLeast(Role.HELPDESK)) {
            return Decision.forbidden();
        }
        boolean virus = parts[1].equals(QuarantineFamily.VIRUS.asString());
        if ("POST".equals(method) && rest.equals("/release")) {
            return virus ? Decision.forbidden() : Decision.ALLOW;
        }
        return "DELETE".equals(method) && rest.isEmpty() ? Decision.ALLOW : Decision.forbidden();
    }

    private static Optional<TenantId> tenant(String value) {
        try {
            return Optional.of(TenantId.of(value));
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }
}
