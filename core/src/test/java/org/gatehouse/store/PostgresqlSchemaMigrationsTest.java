package org.gatehouse.store;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlSchemaMigrationsTest implements SchemaMigrationsContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public Database database() {
        return postgresql.database();
    }

    @Override
    public Database openInAnotherSchema() throws Exception {
        return postgresql.openInAnotherSchema();
    }
}
