package org.gatehouse.scoring.learning;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyBayesStoreTest implements BayesStoreContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public BayesStore store() {
        return new JdbcBayesStore(derby.database());
    }

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(derby.database());
    }
}
