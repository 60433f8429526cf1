package org.gatehouse.admin;

import java.util.Arrays;
import java.util.Optional;

/** What an administration account may do (docs/administration.md has the table of routes and roles). */
public enum Role {
    /** Everything, all tenants, the James routes, global lists, accounts. */
    OPERATOR("operator", 3),
    /** Its tenants' settings (domains and downstream route excepted), policy, lists, quarantine, log, reports, accounts below it. */
    TENANT_ADMIN("tenant_admin", 2),
    /** Its tenants' quarantine (search, preview, release, delete) and message log. */
    HELPDESK("helpdesk", 1),
    /** Reads its tenants' resources. */
    READ_ONLY("read_only", 0);

    private final String name;
    private final int rank;

    Role(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    public String asString() {
        return name;
    }

    /** Whether this role is strictly below {@code other}: a tenant administrator manages the accounts of lower roles only. */
    public boolean isBelow(Role other) {
        return rank < other.rank;
    }

    public boolean isAtLeast(Role other) {
        return rank >= other.rank;
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(role -> role.name.equals(value)).findFirst();
    }
}
