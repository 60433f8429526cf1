package org.gatehouse.scoring.learning;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantStore;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlBayesStoreTest implements BayesStoreContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public BayesStore store() {
        return new JdbcBayesStore(postgresql.database());
    }

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(postgresql.database());
    }
}
