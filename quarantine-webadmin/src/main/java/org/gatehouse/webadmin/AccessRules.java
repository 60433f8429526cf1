package org.gatehouse.webadmin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;

/**
 * Which authenticated account may use which WebAdmin route (the table in docs/administration.md). Operators may use
 * every route. The other roles may use the routes of their own tenants' resources under
 * {@code /gatehouse/tenants/{tenantId}}, and the list of tenants (answered with theirs only): every role may read them,
 * and a tenant administrator may change the policy, its versions, the sender lists and learning. A tenant the account
 * does not act for answers 404, as a missing one does, whatever the method. Every other route is the operator's.
 */
public final class AccessRules {
    /** What the filter does with a request. */
    public enum Decision {
        ALLOW, FORBIDDEN, NOT_FOUND
    }

    private static final Pattern TENANT_PATH = Pattern.compile("^/gatehouse/tenants/([^/]+)(/.*)?$");
    private static final Pattern TENANT_ADMIN_WRITES = Pattern.compile(
        "^/(policy(/versions/[^/]+/restore)?|senders/(allow|block)(/import)?|scoring/learn)/?$");

    private AccessRules() {
    }

    public static Decision decide(Account account, String method, String path) {
        if (account.role() == Role.OPERATOR) {
            return Decision.ALLOW;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (path.equals("/gatehouse/tenants") || path.equals("/gatehouse/tenants/")) {
            return read ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        Matcher tenant = TENANT_PATH.matcher(path);
        if (!tenant.matches()) {
            return Decision.FORBIDDEN;
        }
        TenantId id;
        try {
            id = TenantId.of(tenant.group(1));
        } catch (IllegalArgumentException e) {
            return Decision.NOT_FOUND;
        }
        if (!account.actsFor(id)) {
            return Decision.NOT_FOUND;
        }
        if (read) {
            return Decision.ALLOW;
        }
        String rest = tenant.group(2) == null ? "" : tenant.group(2);
        return account.role().isAtLeast(Role.TENANT_ADMIN) && TENANT_ADMIN_WRITES.matcher(rest).matches() ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
