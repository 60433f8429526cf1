package org.gatehouse.reports;

import org.gatehouse.store.Database;
import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlReportsTest implements ReportsContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public Database database() {
        return postgresql.database();
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
