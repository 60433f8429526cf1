package org.gatehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh embedded Derby policy database for every test, in its own temporary directory, shut down and deleted
 * afterwards so that no test sees another's rows.
 */
public class DerbyDatabaseExtension implements BeforeEachCallback, AfterEachCallback {
    private static final String DERBY_LOG_PROPERTY = "derby.stream.error.file";
    private static final String DERBY_SHUTDOWN_SUCCESS = "08006";
    private static final String DERBY_DATABASE_NOT_FOUND = "XJ004";

    static {
        if (System.getProperty(DERBY_LOG_PROPERTY) == null) {
            Path target = Path.of("target");
            Path logDirectory = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
            System.setProperty(DERBY_LOG_PROPERTY, logDirectory.resolve("derby.log").toAbsolutePath().toString());
        }
    }

    private final List<Database> opened = new ArrayList<>();
    private Path directory;
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("gatehouse-derby-");
        database = track(Database.open(DatabaseConfiguration.embeddedDerby(databasePath())));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(Database::close);
        opened.clear();
        if (directory != null) {
            shutdown();
            deleteRecursively(directory);
        }
    }

    public Database database() {
        return database;
    }

    /** The same Derby database, reached as another user and therefore in another schema. */
    public Database openInAnotherSchema() {
        return track(Database.open(DatabaseConfiguration.of("jdbc:derby:" + databasePath() + ";create=true",
            Optional.of("other"), Optional.of("other"), 2)));
    }

    private Path databasePath() {
        return directory.resolve("db").toAbsolutePath();
    }

    private Database track(Database database) {
        opened.add(database);
        return database;
    }

    private void shutdown() {
        try {
            DriverManager.getConnection("jdbc:derby:" + databasePath() + ";shutdown=true").close();
        } catch (SQLException e) {
            // not found: the test failed before the database was created, and that failure is the one to report
            if (!DERBY_SHUTDOWN_SUCCESS.equals(e.getSQLState()) && !DERBY_DATABASE_NOT_FOUND.equals(e.getSQLState())) {
                throw new IllegalStateException("Derby did not shut down", e);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
