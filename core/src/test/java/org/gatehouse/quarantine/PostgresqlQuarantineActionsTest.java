package org.gatehouse.quarantine;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlQuarantineActionsTest implements QuarantineActionsContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public QuarantineActions actions() {
        return new JdbcQuarantineActions(postgresql.database());
    }
}
