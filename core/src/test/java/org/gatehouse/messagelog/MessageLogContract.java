package org.gatehouse.messagelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/** What every {@link MessageLog} guarantees; implemented by the Derby and PostgreSQL store tests. */
public interface MessageLogContract {
    Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");

    MessageLog messageLog();

    /** The clock the message log was built with, for the time of updates. */
    MutableClock clock();

    static MessageRecord received(String id, Instant receivedAt, Optional<TenantId> tenant, String sender, String... recipients) {
        return MessageRecord.received(id, receivedAt, Direction.INBOUND, tenant, sender, List.of(recipients),
            Optional.of("192.0.2.1"), Optional.of("mail.sender.example"), 1234, Optional.of("<" + id + "@sender.example>"));
    }

    static QueryBuilder query() {
        return new QueryBuilder();
    }

    /** Builds a {@link MessageQuery} naming only the criteria a test cares about. */
    final class QueryBuilder {
        private Optional<String> sender = Optional.empty();
        private Optional<String> recipient = Optional.empty();
        private Optional<Instant> from = Optional.empty();
        private Optional<Instant> to = Optional.empty();
        private Optional<Disposition> disposition = Optional.empty();
        private Optional<String> tenant = Optional.empty();
        private Optional<Stage> stage = Optional.empty();
        private Optional<String> rule = Optional.empty();
        private int offset = 0;
        private int limit = MessageQuery.DEFAULT_LIMIT;

        public QueryBuilder sender(String sender) {
            this.sender = Optional.of(sender);
            return this;
        }

        public QueryBuilder recipient(String recipient) {
            this.recipient = Optional.of(recipient);
            return this;
        }

        public QueryBuilder from(Instant from) {
            this.from = Optional.of(from);
            return this;
        }

        public QueryBuilder to(Instant to) {
            this.to = Optional.of(to);
            return this;
        }

        public QueryBuilder disposition(Disposition disposition) {
            this.disposition = Optional.of(disposition);
            return this;
        }

        public QueryBuilder tenant(String tenant) {
            this.tenant = Optional.of(tenant);
            return this;
        }

        public QueryBuilder stage(Stage stage) {
            this.stage = Optional.of(stage);
            return this;
        }

        public QueryBuilder rule(String rule) {
            this.rule = Optional.of(rule);
            return this;
        }

        public QueryBuilder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public QueryBuilder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public MessageQuery build() {
            return new MessageQuery(sender, recipient, from, to, disposition, tenant, stage, rule, offset, limit);
        }
    }

    @Test
    default void getShouldReturnTheReceivedInstantWhenItFallsInTheRepeatedHourOfADaylightSavingChange() {
        // 05:30Z is the first 01:30 of 2026-11-01 in New York (the zone the core tests run in), 06:30Z the second.
        Instant firstOneThirty = Instant.parse("2026-11-01T05:30:00Z");
        messageLog().record(received("dst", firstOneThirty, Optional.of(ACME), "a@sender.example", "b@acme.example"));

        assertThat(messageLog().get("dst")).get().extracting(MessageRecord::receivedAt).isEqualTo(firstOneThirty);
        assertThat(messageLog().search(query().from(firstOneThirty).to(firstOneThirty.plusSeconds(1)).build()))
            .extracting(MessageRecord::id).containsExactly("dst");
    }

    @Test
    default void recordShouldKeepTheExistingRecordWhenTheSameIdIsRecordedAgain() {
        boolean first = messageLog().record(received("again", T0, Optional.of(ACME), "a@sender.example", "b@acme.example"));
        messageLog().updateRecipients("again", List.of("b@acme.example"), Disposition.DELIVERED, Optional.of("250 ok"));

        boolean second = messageLog().record(received("again", T0.plusSeconds(60), Optional.of(ACME), "a@sender.example", "b@acme.example"));

        assertThat(first).as("the first write").isTrue();
        assertThat(second).as("the same id again").isFalse();
        assertThat(messageLog().get("again")).get()
            .satisfies(record -> assertThat(record.receivedAt()).isEqualTo(T0))
            .satisfies(record -> assertThat(record.disposition()).isEqualTo(Disposition.DELIVERED));
        assertThat(messageLog().search(query().sender("a@sender.example").build())).hasSize(1);
    }

    @Test
    default void getShouldReturnEmptyWhenMessageIsUnknown() {
        assertThat(messageLog().get("unknown")).isEmpty();
    }

