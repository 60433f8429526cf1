package org.gatehouse.tenant;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlTenantStoreTest implements TenantStoreContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(postgresql.database());
    }
}
