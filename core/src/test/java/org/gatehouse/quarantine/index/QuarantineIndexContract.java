package org.gatehouse.quarantine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.QuarantineQuery.Sort;
import org.gatehouse.quarantine.QuarantineQuery.SortField;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the quarantine index indexes and searches, whatever its storage; implemented on disk and in memory. */
public interface QuarantineIndexContract {
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");
    Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** An empty index, closed by the implementation after the test. */
    QuarantineIndex index();

    static QuarantineEntry entry(String id, TenantId tenant, QuarantineFamily family, String sender, String subject,
                                 Instant receivedAt, long size, Optional<Integer> score, List<String> reasons) {
        return new QuarantineEntry(id, tenant, family, sender, List.of("User@" + tenant.asString() + ".example"),
            "192.0.2.7", subject, receivedAt, size, score, Optional.of("bulk"), reasons,
            reasons.stream().map(reason -> reason + " fired").toList(), "inbound", receivedAt.plus(Duration.ofDays(30)));
    }

    static QuarantineEntry entry(String id, Instant receivedAt) {
        return entry(id, ACME, QuarantineFamily.SPAM, "sender@spam.example", "Subject " + id, receivedAt, 1000,
            Optional.of(60), List.of("BAYES_99"));
    }

    static List<String> ids(QuarantinePage page) {
        return page.items().stream().map(QuarantineEntry::id).toList();
    }

    /** Five entries with distinct dates, sizes, scores, senders, tenants and reasons. */
    default void addSample() {
        index().add(entry("a", ACME, QuarantineFamily.SPAM, "Alice@Spam.Example", "Cheap watches",
            T0, 5000, Optional.of(80), List.of("BAYES_99", "URIBL_BLACK")), "Cheap watches replica rolex for you");
        index().add(entry("b", ACME, QuarantineFamily.VIRUS, "bob@malware.example", "Invoice attached",
            T0.plusSeconds(60), 120000, Optional.empty(), List.of("CLAMAV_EICAR")), "Please see the invoice in the zip");
        index().add(entry("c", ACME, QuarantineFamily.POLICY, "carol@spam.example", "Quarterly report",
            T0.plusSeconds(120), 800, Optional.of(10), List.of("CONTENT_DENIED_TYPE")), "The report as an executable");
        index().add(entry("d", GLOBEX, QuarantineFamily.SPAM, "dave@news.spam.example", "Cheap flights",
            T0.plusSeconds(180), 3000, Optional.of(95), List.of("GTUBE")), "Cheap flights to Lisbon this weekend");
        index().add(entry("e", GLOBEX, QuarantineFamily.PHISHING, "", "Verify your account",
            T0.plusSeconds(240), 2000, Optional.of(40), List.of("PHISH_BRAND")), "Your bank account needs verification");
    }

    default List<String> search(QuarantineQuery query) {
        return ids(index().search(query));
    }

    @Test
    default void searchShouldReturnEveryEntryNewestFirstWhenQueryHasNoFilter() {
        addSample();

        QuarantinePage page = index().search(QuarantineQuery.all());

        assertThat(page.total()).isEqualTo(5);
        assertThat(ids(page)).containsExactly("e", "d", "c", "b", "a");
    }

    @Test
    default void searchShouldReturnNothingWhenIndexIsEmpty() {
        assertThat(index().search(QuarantineQuery.all())).isEqualTo(new QuarantinePage(0, List.of()));
    }

    @Test
    default void searchShouldKeepOnlyTheTenantWhenTenantIsGiven() {
        addSample();

        assertThat(search(QuarantineQuery.all().withTenant(GLOBEX))).containsExactly("e", "d");
    }

    @Test
    default void searchShouldMatchBodyAndSubjectWordsWhenTextIsGiven() {
        addSample();

        assertThat(search(QuarantineQuery.all().withText("rolex"))).containsExactly("a");
        assertThat(search(QuarantineQuery.all().withText("QUARTERLY"))).containsExactly("c");
        assertThat(search(QuarantineQuery.all().withText("cheap"))).containsExactly("d", "a");
    }

    @Test
    default void searchShouldRequireEveryWordWhenTextHasSeveralWords() {
        addSample();

        assertThat(search(QuarantineQuery.all().withText("cheap lisbon"))).containsExactly("d");
    }