    @Test
    default void getShouldReturnTheRecordedMessage() {
        MessageRecord record = received("m1", T0, Optional.of(ACME), "alice@sender.example",
            "bob@acme.example", "carol@acme.example");

        messageLog().record(record);

        assertThat(messageLog().get("m1")).contains(record);
    }

    @Test
    default void getShouldReturnAMessageWithoutOptionalFields() {
        MessageRecord record = MessageRecord.received("m1", T0, Direction.SYSTEM, Optional.empty(), "", List.of(),
            Optional.empty(), Optional.empty(), 0, Optional.empty());

        messageLog().record(record);

        assertThat(messageLog().get("m1")).contains(record);
    }

    @Test
    default void getShouldReturnReasonsAndRecipientStatesAsRecorded() {
        MessageRecord record = new MessageRecord("m1", T0, T0.plusSeconds(5), Direction.OUTBOUND, Optional.of(ACME),
            "alice@acme.example", Optional.of("2001:db8::25"), Optional.empty(), 99, Optional.empty(),
            Disposition.PARTIALLY_DELIVERED, ImmutableList.of("spf: pass", "dlp: \"card number\" ünïcödé"),
            ImmutableMap.of(
                "bob@remote.example", new MessageRecord.RecipientState(Disposition.DELIVERED, Optional.of("250 OK")),
                "carol@remote.example", new MessageRecord.RecipientState(Disposition.BOUNCED, Optional.of("550 no such user"))),
            Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384"));

        messageLog().record(record);

        assertThat(messageLog().get("m1")).contains(record);
    }

    @Test
    default void redirectRecipientsShouldFollowTheTargetsOutcome() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        messageLog().redirectRecipients("m1", List.of("bob@acme.example", "carol@acme.example"), "spam@acme.example", "redirected to spam@acme.example");
        MessageRecord redirected = messageLog().get("m1").orElseThrow();
        messageLog().updateRecipients("m1", List.of("spam@acme.example"), Disposition.DELIVERED, Optional.of("250 OK"));

        assertThat(redirected.disposition()).isEqualTo(Disposition.QUEUED);
        assertThat(redirected.recipientStates().get("bob@acme.example"))
            .isEqualTo(new MessageRecord.RecipientState(Disposition.REDIRECTED, Optional.of("redirected to spam@acme.example")));
        MessageRecord delivered = messageLog().get("m1").orElseThrow();
        assertThat(delivered.disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(delivered.recipientStates()).containsOnlyKeys("bob@acme.example", "carol@acme.example", "spam@acme.example");
    }

    @Test
    default void recordShouldMarkEveryRecipientQueued() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        MessageRecord stored = messageLog().get("m1").orElseThrow();

        assertThat(stored.disposition()).isEqualTo(Disposition.QUEUED);
        assertThat(stored.recipients().values()).extracting(MessageRecord.RecipientState::disposition)
            .containsOnly(Disposition.QUEUED);
    }

    @Test
    default void searchShouldReturnEverythingNewestFirstWhenNoCriterion() {
        messageLog().record(received("old", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("newest", T0.plusSeconds(120), Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("middle", T0.plusSeconds(60), Optional.of(GLOBEX), "b@sender.example", "y@globex.example"));

        assertThat(messageLog().search(MessageQuery.all())).extracting(MessageRecord::id)
            .containsExactly("newest", "middle", "old");
    }

    @Test
    default void searchShouldReturnEmptyWhenNothingMatches() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));

