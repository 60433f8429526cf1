package org.gatehouse.store;

import java.nio.file.Path;
import java.util.Optional;

/** How to reach the policy database. An empty URL means embedded Derby under the data directory. */
public final class DatabaseConfiguration {
    public static final int DEFAULT_MAX_POOL_SIZE = 8;

    public static DatabaseConfiguration embeddedDerby(Path directory) {
        return new DatabaseConfiguration("jdbc:derby:" + directory.toAbsolutePath() + ";create=true",
            Optional.empty(), Optional.empty(), DEFAULT_MAX_POOL_SIZE);
    }

    public static DatabaseConfiguration of(String jdbcUrl, Optional<String> username, Optional<String> password, int maxPoolSize) {
        SqlDialect.fromJdbcUrl(jdbcUrl);
        return new DatabaseConfiguration(jdbcUrl, username, password, maxPoolSize);
    }

    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final int maxPoolSize;

    private DatabaseConfiguration(String jdbcUrl, Optional<String> username, Optional<String> password, int maxPoolSize) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.maxPoolSize = maxPoolSize;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }
}
