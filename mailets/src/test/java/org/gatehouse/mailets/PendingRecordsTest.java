package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

class PendingRecordsTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-06T08:00:00.123456789Z");

    /** Every write, in order: the point is one write per part. */
    private static final class CountingMessageLog extends RecordingMessageLog {
        final List<String> writes = new ArrayList<>();

        @Override
        public boolean record(MessageRecord record) {
            writes.add("record " + record.id() + " " + record.reasons());
            return super.record(record);
        }

        @Override
        public void addReasons(String id, List<String> added) {
            writes.add("reasons " + id + " " + added);
            super.addReasons(id, added);
        }

        @Override
        public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                                     List<String> newReasons) {
            writes.add("disposition " + id + " " + disposition.asString() + " " + newReasons);
            super.updateRecipients(id, recipients, disposition, detail);
        }
    }

    /** A message log whose database is down. */
    private static RecordingMessageLog failing() {
        return new RecordingMessageLog() {
            @Override
            public boolean record(MessageRecord record) {
                throw new StoreException("database down", new java.sql.SQLException("down"));
            }
        };
    }

    private static MessageRecord record(String id, Direction direction, String tenant) {
        return MessageRecord.received(id, RECEIVED, direction, Optional.of(TenantId.of(tenant)), "alice@sender.example",
            List.of("bob@acme.example", "carol@acme.example"), Optional.of("192.0.2.7"), Optional.of("mx.sender.example"), 4137,
            Optional.of("<1@sender.example>")).withTls(Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384"));
    }

    private static Mail part(MessageRecord... records) throws Exception {
        Mail mail = FakeMail.builder().name("m1").state("transport").sender("alice@sender.example").recipient("bob@acme.example").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of(records[0].id())));
        PendingRecords.set(mail, List.of(records));
        return mail;
    }

    @Test
    void ofShouldGiveTheRecordsBackWithEveryFieldWhenTheyWereKeptWithThePart() throws Exception {
        MessageRecord outbound = record("log-1", Direction.OUTBOUND, "alpha");
        MessageRecord inbound = MessageRecord.received("log-2", RECEIVED, Direction.INBOUND, Optional.of(TenantId.of("beta")), "",
            List.of("bob@beta.example"), Optional.empty(), Optional.empty(), 0, Optional.empty());

        Mail mail = part(outbound, inbound);

        assertThat(PendingRecords.of(mail)).containsExactly(outbound, inbound);
    }

    @Test
    void recordReasonsShouldInsertTheRecordWithItsReasonsInOneWriteWhenThePartEntersDelivery() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordReasons mailet = new RecordReasons(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordReasons").build());
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));
        PendingReasons.add(mail, List.of("SPF_PASS"));
        PendingReasons.add(mail, List.of("SCORE 3"));

        mailet.service(mail);
        mailet.service(mail);

        assertThat(log.writes).containsExactly("record log-1 [SPF_PASS, SCORE 3]");
        assertThat(log.records).singleElement().satisfies(written -> {
            assertThat(written.reasons()).containsExactly("SPF_PASS", "SCORE 3");
            assertThat(written.recipientStates()).containsOnlyKeys("bob@acme.example", "carol@acme.example");
            assertThat(written.disposition()).isEqualTo(Disposition.QUEUED);
        });
        assertThat(PendingRecords.of(mail)).isEmpty();
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void recordReasonsShouldSendThePartBackToTheQueueWithItsRecordWhenTheMessageLogFails() throws Exception {
        RecordingMessageLog failing = failing();
        FakeMailContext james = FakeMailContext.defaultContext();
        RecordReasons mailet = new RecordReasons(failing);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordReasons").mailetContext(james).setProperty("deferDelay", "5").build());
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));
        PendingReasons.add(mail, List.of("SPF_PASS"));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(james.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("transport");
            assertThat(sent.getAttributes()).containsKey(PendingRecords.NAME);
            assertThat(sent.getAttributes()).containsKey(PendingReasons.NAME);
        });
    }

    @Test
    void recordReasonsShouldLeaveTheRecordForTheOutcomeWhenItWritesWithTheOutcomeAndTheDatabaseAnswers() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordReasons mailet = new RecordReasons(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordReasons").setProperty("write", "withOutcome").build());
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));
        PendingReasons.add(mail, List.of("SPF_PASS"));

        mailet.service(mail);

        assertThat(log.writes).isEmpty();
        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(PendingRecords.of(mail)).extracting(MessageRecord::id).containsExactly("log-1");
        assertThat(PendingReasons.of(mail)).containsExactly("SPF_PASS");
    }

    @Test
    void recordReasonsShouldSendThePartBackToTheQueueWhenItWritesWithTheOutcomeAndTheDatabaseDoesNotAnswer() throws Exception {
        RecordingMessageLog down = new RecordingMessageLog() {
            @Override
            public boolean writable() {
                return false;
            }
        };
        FakeMailContext james = FakeMailContext.defaultContext();
        RecordReasons mailet = new RecordReasons(down);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordReasons").mailetContext(james).setProperty("write", "withOutcome")
            .build());
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(james.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("transport");
            assertThat(sent.getAttributes()).containsKey(PendingRecords.NAME);
        });
    }

    @Test
    void recordReasonsShouldRefuseToStartWhenWriteIsNeitherNowNorWithOutcome() {
        RecordReasons mailet = new RecordReasons(new RecordingMessageLog());

        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("RecordReasons").setProperty("write", "later").build()))
            .hasMessageContaining("'write' must be now or withOutcome");
    }

    @Test
    void writeShouldInsertEachRecordWithItsOwnReasonsWhenThePartHasTwoRecords() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        Mail mail = part(record("log-1", Direction.OUTBOUND, "alpha"), record("log-2", Direction.INBOUND, "beta"));
        PendingReasons.add(mail, List.of("DLP_ALPHA_OUT"));
        // handed on from the relay tenant's outbound checks to the recipients' tenant
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-2")));
        PendingReasons.add(mail, List.of("SCORE 5"));

        PendingReasons.write(mail, log, List.of());

        assertThat(log.writes).containsExactly("record log-1 [DLP_ALPHA_OUT]", "record log-2 [SCORE 5]");
    }

    @Test
    void recordDispositionShouldInsertTheRecordWithItsDispositionInOneWriteWhenThePartSkippedDelivery() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordDisposition mailet = new RecordDisposition(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDisposition").setProperty("disposition", "bounced").build());
        Mail mail = part(record("log-1", Direction.OUTBOUND, "alpha"));
        mail.setErrorMessage("blocked by DLP rule CARDS");
        PendingReasons.add(mail, List.of("DLP_CARDS"));

        mailet.service(mail);

        assertThat(log.writes).containsExactly("record log-1 [DLP_CARDS, bounced: blocked by DLP rule CARDS]");
        assertThat(log.records).singleElement().satisfies(written -> {
            assertThat(written.recipientStates().get("bob@acme.example"))
                .isEqualTo(new MessageRecord.RecipientState(Disposition.BOUNCED, Optional.of("blocked by DLP rule CARDS")));
            // not this part's recipient: left as it was
            assertThat(written.recipientStates().get("carol@acme.example").disposition()).isEqualTo(Disposition.QUEUED);
            assertThat(written.disposition()).isEqualTo(Disposition.QUEUED);
        });
        assertThat(PendingRecords.of(mail)).isEmpty();
    }

    @Test
    void recordDispositionShouldInsertADeliveredRecordInOneWriteWhenThePartWasDeliveredAtItsFirstAttempt() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordDisposition mailet = new RecordDisposition(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDisposition").setProperty("disposition", "delivered").build());
        Mail mail = FakeMail.builder().name("m1").state("delivered").sender("alice@sender.example")
            .recipients("bob@acme.example", "carol@acme.example").build();
        MessageRecord record = record("log-1", Direction.INBOUND, "acme");
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of(record.id())));
        PendingRecords.set(mail, List.of(record));
        PendingReasons.add(mail, List.of("SPF_PASS"));

        mailet.service(mail);

        assertThat(log.writes).containsExactly("record log-1 [SPF_PASS]");
        assertThat(log.records).singleElement().satisfies(written -> {
            assertThat(written.disposition()).isEqualTo(Disposition.DELIVERED);
            assertThat(written.recipientStates().values()).extracting(MessageRecord.RecipientState::disposition)
                .containsOnly(Disposition.DELIVERED);
        });
    }

    @Test
    void recordDispositionShouldUpdateTheRecordWithTheReasonsWhenItWasWrittenAtAnEarlierAttempt() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordDisposition mailet = new RecordDisposition(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDisposition").setProperty("disposition", "delivered").build());
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));
        PendingReasons.add(mail, List.of("SPF_PASS"));
        // written as queued when the first attempt failed for now; the queued copy still carries record and reasons
        log.record(record("log-1", Direction.INBOUND, "acme").withReasons(List.of("SPF_PASS")));
        log.writes.clear();

        mailet.service(mail);

        assertThat(log.writes).containsExactly("record log-1 [SPF_PASS]", "disposition log-1 delivered [SPF_PASS]");
        assertThat(log.dispositions).containsEntry("bob@acme.example", Disposition.DELIVERED);
    }

    @Test
    void writeShouldLeaveTheRecordsOnThePartWhenTheMessageLogFails() throws Exception {
        RecordingMessageLog failing = failing();
        Mail mail = part(record("log-1", Direction.INBOUND, "acme"));

        assertThatThrownBy(() -> PendingRecords.write(mail, failing)).isInstanceOf(StoreException.class);

        assertThat(PendingRecords.of(mail)).extracting(MessageRecord::id).containsExactly("log-1");
    }
}
