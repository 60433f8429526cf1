package org.gatehouse.rate;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyRateCounterTest implements RateCounterContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public RateCounter counter() {
        return new JdbcRateCounter(derby.database());
    }
}
