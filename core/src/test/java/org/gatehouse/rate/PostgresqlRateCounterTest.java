package org.gatehouse.rate;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlRateCounterTest implements RateCounterContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();

    @Override
    public RateCounter counter() {
        return new JdbcRateCounter(postgresql.database());
    }
}
