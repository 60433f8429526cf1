package org.gatehouse.policy;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyGlobalPolicyStoreTest implements GlobalPolicyStoreContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public GlobalPolicyStore store() {
        return new JdbcGlobalPolicyStore(derby.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
