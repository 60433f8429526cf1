package org.gatehouse.dkim;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyDkimKeysTest implements DkimKeysContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public Database database() {
        return derby.database();
    }
}
