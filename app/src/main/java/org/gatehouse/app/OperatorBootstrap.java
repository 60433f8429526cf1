package org.gatehouse.app;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.IssuedToken;
import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.admin.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a policy database without accounts (a new data directory), creates the account {@value #LOGIN} with the operator
 * role and an API token, and writes the token to {@value #TOKEN_FILE} in the data directory, readable by its owner
 * only. The token itself is never printed or logged; the file is written once and never again.
 */
public class OperatorBootstrap implements Startable {
    public static final String LOGIN = "operator";
    public static final String TOKEN_FILE = "operator.token";
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final JdbcAccounts accounts;
    private final Path dataDirectory;
    private final Clock clock;

    @Inject
    public OperatorBootstrap(JdbcAccounts accounts) {
        this(accounts, Path.of(System.getProperty("working.directory", ".")), Clock.systemUTC());
    }

    public OperatorBootstrap(JdbcAccounts accounts, Path dataDirectory, Clock clock) {
        this.accounts = accounts;
        this.dataDirectory = dataDirectory;
        this.clock = clock;
    }

    /** The token file written, when there was no account yet. */
    public Optional<Path> createIfNoAccount() throws IOException {
        if (accounts.hasAny()) {
            return Optional.empty();
        }
        Path file = dataDirectory.resolve(TOKEN_FILE);
        accounts.create(Account.of(LOGIN, Role.OPERATOR, List.of(), clock.instant()), Optional.empty());
        IssuedToken issued = accounts.issueToken(LOGIN, "created at first start", Optional.empty(), clock.instant());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Another process wrote " + file + " at the same time", e);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write(issued.bearer());
            writer.write('\n');
        }
        LOGGER.warn("Created the WebAdmin account '{}' (operator) and wrote its API token to {} (readable by its owner only)", LOGIN, file);
        return Optional.of(file);
    }
}
