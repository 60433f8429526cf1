package org.gatehouse.outbound;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyOutboundAnomalyTest implements OutboundAnomalyContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public Database database() {
        return derby.database();
    }
}
