package org.gatehouse.app;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.gatehouse.store.Database;
import org.gatehouse.store.StoreException;

/**
 * James health check {@code PolicyDatabase}: one query through the store's pool. Unhealthy when it fails: tenants,
 * policies and the message log live there, so mail is being deferred (docs/operations.md).
 */
public class PolicyDatabaseHealthCheck extends ProbingHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("PolicyDatabase");

    private final Database database;

    @Inject
    public PolicyDatabaseHealthCheck(Database database) {
        super(COMPONENT);
        this.database = database;
    }

    @Override
    Result probe() {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM gh_schema_history");
                     ResultSet result = query.executeQuery()) {
                    return result.next();
                }
            });
            return Result.healthy(COMPONENT);
        } catch (StoreException e) {
            return Result.unhealthy(COMPONENT, "the policy database cannot be queried (" + e.getMessage()
                + "): mail is deferred until it answers again");
        }
    }
}
