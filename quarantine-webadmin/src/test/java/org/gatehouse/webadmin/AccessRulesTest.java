package org.gatehouse.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.webadmin.AccessRules.Decision;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Account account(Role role) {
        return Account.of("someone", role, role == Role.OPERATOR ? List.of() : List.of(TenantId.of("acme")), T0);
    }

    @Test
    void decideShouldLetOperatorsUseEveryRoute() {
        for (String path : List.of("/gatehouse/tenants/globex", "/mailQueues", "/gatehouse/accounts/x", "/gatehouse/senders/block")) {
            assertThat(AccessRules.decide(account(Role.OPERATOR), "DELETE", path)).isEqualTo(Decision.ALLOW);
        }
    }

    @Test
    void decideShouldAnswerAForeignTenantAsAMissingOneWhateverTheMethod() {
        for (Role role : List.of(Role.TENANT_ADMIN, Role.HELPDESK, Role.READ_ONLY)) {
            for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
                assertThat(AccessRules.decide(account(role), method, "/gatehouse/tenants/globex/policy")).isEqualTo(Decision.NOT_FOUND);
                assertThat(AccessRules.decide(account(role), method, "/gatehouse/tenants/globex")).isEqualTo(Decision.NOT_FOUND);
            }
        }
    }

    @Test
    void decideShouldLetEveryRoleReadItsTenants() {
        for (Role role : List.of(Role.TENANT_ADMIN, Role.HELPDESK, Role.READ_ONLY)) {
            for (String path : List.of("/gatehouse/tenants", "/gatehouse/tenants/acme", "/gatehouse/tenants/acme/policy",
                "/gatehouse/tenants/acme/policy/versions/2", "/gatehouse/tenants/acme/senders/allow", "/gatehouse/tenants/acme/scoring/learning")) {
                assertThat(AccessRules.decide(account(role), "GET", path)).as(role + " " + path).isEqualTo(Decision.ALLOW);
            }
        }
    }

    @Test
    void decideShouldLetOnlyTenantAdminsChangeThePolicyListsAndLearning() {
        for (String[] write : List.of(new String[] {"PUT", "/gatehouse/tenants/acme/policy"},
            new String[] {"POST", "/gatehouse/tenants/acme/policy/versions/3/restore"},
            new String[] {"POST", "/gatehouse/tenants/acme/senders/block"}, new String[] {"DELETE", "/gatehouse/tenants/acme/senders/allow"},
            new String[] {"POST", "/gatehouse/tenants/acme/senders/allow/import"}, new String[] {"POST", "/gatehouse/tenants/acme/scoring/learn"})) {
            assertThat(AccessRules.decide(account(Role.TENANT_ADMIN), write[0], write[1])).isEqualTo(Decision.ALLOW);
            assertThat(AccessRules.decide(account(Role.HELPDESK), write[0], write[1])).isEqualTo(Decision.FORBIDDEN);
            assertThat(AccessRules.decide(account(Role.READ_ONLY), write[0], write[1])).isEqualTo(Decision.FORBIDDEN);
        }
    }

    @Test
    void decideShouldKeepTheTenantRecordGlobalRoutesAndJamesRoutesForOperators() {
        for (String[] route : List.of(new String[] {"PUT", "/gatehouse/tenants/acme"}, new String[] {"DELETE", "/gatehouse/tenants/acme"},
            new String[] {"POST", "/gatehouse/tenants"}, new String[] {"GET", "/gatehouse/senders/allow"}, new String[] {"GET", "/mailQueues"},
            new String[] {"GET", "/mailRepositories"}, new String[] {"GET", "/tasks"}, new String[] {"GET", "/gatehouse/accounts"},
            new String[] {"GET", "/gatehouse/audit"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/gatehouse/quarantine"})) {
            assertThat(AccessRules.decide(account(Role.TENANT_ADMIN), route[0], route[1])).as(route[0] + " " + route[1]).isEqualTo(Decision.FORBIDDEN);
        }
    }
}
