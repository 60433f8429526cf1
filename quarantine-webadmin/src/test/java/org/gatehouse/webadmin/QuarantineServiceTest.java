package org.gatehouse.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.JdbcQuarantineActions;
import org.gatehouse.quarantine.QuarantineAction;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.QuarantineText;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.JdbcBayesStore;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.LearningFeedback;
import org.gatehouse.scoring.learning.TrainingTotals;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Release, delete and the retention purge over James's own in-memory mail repository and mail queue, a real Lucene
 * index and a Derby store: exactly once under concurrent requests, recipients checked, expiry by the clock.
 */
class QuarantineServiceTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    MutableClock clock = new MutableClock(T0);
    MemoryRepositories store = new MemoryRepositories();
    QuarantineIndex index;
    QuarantineRepositories repositories;
    MemoryMailQueueFactory queues;
    QuarantineService service;
    JdbcMessageLog messageLog;
    BayesLearning learning;
    // while set, learning fails as it does with the database down
    AtomicBoolean learningFails = new AtomicBoolean();

    /** Mail repositories as James's memory protocol keeps them: one real {@link MemoryMailRepository} per URL. */
    static final class MemoryRepositories implements MailRepositoryStore {
        private final Map<MailRepositoryUrl, MailRepository> repositories = new ConcurrentHashMap<>();

        @Override
        public MailRepository select(MailRepositoryUrl url) {
            return repositories.computeIfAbsent(url, any -> new MemoryMailRepository());
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.of(new Protocol("memory"));
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.ofNullable(repositories.get(url));
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return repositories.entrySet().stream().filter(entry -> entry.getKey().getPath().equals(path)).map(Map.Entry::getValue);
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return repositories.keySet().stream();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        JdbcTenantStore tenants = new JdbcTenantStore(derby.database());
        TenantDirectory directory = new TenantDirectory(tenants);
        TenantService tenantService = new TenantService(tenants, new JdbcPolicyStore(derby.database()),
            new PolicySchema(Set.of(new SenderPolicySection())), directory);
        tenants.save(Tenant.of(ACME, "Acme", List.of(DomainName.of("acme.example")), Downstream.of("127.0.0.1", 2525, false), List.of()));
        index = QuarantineIndex.inMemory();
        repositories = new QuarantineRepositories(store, index,
            (tenant, family) -> family == QuarantineFamily.SPAM ? Duration.ofDays(14) : Duration.ofDays(30),
            tenants, QuarantineText.withDefaults(), clock, "memory://var/mail/quarantine/");
        queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
        queues.createQueue(MailQueueFactory.SPOOL);
        messageLog = new JdbcMessageLog(derby.database());
        learning = new BayesLearning(new JdbcBayesStore(derby.database()), new BayesSettings(true, 2, 2));
        LearningFeedback feedback = (tenant, raw, label) -> {
            if (learningFails.get()) {
                throw new StoreException("the database is down", new java.sql.SQLException("Connection refused"));
            }
            return learning.learn(tenant, raw, label);
        };
        service = new QuarantineService(repositories, new JdbcQuarantineActions(derby.database()), queues, Optional.empty(),
            messageLog, directory, new QuarantineSenderLists(tenantService),
            new QuarantineLearning(store, feedback, "memory://var/mail/learning-backlog/"), clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private QuarantineEntry hold(HoldingCheck check, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(("From: alice@sender.test\r\nTo: bob@acme.example\r\n"
            + "Message-ID: <" + System.nanoTime() + "@sender.test>\r\n"
            + "Subject: cheap watches\r\n\r\nBuy a zebra watch now.\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        List<MailAddress> addresses = new ArrayList<>();
        for (String recipient : recipients) {
            addresses.add(new MailAddress(recipient));
        }
        MailImpl mail = MailImpl.builder().name("m-" + System.nanoTime()).sender("alice@sender.test").addRecipients(addresses)
            .mimeMessage(message)
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of(ACME.asString())))
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")))
            .build();
        return repositories.hold(mail, ACME, check, List.of("SOME_RULE"), List.of("SOME_RULE: because"));
    }

    private long spoolSize() throws Exception {
        return queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().getSize();
    }

    @Test
    void holdShouldStoreIndexAndKeepTheMetadata() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");

        assertThat(entry.id()).startsWith("acme.spam.");
        assertThat(entry.retainUntil()).isEqualTo(T0.plus(Duration.ofDays(14)));
        assertThat(service.find(entry.id()).orElseThrow().entry()).isEqualTo(entry);
        assertThat(service.search(QuarantineQuery.all().withText("zebra")).items()).extracting(QuarantineEntry::id).containsExactly(entry.id());
    }

    @Test
    void releaseShouldQueueTheMessageOnceWhenManyAskAtOnce() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<QuarantineService.Status>> releases = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                releases.add(() -> service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin").status());
            }
            List<QuarantineService.Status> outcomes = new ArrayList<>();
            for (Future<QuarantineService.Status> outcome : pool.invokeAll(releases)) {
                outcomes.add(outcome.get());
            }
            assertThat(outcomes).containsOnlyOnce(QuarantineService.Status.RELEASED);
            assertThat(outcomes).filteredOn(status -> status != QuarantineService.Status.RELEASED)
                .containsOnly(QuarantineService.Status.ALREADY_DONE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(spoolSize()).isEqualTo(1);
        assertThat(service.find(entry.id())).isEmpty();
        assertThat(service.search(QuarantineQuery.all()).total()).isZero();
    }

    @Test
    void releaseShouldRefuseARecipientOutsideTheTenant() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");

        assertThatThrownBy(() -> service.release(entry.id(), new QuarantineService.ReleaseRequest(
            Optional.of(List.of("eve@elsewhere.example")), false, false), "admin"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eve@elsewhere.example");
        assertThat(service.release(entry.id(), new QuarantineService.ReleaseRequest(Optional.of(List.of("carol@acme.example")), false, false),
            "admin").recipients()).containsExactly("carol@acme.example");
        assertThat(spoolSize()).isEqualTo(1);
    }

    @Test
    void aVirusShouldNotBeReleasedWithoutOverride() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.ANTIVIRUS, "bob@acme.example");

        assertThat(service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin").status())
            .isEqualTo(QuarantineService.Status.REFUSED);
        assertThat(spoolSize()).isZero();
        assertThat(service.find(entry.id())).isPresent();
    }

    @Test
    void deleteShouldBeFinalAndSaySoWhenRepeated() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.CONTENT, "bob@acme.example");

        assertThat(service.delete(entry.id(), "admin").status()).isEqualTo(QuarantineService.Status.DELETED);
        assertThat(service.delete(entry.id(), "admin").status()).isEqualTo(QuarantineService.Status.ALREADY_DONE);
        assertThat(service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin").status())
            .isEqualTo(QuarantineService.Status.ALREADY_DONE);
        assertThat(spoolSize()).isZero();
    }

    @Test
    void purgeShouldRemoveOnlyWhatHasExpired() throws Exception {
        QuarantineEntry spam = hold(HoldingCheck.SCORING, "bob@acme.example");
        QuarantineEntry policy = hold(HoldingCheck.CONTENT, "bob@acme.example");

        clock.advance(Duration.ofDays(14).minusSeconds(1));
        assertThat(service.purgeExpired()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.purgeExpired()).isEqualTo(1);

        assertThat(service.find(spam.id())).isEmpty();
        assertThat(service.actionOn(spam.id()).orElseThrow().actor()).isEqualTo("retention");
        assertThat(service.find(policy.id())).isPresent();
        assertThat(service.search(QuarantineQuery.all()).items()).extracting(QuarantineEntry::id).containsExactly(policy.id());
        clock.advance(Duration.ofDays(16));
        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(service.search(QuarantineQuery.all()).total()).isZero();
    }

    @Test
    void reconcileShouldIndexWhatTheIndexLostAndDropWhatTheRepositoryLost() throws Exception {
        QuarantineEntry kept = hold(HoldingCheck.SCORING, "bob@acme.example");
        QuarantineEntry gone = hold(HoldingCheck.SCORING, "bob@acme.example");
        index.delete(kept.id());
        store.select(repositories.urlOf(ACME, QuarantineFamily.SPAM)).remove(new MailKey(gone.id()));

        QuarantineRepositories.Reconciliation result = repositories.reconcile();

        assertThat(result).isEqualTo(new QuarantineRepositories.Reconciliation(1, 1, 1));
        assertThat(service.search(QuarantineQuery.all()).items()).extracting(QuarantineEntry::id).containsExactly(kept.id());
    }

    @Test
    void releaseShouldLearnTheHeldMessageAsHamOnceWhenAskedTwice() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");

        QuarantineService.Outcome released = service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin");
        QuarantineService.Outcome again = service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin");

        assertThat(released.learning()).hasValueSatisfying(learnt -> {
            assertThat(learnt.label()).isEqualTo(Label.HAM);
            assertThat(learnt.status()).isEqualTo("learnt");
        });
        assertThat(again.learning()).isEmpty();
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(0, 1));
        assertThat(learning.operatorStatus().totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void deleteShouldLearnSpamWhenTheSpamOrPhishingChecksHeldTheMessage() throws Exception {
        QuarantineEntry spam = hold(HoldingCheck.SCORING, "bob@acme.example");
        QuarantineEntry phishing = hold(HoldingCheck.PHISHING, "bob@acme.example");

        assertThat(service.delete(spam.id(), "admin").learning().orElseThrow().label()).isEqualTo(Label.SPAM);
        assertThat(service.delete(phishing.id(), "admin").learning().orElseThrow().status()).isEqualTo("learnt");
        assertThat(service.delete(spam.id(), "admin").learning()).isEmpty();

        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(2, 0));
    }

    @Test
    void deleteShouldLearnNothingWhenAPolicyCheckHeldTheMessage() throws Exception {
        QuarantineEntry policy = hold(HoldingCheck.CONTENT, "bob@acme.example");

        assertThat(service.delete(policy.id(), "admin").learning()).isEmpty();

        assertThat(learning.status(ACME).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void reportSpamShouldDeleteTheMessageRecordTheReportAndLearnItAsSpam() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.CONTENT, "bob@acme.example");

        QuarantineService.Outcome reported = service.reportSpam(entry.id(), "self-service:bob@acme.example");

        assertThat(reported.status()).isEqualTo(QuarantineService.Status.DELETED);
        assertThat(reported.learning().orElseThrow().label()).isEqualTo(Label.SPAM);
        QuarantineAction action = service.actionOn(entry.id()).orElseThrow();
        assertThat(action.kind()).isEqualTo(QuarantineAction.Kind.DELETED);
        assertThat(action.actor()).isEqualTo("self-service:bob@acme.example");
        assertThat(action.detail()).contains(QuarantineService.REPORTED);
        assertThat(service.find(entry.id())).isEmpty();
        assertThat(service.reportSpam(entry.id(), "self-service:bob@acme.example").status()).isEqualTo(QuarantineService.Status.ALREADY_DONE);
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(1, 0));
    }

    @Test
    void purgeShouldLearnNothing() throws Exception {
        hold(HoldingCheck.SCORING, "bob@acme.example");
        clock.advance(Duration.ofDays(15));

        assertThat(service.purgeExpired()).isEqualTo(1);

        assertThat(learning.status(ACME).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void releaseShouldSucceedWhenLearningFailsAndTheDecisionShouldBeLearntAtTheNextRetry() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");
        learningFails.set(true);

        QuarantineService.Outcome released = service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin");

        assertThat(released.status()).isEqualTo(QuarantineService.Status.RELEASED);
        assertThat(spoolSize()).isEqualTo(1);
        assertThat(released.learning()).hasValueSatisfying(learnt -> {
            assertThat(learnt.status()).isEqualTo("failed");
            assertThat(learnt.failure()).hasValueSatisfying(failure -> assertThat(failure).contains("the database is down"));
            assertThat(learnt.retried()).isTrue();
        });
        assertThat(service.retryLearning()).isZero();
        assertThat(learning.status(ACME).totals()).isEqualTo(TrainingTotals.NONE);

        learningFails.set(false);
        assertThat(service.retryLearning()).isEqualTo(1);
        assertThat(service.retryLearning()).isZero();
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void retryLearningShouldDropABacklogEntryWithoutReadableLabelAndStillLearnTheOthers() throws Exception {
        MailRepository backlog = store.select(MailRepositoryUrl.from("memory://var/mail/learning-backlog/"));
        for (String name : List.of("learn-a-unreadable", "learn-z-unreadable")) {
            backlog.store(MailImpl.builder().name(name)
                .mimeMessage(new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream("Subject: x\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                .addAttribute(new Attribute(QuarantineLearning.TENANT, AttributeValue.of(ACME.asString())))
                .addAttribute(new Attribute(QuarantineLearning.LABEL, AttributeValue.of("junk")))
                .build());
        }
        QuarantineEntry entry = hold(HoldingCheck.SCORING, "bob@acme.example");
        learningFails.set(true);
        service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), "admin");
        learningFails.set(false);

        assertThat(service.retryLearning()).isEqualTo(1);

        assertThat(backlog.size()).isZero();
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void aBulkDeleteShouldLearnEveryHeldSpamAndCountIt() throws Exception {
        hold(HoldingCheck.SCORING, "bob@acme.example");
        hold(HoldingCheck.SCORING, "carol@acme.example");
        QuarantineBulkTask task = new QuarantineBulkTask(service, QuarantineQuery.all().withTenant(ACME), "tenant=acme",
            QuarantineBulkTask.Operation.DELETE, "admin", clock);

        task.run();

        QuarantineBulkTask.Details details = (QuarantineBulkTask.Details) task.details().orElseThrow();
        assertThat(details.done()).isEqualTo(2);
        assertThat(details.learnt()).isEqualTo(2);
        assertThat(details.learningFailed()).isZero();
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(2, 0));
    }
}
