package org.gatehouse.dkim;

import org.gatehouse.store.Database;
import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlDkimKeysTest implements DkimKeysContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public Database database() {
        return postgresql.database();
    }
}
