package org.gatehouse.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineIndexTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path directory;
    QuarantineIndex index;

    @BeforeEach
    void setUp() {
        index = QuarantineIndex.inMemory();
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    private static QuarantineEntry entry(String id, TenantId tenant, QuarantineFamily family, String sender, String subject,
                                         int minutes, long size, Optional<Integer> score, String... reasons) {
        return new QuarantineEntry(id, tenant, family, sender, List.of("bob@" + tenant.asString() + ".example"), "192.0.2.1", subject,
            T0.plusSeconds(60L * minutes), size, score, Optional.empty(), List.of(reasons), List.of(), "inbound", T0.plusSeconds(86400));
    }

    private void fill() {
        index.add(entry("a", ACME, QuarantineFamily.SPAM, "alice@sender.test", "Cheap watches", 0, 300, Optional.of(90), "GTUBE"),
            "buy a zebra watch today");
        index.add(entry("b", ACME, QuarantineFamily.POLICY, "Bob@Other.Test", "Invoice", 10, 100, Optional.empty(), "CONTENT_DENIED_TYPE"),
            "the attached invoice.exe");
        index.add(entry("c", GLOBEX, QuarantineFamily.SPAM, "carol@sender.test", "Weekly report", 20, 200, Optional.of(40), "BAYES_SPAM"),
            "quarterly numbers, zebra crossing");
    }

    private List<String> ids(QuarantineQuery query) {
        return index.search(query).items().stream().map(QuarantineEntry::id).toList();
    }

    @Test
    void searchShouldApplyEachFilter() {
        fill();

        assertThat(ids(QuarantineQuery.all().withTenant(ACME))).containsExactly("b", "a");
        assertThat(ids(QuarantineQuery.all().withText("zebra"))).containsExactly("c", "a");
        assertThat(ids(QuarantineQuery.all().withText("Zebra WATCH"))).containsExactly("a");
        assertThat(ids(QuarantineQuery.all().withText("cheap"))).containsExactly("a");
        assertThat(ids(QuarantineQuery.all().withSender("bob@other.test"))).containsExactly("b");
        assertThat(ids(QuarantineQuery.all().withSender("sender.test"))).containsExactly("c", "a");
        assertThat(ids(QuarantineQuery.all().withRecipient("BOB@globex.example"))).containsExactly("c");
        assertThat(ids(QuarantineQuery.all().withReason("spam"))).containsExactly("c", "a");
        assertThat(ids(QuarantineQuery.all().withReason("CONTENT_DENIED_TYPE"))).containsExactly("b");
        assertThat(ids(QuarantineQuery.all().withTenant(ACME).withText("zebra"))).containsExactly("a");
    }

    @Test
    void searchShouldIncludeFromAndExcludeTo() {
        fill();

        assertThat(ids(QuarantineQuery.all().between(Optional.of(T0.plusSeconds(600)), Optional.of(T0.plusSeconds(1200)))))
            .containsExactly("b");
        assertThat(ids(QuarantineQuery.all().between(Optional.of(T0.plusSeconds(601)), Optional.empty()))).containsExactly("c");
    }

    @Test
    void searchShouldSortByEachKeyBothWays() {
        fill();

        assertThat(ids(QuarantineQuery.all().sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.DATE, false))))
            .containsExactly("a", "b", "c");
        assertThat(ids(QuarantineQuery.all().sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.SIZE, true))))
            .containsExactly("a", "c", "b");
        assertThat(ids(QuarantineQuery.all().sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.SIZE, false))))
            .containsExactly("b", "c", "a");
        assertThat(ids(QuarantineQuery.all().sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.SCORE, true))))
            .containsExactly("a", "c", "b");
        assertThat(ids(QuarantineQuery.all().sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.SCORE, false))))
            .containsExactly("c", "a", "b");
    }

    @Test
    void searchShouldPageWithTheTotalOfAllMatches() {
        fill();

        QuarantinePage page = index.search(QuarantineQuery.all().page(1, 1));

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(QuarantineEntry::id).containsExactly("b");
        assertThat(index.search(QuarantineQuery.all().page(5, 10)).items()).isEmpty();
        assertThat(index.search(QuarantineQuery.all().page(0, 0)).total()).isEqualTo(3);
    }

    @Test
    void searchShouldNeverFailOnQuerySyntaxInUserText() {
        fill();

        for (String text : List.of("\"foo AND (", "*", "\\", "+-|~", "title:zebra", "")) {
            assertThat(index.search(QuarantineQuery.all().withText(text)).total()).as(text).isGreaterThanOrEqualTo(0);
        }
        assertThat(ids(QuarantineQuery.all().withText("+-|~"))).isEmpty();
    }

    @Test
    void addShouldReplaceAndDeleteShouldRemoveById() {
        fill();

        index.add(entry("a", ACME, QuarantineFamily.SPAM, "alice@sender.test", "Renamed", 0, 300, Optional.of(90), "GTUBE"), "");
        index.delete("b");

        assertThat(index.ids()).containsExactlyInAnyOrder("a", "c");
        assertThat(index.get("a").orElseThrow().subject()).isEqualTo("Renamed");
        assertThat(index.get("b")).isEmpty();
        assertThat(index.count()).isEqualTo(2);
    }

    @Test
    void getShouldGiveBackTheWholeEntry() {
        QuarantineEntry entry = entry("a", ACME, QuarantineFamily.DLP, "", "No sender", 5, 42, Optional.empty(), "DLP_X", "DLP_Y");
        index.add(entry, "text");

        assertThat(index.get("a")).contains(entry);
    }

    @Test
    void anIndexOnDiskShouldSurviveCloseAndReopen() throws Exception {
        try (QuarantineIndex onDisk = QuarantineIndex.open(directory)) {
            onDisk.add(entry("a", ACME, QuarantineFamily.SPAM, "alice@sender.test", "Kept", 0, 1, Optional.empty()), "zebra");
        }
        try (QuarantineIndex reopened = QuarantineIndex.open(directory)) {
            assertThat(reopened.search(QuarantineQuery.all().withText("zebra")).total()).isEqualTo(1);
        }
    }

    @Test
    void openOrRecreateShouldStartEmptyWhenTheIndexIsCorrupt() throws Exception {
        try (QuarantineIndex onDisk = QuarantineIndex.open(directory)) {
            onDisk.add(entry("a", ACME, QuarantineFamily.SPAM, "alice@sender.test", "Kept", 0, 1, Optional.empty()), "zebra");
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }

        try (QuarantineIndex recreated = QuarantineIndex.openOrRecreate(directory)) {
            assertThat(recreated.count()).isZero();
            recreated.add(entry("b", ACME, QuarantineFamily.SPAM, "alice@sender.test", "New", 0, 1, Optional.empty()), "");
            assertThat(recreated.ids()).containsExactly("b");
        }
    }
}
