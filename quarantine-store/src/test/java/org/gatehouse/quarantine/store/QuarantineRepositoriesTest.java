package org.gatehouse.quarantine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.QuarantineText;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The quarantine's storage over James's own memory repository store and a real in-memory Lucene index. */
class QuarantineRepositoriesTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String BASE_URL = "memory://var/mail/quarantine/";

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    MemoryMailRepositoryStore store;
    JdbcTenantStore tenants;
    QuarantineIndex index;
    QuarantineRepositories repositories;

    @BeforeEach
    void setUp() throws Exception {
        store = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(), new SimpleMailRepositoryLoader(),
            MailRepositoryStoreConfiguration.forItems(new MailRepositoryStoreConfiguration.Item(List.of(new Protocol("memory")),
                MemoryMailRepository.class.getName(), new BaseHierarchicalConfiguration())));
        store.init();
        tenants = new JdbcTenantStore(derby.database());
        tenants.save(Tenant.of(ACME, "Acme", List.of(DomainName.of("acme.example")), Downstream.of("127.0.0.1", 2525, false), List.of()));
        index = QuarantineIndex.inMemory();
        repositories = new QuarantineRepositories(store, index,
            (tenant, family) -> family == QuarantineFamily.SPAM ? Duration.ofDays(14) : Duration.ofDays(30),
            tenants, QuarantineText.withDefaults(), new MutableClock(T0), BASE_URL);
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    private QuarantineEntry hold(HoldingCheck check) throws Exception {
        return hold(check, "m-" + System.nanoTime(), "bob@acme.example");
    }

    private QuarantineEntry hold(HoldingCheck check, String name, String recipient) throws Exception {
        Mail mail = MailImpl.builder().name(name).sender("alice@sender.test").addRecipient(recipient)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("cheap watches").setText("Buy a zebra watch now."))
            .addAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")))
            .build();
        return repositories.hold(mail, ACME, check, List.of("RULE_A", "RULE_B"), List.of("RULE_A: because"));
    }

    @Test
    void holdShouldFileTheMessageUnderItsTenantAndFamilyWithItsMetadata() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.ANTIVIRUS);

        assertThat(entry.id()).startsWith("acme.virus.");
        assertThat(QuarantineRepositories.isEntryId(entry.id())).isTrue();
        assertThat(entry.retainUntil()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(store.select(repositories.urlOf(ACME, QuarantineFamily.VIRUS)).retrieve(new MailKey(entry.id()))).isNotNull();
        QuarantineRepositories.Stored stored = repositories.find(entry.id()).orElseThrow();
        assertThat(stored.entry()).isEqualTo(entry);
        assertThat(QuarantineAttributes.check(stored.mail())).contains(HoldingCheck.ANTIVIRUS);
        assertThat(QuarantineAttributes.rules(stored.mail())).containsExactly("RULE_A", "RULE_B");
    }

    @Test
    void holdShouldReplaceTheEntryWhenTheSpoolHandsTheSameMailOutAgain() throws Exception {
        QuarantineEntry first = hold(HoldingCheck.SCORING, "replayed", "bob@acme.example");
        QuarantineEntry again = hold(HoldingCheck.SCORING, "replayed", "bob@acme.example");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store.select(repositories.urlOf(ACME, QuarantineFamily.SPAM)).size()).isEqualTo(1);
        assertThat(index.ids()).containsExactly(first.id());
    }

    @Test
    void holdShouldKeepTwoEntriesWhenTheSameMailIsHeldForOtherRecipients() throws Exception {
        QuarantineEntry bob = hold(HoldingCheck.SCORING, "split", "bob@acme.example");
        QuarantineEntry carol = hold(HoldingCheck.SCORING, "split", "carol@acme.example");

        assertThat(carol.id()).isNotEqualTo(bob.id());
        assertThat(index.ids()).containsExactlyInAnyOrder(bob.id(), carol.id());
    }

    @Test
    void holdShouldIndexTheMetadataAndTheText() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING);

        assertThat(index.get(entry.id())).contains(entry);
        assertThat(index.search(QuarantineQuery.all().withText("zebra")).items()).extracting(QuarantineEntry::id)
            .containsExactly(entry.id());
    }

    @Test
    void findShouldBeEmptyForAnIdThatNamesNoEntry() throws Exception {
        assertThat(repositories.find("not an id")).isEmpty();
        assertThat(repositories.find("acme.nosuchfamily.00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(repositories.find("acme.spam.00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void removeShouldDropTheEntryFromItsRepositoryAndTheIndex() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING);

        repositories.remove(entry.id());

        assertThat(repositories.find(entry.id())).isEmpty();
        assertThat(index.get(entry.id())).isEmpty();
    }

    @Test
    void rebuildShouldIndexEveryHeldMessageAgain() throws Exception {
        QuarantineEntry spam = hold(HoldingCheck.SCORING);
        QuarantineEntry virus = hold(HoldingCheck.ANTIVIRUS);

        QuarantineRepositories.Reconciliation result = repositories.rebuild();

        assertThat(result).isEqualTo(new QuarantineRepositories.Reconciliation(2, 2, 0));
        assertThat(index.ids()).containsExactlyInAnyOrder(spam.id(), virus.id());
    }

    @Test
    void repositoryUrlsShouldKeepTheRepositoriesOfADeletedTenant() throws Exception {
        QuarantineEntry entry = hold(HoldingCheck.SCORING);
        tenants.delete(ACME);

        assertThat(repositories.repositoryUrls()).containsExactly(repositories.urlOf(ACME, QuarantineFamily.SPAM));
        assertThat(repositories.reconcile()).isEqualTo(new QuarantineRepositories.Reconciliation(1, 0, 0));
        assertThat(repositories.find(entry.id())).isPresent();
    }
}
