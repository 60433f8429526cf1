package org.gatehouse.admin;

import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;

import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableSortedSet;

/**
 * An administration account: its login, its role, and the tenants it acts for (an operator acts for all, and has none
 * listed).
 */
public record Account(String login, Role role, ImmutableSortedSet<TenantId> tenants, Instant createdAt) {
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public Account {
        if (!isValidLogin(login)) {
            throw new IllegalArgumentException("login must be 1 to 64 of a-z 0-9 . _ @ - and start with a letter or digit");
        }
        if (role == Role.OPERATOR && !tenants.isEmpty()) {
            throw new IllegalArgumentException("an operator acts for every tenant: tenants must be empty");
        }
        if (role != Role.OPERATOR && tenants.isEmpty()) {
            throw new IllegalArgumentException("a " + role.asString() + " account needs at least one tenant");
        }
    }

    public static Account of(String login, Role role, Collection<TenantId> tenants, Instant createdAt) {
        return new Account(login, role, ImmutableSortedSet.copyOf(java.util.Comparator.comparing(TenantId::asString), tenants), createdAt);
    }

    public static boolean isValidLogin(String login) {
        return login != null && LOGIN.matcher(login).matches();
    }

    /** Whether the account may act for the tenant. */
    public boolean actsFor(TenantId tenant) {
        return role == Role.OPERATOR || tenants.contains(tenant);
    }
}