    @Test
    default void searchShouldSupportPhrasesPrefixesAndExclusionsWhenTextUsesThem() {
        addSample();

        assertThat(search(QuarantineQuery.all().withText("\"flights to lisbon\""))).containsExactly("d");
        assertThat(search(QuarantineQuery.all().withText("\"lisbon to flights\""))).isEmpty();
        assertThat(search(QuarantineQuery.all().withText("invo*"))).containsExactly("b");
        assertThat(search(QuarantineQuery.all().withText("cheap -rolex"))).containsExactly("d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    default void searchShouldNotFilterByTextWhenTextIsBlank(String text) {
        addSample();

        assertThat(index().search(QuarantineQuery.all().withText(text)).total()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"foo AND (", "*", "\\", "a\\", "((", ")", "\"", "-", "+|-~*", "title:cheap", "cheap~2",
        "[1 TO 5]", "{}", "^2", "/regex/", "!", "&&", "cheap)"})
    default void searchShouldNotThrowWhenTextHasQuerySyntaxCharacters(String text) {
        addSample();

        assertThatCode(() -> index().search(QuarantineQuery.all().withText(text))).doesNotThrowAnyException();
    }

    @Test
    default void searchShouldReadUnbalancedTextAsWellAsItCanWhenTextIsMalformed() {
        addSample();

        assertThat(search(QuarantineQuery.all().withText("\"cheap ("))).containsExactly("d", "a");
        assertThat(search(QuarantineQuery.all().withText("*"))).hasSize(5);
    }

    @Test
    default void searchShouldMatchTheAddressIgnoringCaseWhenSenderIsAnAddress() {
        addSample();

        assertThat(search(QuarantineQuery.all().withSender("ALICE@spam.example"))).containsExactly("a");
        assertThat(search(QuarantineQuery.all().withSender("nobody@spam.example"))).isEmpty();
    }

    @Test
    default void searchShouldMatchEverySenderOfTheDomainWhenSenderIsADomain() {
        addSample();

        assertThat(search(QuarantineQuery.all().withSender("spam.example"))).containsExactly("c", "a");
        assertThat(search(QuarantineQuery.all().withSender("@Spam.Example"))).containsExactly("c", "a");
        assertThat(search(QuarantineQuery.all().withSender("news.spam.example"))).containsExactly("d");
    }

    @Test
    default void searchShouldMatchARecipientIgnoringCaseWhenRecipientIsGiven() {
        addSample();

        assertThat(search(QuarantineQuery.all().withRecipient("user@GLOBEX.example"))).containsExactly("e", "d");
    }

    @Test
    default void searchShouldMatchAnyOfTheRuleIdsWhenReasonIsARuleId() {
        addSample();

        assertThat(search(QuarantineQuery.all().withReason("URIBL_BLACK"))).containsExactly("a");
        assertThat(search(QuarantineQuery.all().withReason("gtube"))).containsExactly("d");
    }

    @Test
    default void searchShouldMatchTheFamilyWhenReasonIsAFamily() {
        addSample();

        assertThat(search(QuarantineQuery.all().withReason("spam"))).containsExactly("d", "a");
        assertThat(search(QuarantineQuery.all().withReason("virus"))).containsExactly("b");
    }

    @Test
    default void searchShouldIncludeFromAndExcludeToWhenDateRangeIsGiven() {
        addSample();

        assertThat(search(QuarantineQuery.all().between(Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(180)))))
            .containsExactly("c", "b");
        assertThat(search(QuarantineQuery.all().between(Optional.of(T0.plusSeconds(61)), Optional.empty())))
            .containsExactly("e", "d", "c");
        assertThat(search(QuarantineQuery.all().between(Optional.empty(), Optional.of(T0.plusMillis(1)))))
            .containsExactly("a");
        assertThat(search(QuarantineQuery.all().between(Optional.of(T0), Optional.of(T0)))).isEmpty();
    }

    @Test
    default void searchShouldCompareToTheMillisecondWhenBoundsHaveSmallerFractions() {
        addSample();

        assertThat(search(QuarantineQuery.all().between(Optional.of(T0.minusNanos(1)), Optional.of(T0.plusNanos(1)))))
            .containsExactly("a");
        assertThat(search(QuarantineQuery.all().between(Optional.of(T0.plusNanos(1)), Optional.of(T0.plusSeconds(60)))))
            .isEmpty();
    }

