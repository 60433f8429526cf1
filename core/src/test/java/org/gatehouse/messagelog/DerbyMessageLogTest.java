package org.gatehouse.messagelog;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyMessageLogTest implements MessageLogContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public MessageLog messageLog() {
        return new JdbcMessageLog(derby.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
