package org.gatehouse.policy;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyPolicyStoreTest implements PolicyStoreContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    MutableClock clock = new MutableClock(T0);

    @Override
    public PolicyStore policyStore() {
        return new JdbcPolicyStore(derby.database(), clock);
    }

    @Override
    public TenantStore tenantStore() {
        return new JdbcTenantStore(derby.database(), clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
