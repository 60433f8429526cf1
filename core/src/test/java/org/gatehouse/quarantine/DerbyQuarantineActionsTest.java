package org.gatehouse.quarantine;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyQuarantineActionsTest implements QuarantineActionsContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public QuarantineActions actions() {
        return new JdbcQuarantineActions(derby.database());
    }
}
