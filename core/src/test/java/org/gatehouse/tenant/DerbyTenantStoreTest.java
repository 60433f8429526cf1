package org.gatehouse.tenant;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyTenantStoreTest implements TenantStoreContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(derby.database());
    }
}
