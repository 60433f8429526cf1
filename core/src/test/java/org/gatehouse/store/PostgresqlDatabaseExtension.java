package org.gatehouse.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh schema of the PostgreSQL server named by {@value #URL_PROPERTY} for every test, dropped afterwards.
 * Test classes using it carry {@code @EnabledIfSystemProperty(named = URL_PROPERTY, matches = ENABLED)}, so that
 * they are skipped when no server is given (the property is then absent or empty).
 */
public class PostgresqlDatabaseExtension implements BeforeEachCallback, AfterEachCallback {
    public static final String URL_PROPERTY = "gatehouse.test.postgresql.url";
    public static final String USER_PROPERTY = "gatehouse.test.postgresql.user";
    public static final String PASSWORD_PROPERTY = "gatehouse.test.postgresql.password";
    /** Matches any value but an empty or blank one. */
    public static final String ENABLED = ".*\\S.*";

    private final List<Database> opened = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        database = openInAnotherSchema();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        opened.forEach(Database::close);
        opened.clear();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        schemas.clear();
    }

    public Database database() {
        return database;
    }

    /** The same PostgreSQL database, in a new empty schema. */
    public Database openInAnotherSchema() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        schemas.add(schema);
        String url = url();
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database opened = Database.open(DatabaseConfiguration.of(schemaUrl, user(), password(), 4));
        this.opened.add(opened);
        return opened;
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        user().ifPresent(user -> properties.setProperty("user", user));
        password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(url(), properties);
    }

    private static String url() {
        return Optional.ofNullable(System.getProperty(URL_PROPERTY)).map(String::trim).filter(url -> !url.isEmpty())
            .orElseThrow(() -> new IllegalStateException("System property " + URL_PROPERTY + " is not set"));
    }

    private static Optional<String> user() {
        return Optional.ofNullable(System.getProperty(USER_PROPERTY)).filter(user -> !user.isBlank());
    }

    private static Optional<String> password() {
        return Optional.ofNullable(System.getProperty(PASSWORD_PROPERTY)).filter(password -> !password.isEmpty());
    }
}