        assertThat(messageLog().search(query().sender("nobody@sender.example").build())).isEmpty();
    }

    @Test
    default void searchShouldFilterBySenderIgnoringCase() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "Alice@Sender.EXAMPLE", "bob@acme.example"));
        messageLog().record(received("m2", T0, Optional.of(ACME), "mallory@sender.example", "bob@acme.example"));

        assertThat(messageLog().search(query().sender("alice@sender.example").build())).extracting(MessageRecord::id)
            .containsExactly("m1");
        assertThat(messageLog().search(query().sender("ALICE@sender.example").build())).extracting(MessageRecord::id)
            .containsExactly("m1");
    }

    @Test
    default void searchShouldFilterByRecipientIgnoringCase() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "Bob@Acme.example", "carol@acme.example"));
        messageLog().record(received("m2", T0, Optional.of(ACME), "alice@sender.example", "carol@acme.example"));

        assertThat(messageLog().search(query().recipient("bob@ACME.example").build())).extracting(MessageRecord::id)
            .containsExactly("m1");
        assertThat(messageLog().search(query().recipient("carol@acme.example").build())).extracting(MessageRecord::id)
            .containsExactly("m1", "m2");
    }

    @Test
    default void searchShouldReturnAllRecipientsOfAMessageMatchingOneRecipient() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        assertThat(messageLog().search(query().recipient("bob@acme.example").build()).get(0).recipients())
            .containsOnlyKeys("bob@acme.example", "carol@acme.example");
    }

    @Test
    default void searchShouldIncludeFromAndExcludeTo() {
        messageLog().record(received("before", T0.minusMillis(1), Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("atFrom", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("inside", T0.plusSeconds(30), Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("atTo", T0.plusSeconds(60), Optional.of(ACME), "a@sender.example", "x@acme.example"));

        assertThat(messageLog().search(query().from(T0).to(T0.plusSeconds(60)).build())).extracting(MessageRecord::id)
            .containsExactly("inside", "atFrom");
    }

    @Test
    default void searchShouldFilterByFromAlone() {
        messageLog().record(received("before", T0.minusSeconds(1), Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("after", T0.plusSeconds(1), Optional.of(ACME), "a@sender.example", "x@acme.example"));

        assertThat(messageLog().search(query().from(T0).build())).extracting(MessageRecord::id).containsExactly("after");
        assertThat(messageLog().search(query().to(T0).build())).extracting(MessageRecord::id).containsExactly("before");
    }

    @Test
    default void searchShouldFilterByDisposition() {
        messageLog().record(received("queued", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("delivered", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().updateRecipients("delivered", List.of("x@acme.example"), Disposition.DELIVERED, Optional.empty());

        assertThat(messageLog().search(query().disposition(Disposition.DELIVERED).build())).extracting(MessageRecord::id)
            .containsExactly("delivered");
        assertThat(messageLog().search(query().disposition(Disposition.QUEUED).build())).extracting(MessageRecord::id)
            .containsExactly("queued");
        assertThat(messageLog().search(query().disposition(Disposition.BOUNCED).build())).isEmpty();
    }

    @Test
    default void searchShouldFilterByTenant() {
        messageLog().record(received("acme", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("globex", T0, Optional.of(GLOBEX), "a@sender.example", "x@globex.example"));
        messageLog().record(received("none", T0, Optional.empty(), "a@sender.example", "x@unknown.example"));

        assertThat(messageLog().search(query().tenant(GLOBEX.asString()).build())).extracting(MessageRecord::id)
            .containsExactly("globex");
    }

    @Test
    default void searchShouldRequireEveryCriterion() {
        messageLog().record(received("match", T0.plusSeconds(10), Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        messageLog().record(received("otherSender", T0.plusSeconds(10), Optional.of(ACME), "eve@sender.example", "bob@acme.example"));
        messageLog().record(received("otherRecipient", T0.plusSeconds(10), Optional.of(ACME), "alice@sender.example", "dan@acme.example"));
        messageLog().record(received("otherTenant", T0.plusSeconds(10), Optional.of(GLOBEX), "alice@sender.example", "bob@acme.example"));
        messageLog().record(received("tooEarly", T0.minusSeconds(10), Optional.of(ACME), "alice@sender.example", "bob@acme.example"));

        assertThat(messageLog().search(query().sender("alice@sender.example").recipient("bob@acme.example")
            .tenant(ACME.asString()).from(T0).disposition(Disposition.QUEUED).build()))
            .extracting(MessageRecord::id)
            .containsExactly("match");
    }

    @Test
    default void searchShouldPageNewestFirstWithOffsetAndLimit() {
        for (int i = 0; i < 5; i++) {
            messageLog().record(received("m" + i, T0.plusSeconds(i), Optional.of(ACME), "a@sender.example", "x@acme.example"));
        }

        assertThat(messageLog().search(query().limit(2).build())).extracting(MessageRecord::id).containsExactly("m4", "m3");
        assertThat(messageLog().search(query().offset(2).limit(2).build())).extracting(MessageRecord::id)
            .containsExactly("m2", "m1");
        assertThat(messageLog().search(query().offset(4).limit(2).build())).extracting(MessageRecord::id).containsExactly("m0");
        assertThat(messageLog().search(query().offset(5).limit(2).build())).isEmpty();
    }

    @Test
    default void searchShouldOrderMessagesReceivedAtTheSameTimeByIdSoThatPagesDoNotOverlap() {
        messageLog().record(received("c", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("a", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));
        messageLog().record(received("b", T0, Optional.of(ACME), "a@sender.example", "x@acme.example"));

        assertThat(messageLog().search(query().limit(2).build())).extracting(MessageRecord::id).containsExactly("a", "b");
        assertThat(messageLog().search(query().offset(2).limit(2).build())).extracting(MessageRecord::id).containsExactly("c");
    }

    @Test
    default void updateRecipientsShouldMarkMessageDeliveredWhenEveryRecipientIsDelivered() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        messageLog().updateRecipients("m1", List.of("bob@acme.example", "carol@acme.example"), Disposition.DELIVERED,
            Optional.of("250 2.0.0 OK"));

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(stored.recipients()).containsExactlyInAnyOrderEntriesOf(ImmutableMap.of(
            "bob@acme.example", new MessageRecord.RecipientState(Disposition.DELIVERED, Optional.of("250 2.0.0 OK")),
            "carol@acme.example", new MessageRecord.RecipientState(Disposition.DELIVERED, Optional.of("250 2.0.0 OK"))));
    }

    @Test
    default void updateRecipientsShouldKeepMessageQueuedWhileARecipientIsQueued() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.disposition()).isEqualTo(Disposition.QUEUED);
        assertThat(stored.recipients().get("bob@acme.example").disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(stored.recipients().get("carol@acme.example").disposition()).isEqualTo(Disposition.QUEUED);
    }

    @Test
    default void updateRecipientsShouldMarkMessagePartiallyDeliveredWhenSomeRecipientsBounced() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());
        messageLog().updateRecipients("m1", List.of("carol@acme.example"), Disposition.BOUNCED, Optional.of("550 5.1.1 unknown"));

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.disposition()).isEqualTo(Disposition.PARTIALLY_DELIVERED);
        assertThat(stored.recipients().get("carol@acme.example"))
            .isEqualTo(new MessageRecord.RecipientState(Disposition.BOUNCED, Optional.of("550 5.1.1 unknown")));
    }

    @Test
    default void updateRecipientsShouldMarkMessageBouncedWhenEveryRecipientBounced() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example", "carol@acme.example"));

        messageLog().updateRecipients("m1", List.of("bob@acme.example", "carol@acme.example"), Disposition.BOUNCED,
            Optional.empty());

        assertThat(messageLog().get("m1").orElseThrow().disposition()).isEqualTo(Disposition.BOUNCED);
    }

    @Test
    default void updateRecipientsShouldReplaceAnEarlierState() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.QUARANTINED, Optional.of("spam"));

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(stored.recipients().get("bob@acme.example"))
            .isEqualTo(new MessageRecord.RecipientState(Disposition.DELIVERED, Optional.empty()));
    }

    @Test
    default void updateRecipientsShouldSetUpdatedAtButKeepReceivedAt() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        clock().setInstant(T0.plus(Duration.ofMinutes(3)));

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.receivedAt()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    default void updateRecipientsShouldNotTouchOtherMessages() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        MessageRecord other = received("m2", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example");
        messageLog().record(other);

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());

        assertThat(messageLog().get("m2")).contains(other);
    }

    @Test
    default void updateRecipientsShouldDoNothingWhenMessageIsUnknown() {
        messageLog().updateRecipients("unknown", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());

        assertThat(messageLog().get("unknown")).isEmpty();
        assertThat(messageLog().search(MessageQuery.all())).isEmpty();
    }

    @Test
    default void addReasonsShouldAppendToTheRecordedReasons() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));

        messageLog().addReasons("m1", List.of("spf: fail", "score: 7.5"));
        messageLog().addReasons("m1", List.of("quarantined: spam"));

        assertThat(messageLog().get("m1").orElseThrow().reasons())
            .containsExactly("spf: fail", "score: 7.5", "quarantined: spam");
    }

    @Test
    default void addNewReasonsShouldAppendOnlyTheReasonsTheRecordDoesNotHave() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        messageLog().addNewReasons("m1", List.of("SPF_PASS", "SCORE 3"));

        messageLog().addNewReasons("m1", List.of("SCORE 3", "SCORE 3", "DLP_CARDS"));
        messageLog().addNewReasons("m1", List.of("SPF_PASS"));

        assertThat(messageLog().get("m1").orElseThrow().reasons()).containsExactly("SPF_PASS", "SCORE 3", "DLP_CARDS");
    }

    @Test
    default void updateRecipientsWithReasonsShouldSetTheDispositionAndAppendTheNewReasonsTogether() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        messageLog().addNewReasons("m1", List.of("SPF_PASS"));
        clock().setInstant(T0.plusSeconds(42));

        messageLog().updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty(),
            List.of("SPF_PASS", "SCORE 3"));

        MessageRecord record = messageLog().get("m1").orElseThrow();
        assertThat(record.disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(record.reasons()).containsExactly("SPF_PASS", "SCORE 3");
        assertThat(record.updatedAt()).isEqualTo(T0.plusSeconds(42));
    }

    @Test
    default void addReasonsShouldSetUpdatedAt() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));
        clock().setInstant(T0.plusSeconds(42));

        messageLog().addReasons("m1", List.of("spf: fail"));

        assertThat(messageLog().get("m1").orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(42));
    }

    @Test
    default void addReasonsShouldDoNothingWhenMessageIsUnknown() {
        messageLog().addReasons("unknown", List.of("spf: fail"));

        assertThat(messageLog().get("unknown")).isEmpty();
    }

    @Test
    default void hasMessageFromShouldKnowOnlyThisSenderToThisTenant() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));

        assertThat(messageLog().hasMessageFrom("alice@sender.example", ACME)).isTrue();
        assertThat(messageLog().hasMessageFrom("alice@sender.example", GLOBEX)).isFalse();
        assertThat(messageLog().hasMessageFrom("mallory@sender.example", ACME)).isFalse();
    }

    static MessageRecord refused(String id, Instant at, Stage stage, String reply, List<String> rules, List<TenantId> tenants,
                                 Map<String, MessageRecord.RecipientState> recipients, String... reasons) {
        return new MessageRecord(id, at, at, Direction.INBOUND, tenants.stream().findFirst(), "mallory@sender.example",
            Optional.of("192.0.2.7"), Optional.of("mx.sender.example"), 0, Optional.empty(), Disposition.REJECTED,
            ImmutableList.copyOf(reasons), ImmutableMap.copyOf(recipients), Optional.of("none"), stage, ImmutableList.copyOf(rules),
            Optional.of(new MessageRecord.Refusal(reply, ImmutableList.copyOf(tenants), 1, false)));
    }

    static MessageRecord.RecipientState rejected(String reply) {
        return new MessageRecord.RecipientState(Disposition.REJECTED, Optional.of(reply));
    }

    MessageRecord.RecipientState ACCEPTED = new MessageRecord.RecipientState(Disposition.ACCEPTED, Optional.empty());

    @Test
    default void recordShouldGiveAnAcceptedMessageTheQueueStageAndNoRefusal() {
        messageLog().record(received("m1", T0, Optional.of(ACME), "alice@sender.example", "bob@acme.example"));

        MessageRecord stored = messageLog().get("m1").orElseThrow();
        assertThat(stored.stage()).isEqualTo(Stage.QUEUE);
        assertThat(stored.ruleIds()).isEmpty();
        assertThat(stored.refusal()).isEmpty();
    }

    @Test
    default void mergeRefusalShouldCreateTheRecordWhenItIsTheTransactionsFirstRefusal() {
        MessageRecord refusal = refused("t1", T0, Stage.RCPT, "550 5.7.1 refused", List.of("SENDER_BLOCKLISTED"), List.of(ACME),
            Map.of("bob@acme.example", rejected("550 5.7.1 refused")), "SENDER_BLOCKLISTED (block list: domain sender.example)");

        messageLog().mergeRefusal(refusal);

        assertThat(messageLog().get("t1")).contains(refusal);
    }

    @Test
    default void mergeRefusalShouldAddALaterRefusalOfTheSameTransaction() {
        messageLog().mergeRefusal(refused("t1", T0, Stage.RCPT, "550 5.7.1 blocked", List.of("SENDER_BLOCKLISTED"), List.of(ACME),
            Map.of("bob@acme.example", rejected("550 5.7.1 blocked")), "blocked"));
        messageLog().mergeRefusal(refused("t1", T0.plusSeconds(1), Stage.RCPT, "550 5.7.1 relaying denied", List.of("SMTP_RELAY_DENIED"),
            List.of(), Map.of("carol@acme.example", ACCEPTED, "x@elsewhere.example", rejected("550 5.7.1 relaying denied")), "relay"));
        messageLog().mergeRefusal(refused("t1", T0.plusSeconds(2), Stage.DATA, "554 5.6.0 too deep", List.of("MIME_STRUCTURE_LIMIT"),
            List.of(GLOBEX), Map.of("carol@acme.example", rejected("554 5.6.0 too deep")), "deep", "blocked"));

        MessageRecord stored = messageLog().get("t1").orElseThrow();
        assertThat(stored.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(stored.stage()).isEqualTo(Stage.DATA);
        assertThat(stored.receivedAt()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(stored.ruleIds()).containsExactly("SENDER_BLOCKLISTED", "SMTP_RELAY_DENIED", "MIME_STRUCTURE_LIMIT");
        assertThat(stored.reasons()).containsExactly("blocked", "relay", "deep");
        assertThat(stored.recipients()).containsOnly(
            Map.entry("bob@acme.example", rejected("550 5.7.1 blocked")),
            Map.entry("carol@acme.example", rejected("554 5.6.0 too deep")),
            Map.entry("x@elsewhere.example", rejected("550 5.7.1 relaying denied")));
        assertThat(stored.refusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.reply()).isEqualTo("554 5.6.0 too deep");
            assertThat(refusal.replyCode()).isEqualTo("554");
            assertThat(refusal.tenants()).containsExactly(ACME, GLOBEX);
            assertThat(refusal.count()).isEqualTo(3);
            assertThat(refusal.aggregated()).isFalse();
        });
    }

    @Test
    default void mergeRefusalShouldKeepARecipientRefusedEarlierWhenALaterRefusalListsItAsAccepted() {
        messageLog().mergeRefusal(refused("t1", T0, Stage.RCPT, "550 no", List.of("R1"), List.of(),
            Map.of("bob@acme.example", rejected("550 no"))));
        messageLog().mergeRefusal(refused("t1", T0, Stage.RCPT, "452 later", List.of("R2"), List.of(),
            Map.of("bob@acme.example", ACCEPTED)));

        assertThat(messageLog().get("t1").orElseThrow().recipients()).containsExactly(Map.entry("bob@acme.example", rejected("550 no")));
    }

    @Test
    default void mergeRefusalShouldAddTheCountsOfAnAggregatedRecord() {
        MessageRecord aggregate = new MessageRecord("a1", T0, T0, Direction.INBOUND, Optional.empty(), "", Optional.of("192.0.2.7"),
            Optional.empty(), 0, Optional.empty(), Disposition.REJECTED, ImmutableList.of("AGGREGATED"), ImmutableMap.of(),
            Optional.empty(), Stage.RCPT, ImmutableList.of("SMTP_RELAY_DENIED"),
            Optional.of(new MessageRecord.Refusal("550 5.7.1 relaying denied", ImmutableList.of(), 9000, true)));

        messageLog().mergeRefusal(aggregate);
        messageLog().mergeRefusal(aggregate);

        assertThat(messageLog().get("a1").orElseThrow().refusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.count()).isEqualTo(18000);
            assertThat(refusal.aggregated()).isTrue();
        });
        assertThat(messageLog().get("a1").orElseThrow().reasons()).containsExactly("AGGREGATED");
    }

    @Test
    default void searchShouldFilterByStageAndRuleId() {
        messageLog().record(received("accepted", T0, Optional.of(ACME), "a@sender.example", "bob@acme.example"));
        messageLog().mergeRefusal(refused("atrcpt", T0, Stage.RCPT, "550 no", List.of("SENDER_BLOCKLISTED", "DNSBL_LISTED"),
            List.of(ACME), Map.of("bob@acme.example", rejected("550 no"))));
        messageLog().mergeRefusal(refused("atmail", T0, Stage.MAIL, "452 slow down", List.of("RATE_LIMIT_INBOUND"), List.of(), Map.of()));

        assertThat(messageLog().search(query().stage(Stage.RCPT).build())).extracting(MessageRecord::id).containsExactly("atrcpt");
        assertThat(messageLog().search(query().stage(Stage.QUEUE).build())).extracting(MessageRecord::id).containsExactly("accepted");
        assertThat(messageLog().search(query().disposition(Disposition.REJECTED).stage(Stage.MAIL).build()))
            .extracting(MessageRecord::id).containsExactly("atmail");
        assertThat(messageLog().search(query().rule("DNSBL_LISTED").build())).extracting(MessageRecord::id).containsExactly("atrcpt");
        assertThat(messageLog().search(query().rule("NO_SUCH_RULE").build())).isEmpty();
    }

    @Test
    default void searchByTenantShouldFindARefusalOfSeveralTenantsForEachOfThem() {
        messageLog().mergeRefusal(refused("both", T0, Stage.DATA, "550 no", List.of("CONTENT_DENIED_TYPE"), List.of(ACME, GLOBEX),
            Map.of("bob@acme.example", rejected("550 no"), "eve@globex.example", rejected("550 no"))));

        assertThat(messageLog().search(query().tenant(ACME.asString()).build())).extracting(MessageRecord::id).containsExactly("both");
        assertThat(messageLog().search(query().tenant(GLOBEX.asString()).build())).extracting(MessageRecord::id).containsExactly("both");
        assertThat(messageLog().search(query().tenant("initech").build())).isEmpty();
    }

    @Test
    default void hasMessageFromShouldNotCountARefusedAttempt() {
        messageLog().mergeRefusal(refused("t1", T0, Stage.RCPT, "550 no", List.of("SENDER_BLOCKLISTED"), List.of(ACME),
            Map.of("bob@acme.example", rejected("550 no"))));

        assertThat(messageLog().hasMessageFrom("mallory@sender.example", ACME)).isFalse();
    }

    @Test
    default void purgeReceivedBeforeShouldDeleteTheOldestRecordsBeforeTheCutoffWithTheirRowsAtMostLimitAtATime() {
        for (int i = 1; i <= 4; i++) {
            messageLog().record(received("old" + i, T0.minus(Duration.ofHours(i)), Optional.of(ACME), "a@sender.example", "b@acme.example"));
        }
        messageLog().mergeRefusal(refused("old-refusal", T0.minus(Duration.ofDays(1)), Stage.RCPT, "550 5.7.1 refused",
            List.of("SENDER_BLOCKLISTED"), List.of(ACME), Map.of("b@acme.example", rejected("550 5.7.1 refused"))));
        messageLog().record(received("kept", T0, Optional.of(ACME), "a@sender.example", "b@acme.example"));
        JdbcMessageLog log = (JdbcMessageLog) messageLog();

        assertThat(log.purgeReceivedBefore(T0, 3)).isEqualTo(3);
        // the oldest went first
        assertThat(messageLog().get("old-refusal")).isEmpty();
        assertThat(messageLog().get("old4")).isEmpty();
        assertThat(messageLog().get("old1")).isPresent();
        assertThat(log.purgeReceivedBefore(T0, 3)).isEqualTo(2);
        assertThat(log.purgeReceivedBefore(T0, 3)).isZero();

        assertThat(messageLog().search(query().recipient("b@acme.example").build())).extracting(MessageRecord::id).containsExactly("kept");
        assertThat(messageLog().search(query().rule("SENDER_BLOCKLISTED").build())).isEmpty();
        assertThat(messageLog().search(query().tenant(ACME.asString()).build())).extracting(MessageRecord::id).containsExactly("kept");
    }

    @Test
    default void retentionShouldDeleteInBatchesEverythingReceivedLongerAgoThanItsRetention() throws Exception {
        for (int i = 0; i < 5; i++) {
            messageLog().record(received("past" + i, T0.minus(Duration.ofDays(200 + i)), Optional.of(ACME), "a@sender.example",
                "b@acme.example"));
        }
        messageLog().record(received("recent", T0.minus(Duration.ofDays(179)), Optional.of(ACME), "a@sender.example", "b@acme.example"));
        MessageLogRetention retention = new MessageLogRetention((JdbcMessageLog) messageLog(),
            Duration.ofDays(MessageLogRetention.DEFAULT_RETENTION_DAYS), 2, Duration.ZERO, new MutableClock(T0));

        MessageLogRetention.Purge purge = retention.purge();

        assertThat(purge.deleted()).isEqualTo(5);
        assertThat(purge.batches()).isEqualTo(3);
        assertThat(purge.cutoff()).isEqualTo(T0.minus(Duration.ofDays(180)));
        assertThat(messageLog().search(query().build())).extracting(MessageRecord::id).containsExactly("recent");
        assertThat(retention.purge().deleted()).isZero();
    }
}
