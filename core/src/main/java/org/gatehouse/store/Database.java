package org.gatehouse.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Gatehouse policy database: a pooled {@link DataSource} and its {@link SqlDialect}. Embedded Derby by default,
 * PostgreSQL when configured. The schema is migrated when the database is opened.
 */
public class Database implements AutoCloseable {

    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    public static Database open(DatabaseConfiguration configuration) {
        return open(configuration, Optional.empty());
    }

    /** With the pool's own meters ({@code hikaricp_connections_*}, pool {@code gatehouse-store}) on {@code meters}. */
    public static Database open(DatabaseConfiguration configuration, Optional<MeterRegistry> meters) {
        HikariConfig hikari = new HikariConfig();
        meters.ifPresent(hikari::setMetricRegistry);
        hikari.setJdbcUrl(configuration.jdbcUrl());
        hikari.setDriverClassName(SqlDialect.fromJdbcUrl(configuration.jdbcUrl()).driverClassName());
        configuration.username().ifPresent(hikari::setUsername);
        configuration.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(configuration.maxPoolSize());
        hikari.setPoolName("gatehouse-store");
        // every use is a transaction (inTransaction): connections come without auto-commit, not switched each time
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        hikari.setInitializationFailTimeout(Duration.ofSeconds(30).toMillis());
        Database database = new Database(new HikariDataSource(hikari), SqlDialect.fromJdbcUrl(configuration.jdbcUrl()));
        try {
            new SchemaMigrations(database).migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;

    private Database(HikariDataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Policy database error: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the database answers now: a pooled connection that its driver finds valid within two seconds. A check
     * before work that must not happen unless its write can follow (mail delivered before its message-log record).
     */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
