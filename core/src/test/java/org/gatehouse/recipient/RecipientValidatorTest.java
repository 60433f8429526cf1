package org.gatehouse.recipient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecipientValidatorTest {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T09:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private RecipientValidator validator;
    private ProbedSmtpServer server;

    private RecipientValidator validator(Database database) {
        validator = new RecipientValidator(new JdbcRecipientList(database), new LdapRecipientLookup(), new SmtpCallout("gateway.test"), clock);
        return validator;
    }

    @AfterEach
    void close() throws Exception {
        if (validator != null) {
            validator.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Tenant tenant(int port) {
        return Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")), Downstream.of("127.0.0.1", port, false), List.of());
    }

    private static RecipientPolicy callout(Duration timeout) {
        return new RecipientPolicy(RecipientPolicy.Mode.CALLOUT, java.util.Optional.empty(),
            java.util.Optional.of(new RecipientPolicy.Callout(timeout, Duration.ofHours(1), Duration.ofMinutes(10))));
    }

    @Test
    void checkShouldProbeTheDownstreamServerOnceAndAnswerFromTheCacheUntilItsTtl() throws Exception {
        server = ProbedSmtpServer.answering(Duration.ZERO);
        RecipientValidator validator = validator(derby.database());
        Tenant tenant = tenant(server.port());

        assertThat(validator.check(tenant, callout(Duration.ofSeconds(5)), "known-bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(validator.check(tenant, callout(Duration.ofSeconds(5)), "Known-Bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(validator.check(tenant, callout(Duration.ofSeconds(5)), "nobody@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
        assertThat(validator.check(tenant, callout(Duration.ofSeconds(5)), "nobody@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
        assertThat(server.probed).containsExactly("known-bob@acme.example", "nobody@acme.example");

        // the negative answer is kept 10 minutes, the positive one an hour
        now.set(now.get().plus(Duration.ofMinutes(11)));
        validator.check(tenant, callout(Duration.ofSeconds(5)), "nobody@acme.example");
        validator.check(tenant, callout(Duration.ofSeconds(5)), "known-bob@acme.example");
        assertThat(server.probed).containsExactly("known-bob@acme.example", "nobody@acme.example", "nobody@acme.example");
    }

    @Test
    void checkShouldSendOneProbeForConcurrentRecipientsOfOneAddress() throws Exception {
        server = ProbedSmtpServer.answering(Duration.ofMillis(500));
        RecipientValidator validator = validator(derby.database());
        Tenant tenant = tenant(server.port());
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Callable<RecipientCheck>> checks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                checks.add(() -> validator.check(tenant, callout(Duration.ofSeconds(10)), "known-carol@acme.example"));
            }
            for (Future<RecipientCheck> result : threads.invokeAll(checks)) {
                assertThat(result.get().outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(server.probed).containsExactly("known-carol@acme.example");
    }

    @Test
    void checkShouldBeUnavailableAndUncachedWhenTheServerDoesNotAnswerWithinTheTimeout() throws Exception {
        server = ProbedSmtpServer.silent();
        RecipientValidator validator = validator(derby.database());
        Tenant tenant = tenant(server.port());

        RecipientCheck check = validator.check(tenant, callout(Duration.ofSeconds(1)), "known-dave@acme.example");

        assertThat(check.outcome()).isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
        server.close();
        server = ProbedSmtpServer.answering(Duration.ZERO);
        assertThat(validator.check(tenant(server.port()), callout(Duration.ofSeconds(5)), "known-dave@acme.example").outcome())
            .isEqualTo(RecipientCheck.Outcome.KNOWN);
    }

    @Test
    void checkShouldBeUnavailableWhenNothingListensOnTheDownstreamPort() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RecipientValidator validator = validator(derby.database());

        assertThat(validator.check(tenant(closed), callout(Duration.ofSeconds(2)), "known-erin@acme.example").outcome())
            .isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
    }

    @Test
    void checkShouldAnswerFromTheTenantsListInModeList() {
        RecipientValidator validator = validator(derby.database());
        new org.gatehouse.tenant.JdbcTenantStore(derby.database()).save(tenant(25));
        new JdbcRecipientList(derby.database()).put(TenantId.of("acme"), List.of(new RecipientEntry("sales@acme.example",
            java.util.Optional.of("bob@acme.example"), java.util.Optional.empty())), false);
        RecipientPolicy list = new RecipientPolicy(RecipientPolicy.Mode.LIST, java.util.Optional.empty(), java.util.Optional.empty());

        assertThat(validator.check(tenant(25), list, "Sales@acme.example")).isEqualTo(RecipientCheck.known("an alias of bob@acme.example"));
        assertThat(validator.check(tenant(25), list, "bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
    }

    @Test
    void checkShouldBeUnavailableInModeListWhenTheDatabaseIsDown() {
        Database database = derby.database();
        RecipientValidator validator = validator(database);
        database.close();
        RecipientPolicy list = new RecipientPolicy(RecipientPolicy.Mode.LIST, java.util.Optional.empty(), java.util.Optional.empty());

        assertThat(validator.check(tenant(25), list, "bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
    }
}
