package org.gatehouse.policy;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlGlobalPolicyStoreTest implements GlobalPolicyStoreContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public GlobalPolicyStore store() {
        return new JdbcGlobalPolicyStore(postgresql.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
