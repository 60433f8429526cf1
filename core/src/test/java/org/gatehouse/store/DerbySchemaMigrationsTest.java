package org.gatehouse.store;

import org.junit.jupiter.api.extension.RegisterExtension;

class DerbySchemaMigrationsTest implements SchemaMigrationsContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public Database database() {
        return derby.database();
    }

    @Override
    public Database openInAnotherSchema() throws Exception {
        return derby.openInAnotherSchema();
    }
}
