package org.gatehouse.policy;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlPolicyStoreTest implements PolicyStoreContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public PolicyStore policyStore() {
        return new JdbcPolicyStore(postgresql.database(), clock);
    }

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(postgresql.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
