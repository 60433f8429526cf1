package org.gatehouse.reports;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyReportsTest implements ReportsContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public Database database() {
        return derby.database();
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
