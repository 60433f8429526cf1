package org.gatehouse.admin;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyAdminStoresTest implements AdminStoresContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public Database database() {
        return derby.database();
    }
}
