package org.gatehouse.recipient;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class DerbyRecipientListTest implements RecipientListContract {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Override
    public Database database() {
        return derby.database();
    }
}
