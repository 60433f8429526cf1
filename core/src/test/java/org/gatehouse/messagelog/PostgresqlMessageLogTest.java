package org.gatehouse.messagelog;

import org.gatehouse.store.PostgresqlDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = PostgresqlDatabaseExtension.URL_PROPERTY, matches = PostgresqlDatabaseExtension.ENABLED)
class PostgresqlMessageLogTest implements MessageLogContract {
    @RegisterExtension
    PostgresqlDatabaseExtension postgresql = new PostgresqlDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public MessageLog messageLog() {
        return new JdbcMessageLog(postgresql.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