    @Test
    default void searchShouldAndEveryFilterWhenSeveralAreGiven() {
        addSample();

        QuarantineQuery acmeSpamDomain = QuarantineQuery.all().withTenant(ACME).withSender("spam.example");
        assertThat(search(acmeSpamDomain)).containsExactly("c", "a");
        assertThat(search(acmeSpamDomain.withReason("spam"))).containsExactly("a");
        assertThat(search(acmeSpamDomain.withText("report"))).containsExactly("c");
        assertThat(search(acmeSpamDomain.withText("report").withReason("spam"))).isEmpty();
        assertThat(search(QuarantineQuery.all().withTenant(GLOBEX).withText("cheap")
            .between(Optional.of(T0.plusSeconds(180)), Optional.of(T0.plusSeconds(181))))).containsExactly("d");
        assertThat(search(QuarantineQuery.all().withTenant(ACME).withRecipient("user@globex.example"))).isEmpty();
    }

    @Test
    default void searchShouldSortByDateInBothDirectionsWhenSortIsDate() {
        addSample();

        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.DATE, false)))).containsExactly("a", "b", "c", "d", "e");
        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.DATE, true)))).containsExactly("e", "d", "c", "b", "a");
    }

    @Test
    default void searchShouldSortBySizeInBothDirectionsWhenSortIsSize() {
        addSample();

        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.SIZE, false)))).containsExactly("c", "e", "d", "a", "b");
        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.SIZE, true)))).containsExactly("b", "a", "d", "e", "c");
    }

    @Test
    default void searchShouldPutEntriesWithoutScoreLastInBothDirectionsWhenSortIsScore() {
        addSample();

        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.SCORE, false)))).containsExactly("c", "e", "a", "d", "b");
        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.SCORE, true)))).containsExactly("d", "a", "e", "c", "b");
    }

    @Test
    default void searchShouldBreakTiesByIdWhenSortKeysAreEqual() {
        List.of("m", "k", "z", "a").forEach(id -> index().add(entry(id, T0), "same"));

        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.DATE, true)))).containsExactly("a", "k", "m", "z");
        assertThat(search(QuarantineQuery.all().sortedBy(new Sort(SortField.SCORE, false)))).containsExactly("a", "k", "m", "z");
    }

    @Test
    default void searchShouldReturnThePageAndTheTotalWhenOffsetAndLimitAreGiven() {
        IntStream.range(0, 25).forEach(i -> index().add(entry(String.format("id%02d", i), T0.plusSeconds(i)), "text"));
        QuarantineQuery oldestFirst = QuarantineQuery.all().sortedBy(new Sort(SortField.DATE, false));

        QuarantinePage second = index().search(oldestFirst.page(10, 10));
        QuarantinePage last = index().search(oldestFirst.page(20, 10));

        assertThat(second.total()).isEqualTo(25);
        assertThat(ids(second)).containsExactly("id10", "id11", "id12", "id13", "id14", "id15", "id16", "id17", "id18", "id19");
        assertThat(last.total()).isEqualTo(25);
        assertThat(ids(last)).containsExactly("id20", "id21", "id22", "id23", "id24");
    }

    @Test
    default void searchShouldReturnOnlyTheTotalWhenPageIsBeyondTheMatchesOrEmpty() {
        IntStream.range(0, 7).forEach(i -> index().add(entry("id" + i, T0.plusSeconds(i)), "text"));

        assertThat(index().search(QuarantineQuery.all().page(7, 10))).isEqualTo(new QuarantinePage(7, List.of()));
        assertThat(index().search(QuarantineQuery.all().page(Integer.MAX_VALUE, 10))).isEqualTo(new QuarantinePage(7, List.of()));
        assertThat(index().search(QuarantineQuery.all().page(0, 0))).isEqualTo(new QuarantinePage(7, List.of()));
    }

    @Test
    default void searchShouldCountEveryMatchWhenThereAreMoreThanAThousand() {
        IntStream.range(0, 1500).forEach(i -> index().add(entry("id" + i, T0.plusSeconds(i)), i % 3 == 0 ? "fizz" : "buzz"));

        assertThat(index().search(QuarantineQuery.all().withText("fizz").page(0, 1)).total()).isEqualTo(500);
        assertThat(index().search(QuarantineQuery.all().page(0, 1)).total()).isEqualTo(1500);
    }

    @Test
    default void getShouldReturnTheEntryAsAddedWhenIdIsIndexed() {
        QuarantineEntry withScore = entry("with-score", T0);
        QuarantineEntry withoutScore = new QuarantineEntry("without-score", GLOBEX, QuarantineFamily.DLP, "", List.of(),
            "2001:db8::1", "Ünïcödé subject", T0.plusNanos(123_456_789), 0, Optional.empty(), Optional.empty(),
            List.of(), List.of(), "outbound", T0.plusSeconds(3600));
        index().add(withScore, "text");
        index().add(withoutScore, "");

        assertThat(index().get("with-score")).contains(withScore);
        assertThat(index().get("without-score")).contains(withoutScore);
        assertThat(index().get("absent")).isEmpty();
    }

    @Test
    default void addShouldReplaceTheEntryWhenIdIsAlreadyIndexed() {
        index().add(entry("x", T0), "original words");
        QuarantineEntry replacement = entry("x", ACME, QuarantineFamily.VIRUS, "new@virus.example", "Replaced",
            T0.plusSeconds(5), 42, Optional.empty(), List.of("CLAMAV"));

        index().add(replacement, "replacement words");

        assertThat(index().count()).isEqualTo(1);
        assertThat(index().get("x")).contains(replacement);
        assertThat(search(QuarantineQuery.all().withText("original"))).isEmpty();
        assertThat(search(QuarantineQuery.all().withText("replacement"))).containsExactly("x");
        assertThat(search(QuarantineQuery.all().withReason("spam"))).isEmpty();
        assertThat(search(QuarantineQuery.all().withSender("virus.example"))).containsExactly("x");
    }

    @Test
    default void deleteShouldRemoveTheEntryFromEverySearchWhenIdIsIndexed() {
        addSample();

        index().delete("a");

        assertThat(index().get("a")).isEmpty();
        assertThat(index().count()).isEqualTo(4);
        assertThat(index().ids()).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(search(QuarantineQuery.all().withText("rolex"))).isEmpty();
        assertThat(index().search(QuarantineQuery.all()).total()).isEqualTo(4);
    }

    @Test
    default void deleteShouldDoNothingWhenIdIsUnknown() {
        addSample();

        index().delete("unknown");

        assertThat(index().count()).isEqualTo(5);
    }

    @Test
    default void idsShouldReturnEveryIndexedIdWhenEntriesWereAddedReplacedAndDeleted() {
        addSample();
        index().add(entry("a", T0), "again");
        index().delete("c");

        assertThat(index().ids()).containsExactlyInAnyOrder("a", "b", "d", "e");
        assertThat(index().count()).isEqualTo(4);
    }

    @Test
    default void deleteAllShouldEmptyTheIndex() {
        addSample();

        index().deleteAll();

        assertThat(index().count()).isZero();
        assertThat(index().ids()).isEmpty();
        assertThat(index().search(QuarantineQuery.all())).isEqualTo(new QuarantinePage(0, List.of()));
    }

    @Test
    default void searchShouldSeeEveryWriteWhenWritesAndSearchesRunConcurrently() throws Exception {
        int writers = 4;
        int perWriter = 200;
        ExecutorService executor = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(executor.submit(() -> IntStream.range(0, perWriter).forEach(i -> {
                    String id = "w" + writer + "-" + i;
                    index().add(entry(id, T0.plusSeconds(i)), "concurrent");
                    // a write that returned is visible to the next search
                    assertThat(index().get(id)).isPresent();
                })));
            }
            futures.add(executor.submit(() -> IntStream.range(0, 200)
                .forEach(i -> assertThat(index().search(QuarantineQuery.all().withText("concurrent")).total()).isBetween(0L, 800L))));
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(index().search(QuarantineQuery.all().withText("concurrent")).total()).isEqualTo(writers * perWriter);
        assertThat(index().ids()).hasSize(writers * perWriter);
    }
}
