package org.gatehouse.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.webadmin.AccessRules.Decision.Kind;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<Role> TENANT_ROLES = List.of(Role.TENANT_ADMIN, Role.HELPDESK, Role.READ_ONLY);
    private static final String OWN_SPAM = "acme.spam.0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String OWN_VIRUS = "acme.virus.0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String FOREIGN_SPAM = "globex.spam.0f8fad5b-d9cb-469f-a165-70867728950e";

    private static Account account(Role role) {
        return Account.of("someone", role, role == Role.OPERATOR ? List.of() : List.of(TenantId.of("acme")), T0);
    }

    private static Kind decide(Role role, String method, String path) {
        return AccessRules.decide(account(role), method, path).kind();
    }

    @Test
    void decideShouldLetOperatorsUseEveryRoute() {
        for (String path : List.of("/gatehouse/tenants/globex", "/mailQueues", "/gatehouse/accounts/x", "/gatehouse/senders/block",
            "/gatehouse/quarantine/" + FOREIGN_SPAM)) {
            assertThat(decide(Role.OPERATOR, "DELETE", path)).isEqualTo(Kind.ALLOW);
        }
    }

    @Test
    void decideShouldAnswerAForeignTenantOrItemAsAMissingOneWhateverTheMethod() {
        for (Role role : TENANT_ROLES) {
            for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
                assertThat(decide(role, method, "/gatehouse/tenants/globex/policy")).isEqualTo(Kind.NOT_FOUND);
                assertThat(decide(role, method, "/gatehouse/tenants/globex")).isEqualTo(Kind.NOT_FOUND);
                assertThat(decide(role, method, "/gatehouse/quarantine/" + FOREIGN_SPAM)).isEqualTo(Kind.NOT_FOUND);
            }
            assertThat(AccessRules.decide(account(role), "GET", "/gatehouse/tenants/globex").message()).isEqualTo("Tenant 'globex' does not exist");
            assertThat(AccessRules.decide(account(role), "GET", "/gatehouse/quarantine/" + FOREIGN_SPAM).message())
                .isEqualTo("No quarantined message " + FOREIGN_SPAM);
        }
    }

    @Test
    void decideShouldLetEveryRoleReadItsTenantsAndSearch() {
        for (Role role : TENANT_ROLES) {
            for (String path : List.of("/gatehouse/tenants", "/gatehouse/tenants/acme", "/gatehouse/tenants/acme/policy",
                "/gatehouse/tenants/acme/policy/versions/2", "/gatehouse/tenants/acme/senders/allow", "/gatehouse/tenants/acme/scoring/learning",
                "/gatehouse/quarantine", "/gatehouse/quarantine/" + OWN_SPAM, "/gatehouse/quarantine/" + OWN_SPAM + "/eml", "/gatehouse/messages", "/gatehouse/rate-limited",
                "/gatehouse/messages/some-id", "/gatehouse/reports/summary", "/gatehouse/reports/top", "/gatehouse/reports/delivery")) {
                assertThat(decide(role, "GET", path)).as(role + " " + path).isEqualTo(Kind.ALLOW);
            }
        }
    }

    @Test
    void decideShouldLetOnlyTenantAdminsChangeThePolicyListsAndLearning() {
        for (String[] write : List.of(new String[] {"PUT", "/gatehouse/tenants/acme/policy"},
            new String[] {"POST", "/gatehouse/tenants/acme/policy/versions/3/restore"},
            new String[] {"POST", "/gatehouse/tenants/acme/senders/block"}, new String[] {"DELETE", "/gatehouse/tenants/acme/senders/allow"},
            new String[] {"POST", "/gatehouse/tenants/acme/senders/allow/import"}, new String[] {"POST", "/gatehouse/tenants/acme/scoring/learn"})) {
            assertThat(decide(Role.TENANT_ADMIN, write[0], write[1])).isEqualTo(Kind.ALLOW);
            assertThat(decide(Role.HELPDESK, write[0], write[1])).isEqualTo(Kind.FORBIDDEN);
            assertThat(decide(Role.READ_ONLY, write[0], write[1])).isEqualTo(Kind.FORBIDDEN);
        }
    }

    @Test
    void decideShouldLetHelpdesksReleaseAndDeleteButNeverReleaseAVirus() {
        for (Role role : List.of(Role.TENANT_ADMIN, Role.HELPDESK)) {
            assertThat(decide(role, "POST", "/gatehouse/quarantine/" + OWN_SPAM + "/release")).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "DELETE", "/gatehouse/quarantine/" + OWN_SPAM)).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "POST", "/gatehouse/quarantine/" + OWN_VIRUS + "/release")).isEqualTo(Kind.FORBIDDEN);
            assertThat(decide(role, "DELETE", "/gatehouse/quarantine/" + OWN_VIRUS)).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "POST", "/gatehouse/quarantine")).isEqualTo(Kind.ALLOW);
        }
        assertThat(decide(Role.READ_ONLY, "POST", "/gatehouse/quarantine/" + OWN_SPAM + "/release")).isEqualTo(Kind.FORBIDDEN);
        assertThat(decide(Role.READ_ONLY, "DELETE", "/gatehouse/quarantine/" + OWN_SPAM)).isEqualTo(Kind.FORBIDDEN);
        assertThat(decide(Role.READ_ONLY, "POST", "/gatehouse/quarantine")).isEqualTo(Kind.FORBIDDEN);
    }

    @Test
    void decideShouldKeepTheTenantRecordGlobalRoutesAndJamesRoutesForOperators() {
        for (String[] route : List.of(new String[] {"DELETE", "/gatehouse/tenants/acme"},
            new String[] {"POST", "/gatehouse/tenants"}, new String[] {"GET", "/gatehouse/senders/allow"}, new String[] {"GET", "/mailQueues"},
            new String[] {"GET", "/mailRepositories"}, new String[] {"POST", "/tasks"}, new String[] {"DELETE", "/gatehouse/audit"},
            new String[] {"GET", "/metrics"}, new String[] {"POST", "/gatehouse/rate-limited"},
            new String[] {"POST", "/gatehouse/quarantine/index"}, new String[] {"POST", "/gatehouse/quarantine/digests"},
            new String[] {"GET", "/gatehouse/scoring/learning"}, new String[] {"POST", "/gatehouse/scoring/learning/import"},
            new String[] {"GET", "/gatehouse/scoring/spamassassin"})) {
            for (Role role : TENANT_ROLES) {
                assertThat(decide(role, route[0], route[1])).as(role + " " + route[0] + " " + route[1]).isEqualTo(Kind.FORBIDDEN);
            }
        }
    }

    @Test
    void decideShouldLetEveryRoleReadAndCancelTasksForTenantTasksToNarrow() {
        String task = "/tasks/0f8fad5b-d9cb-469f-a165-70867728950e";
        for (Role role : TENANT_ROLES) {
            assertThat(decide(role, "GET", "/tasks")).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "GET", task)).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "GET", task + "/await")).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "DELETE", task)).isEqualTo(Kind.ALLOW);
            assertThat(decide(role, "DELETE", "/tasks")).isEqualTo(Kind.FORBIDDEN);
            assertThat(decide(role, "DELETE", task + "/await")).isEqualTo(Kind.FORBIDDEN);
            assertThat(decide(role, "GET", task + "/other")).isEqualTo(Kind.FORBIDDEN);
        }
    }

    @Test
    void decideShouldLetTenantAdminsReachTheirTenantRecordAccountsAndAuditForTheRoutesToNarrow() {
        for (String[] route : List.of(new String[] {"PUT", "/gatehouse/tenants/acme"}, new String[] {"GET", "/gatehouse/accounts"},
            new String[] {"PUT", "/gatehouse/accounts/desk"}, new String[] {"POST", "/gatehouse/accounts/desk/tokens"},
            new String[] {"GET", "/gatehouse/audit"})) {
            assertThat(decide(Role.TENANT_ADMIN, route[0], route[1])).as(route[0] + " " + route[1]).isEqualTo(Kind.ALLOW);
            assertThat(decide(Role.HELPDESK, route[0], route[1])).as(route[0] + " " + route[1]).isEqualTo(Kind.FORBIDDEN);
            assertThat(decide(Role.READ_ONLY, route[0], route[1])).as(route[0] + " " + route[1]).isEqualTo(Kind.FORBIDDEN);
        }
    }
}
