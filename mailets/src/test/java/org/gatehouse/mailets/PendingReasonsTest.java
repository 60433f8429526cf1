package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.store.StoreException;
import org.junit.jupiter.api.Test;

class PendingReasonsTest {
    /** Counts the writes: the point is one write per part. */
    private static final class CountingMessageLog extends RecordingMessageLog {
        final List<List<String>> writes = new ArrayList<>();
        final List<String> writtenTo = new ArrayList<>();

        @Override
        public void addReasons(String id, List<String> added) {
            writes.add(List.copyOf(added));
            writtenTo.add(id);
            super.addReasons(id, added);
        }

        @Override
        public void addNewReasons(String id, List<String> added) {
            writes.add(List.copyOf(added));
            writtenTo.add(id);
            super.addNewReasons(id, added);
        }

        @Override
        public void updateRecipients(String id, Collection<String> recipients, Disposition disposition, Optional<String> detail,
                                     List<String> newReasons) {
            writes.add(List.copyOf(newReasons));
            writtenTo.add(id);
            super.updateRecipients(id, recipients, disposition, detail);
            super.addNewReasons(id, newReasons);
        }
    }

    private static RecordDisposition delivered(MessageLog log) throws Exception {
        RecordDisposition mailet = new RecordDisposition(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDisposition").setProperty("disposition", "delivered").build());
        return mailet;
    }

    private static Mail part() throws Exception {
        Mail mail = FakeMail.builder().name("m1").sender("alice@sender.example").recipient("bob@acme.example").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        return mail;
    }

    @Test
    void addShouldKeepTheReasonsInOrderWhenSeveralChecksGiveThem() throws Exception {
        Mail mail = part();

        PendingReasons.add(mail, List.of("SPF_PASS"));
        PendingReasons.add(mail, List.of());
        PendingReasons.add(mail, List.of("SCORE 3", "CATEGORY newsletter"));

        assertThat(PendingReasons.of(mail)).containsExactly("SPF_PASS", "SCORE 3", "CATEGORY newsletter");
    }

    @Test
    void deliveredShouldWriteAllReasonsInTheDispositionsWriteWhenThePartIsDeliveredAtOnce() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        Mail mail = part();
        PendingReasons.add(mail, List.of("SPF_PASS"));
        PendingReasons.add(mail, List.of("SCORE 3"));

        delivered(log).service(mail);

        assertThat(log.writes).containsExactly(List.of("SPF_PASS", "SCORE 3"));
        assertThat(log.dispositions).containsEntry("bob@acme.example", Disposition.DELIVERED);
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void recordReasonsShouldWriteAllReasonsInOneWriteWhenThePartEntersDelivery() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        Mail mail = part();
        PendingReasons.add(mail, List.of("SPF_PASS"));
        PendingReasons.add(mail, List.of("SCORE 3"));

        new RecordReasons(log).service(mail);
        new RecordReasons(log).service(mail);

        assertThat(log.writes).containsExactly(List.of("SPF_PASS", "SCORE 3"));
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void writeShouldKeepTheReasonsOnThePartWhenTheMessageLogFails() throws Exception {
        RecordingMessageLog failing = new RecordingMessageLog() {
            @Override
            public void addReasons(String id, List<String> added) {
                throw new StoreException("database down", new java.sql.SQLException("down"));
            }
        };
        Mail mail = part();
        PendingReasons.add(mail, List.of("SPF_PASS"));

        assertThatThrownBy(() -> PendingReasons.write(mail, failing, List.of())).isInstanceOf(StoreException.class);

        assertThat(PendingReasons.of(mail)).containsExactly("SPF_PASS");
    }

    @Test
    void writeShouldOnlyTakeThemOffWhenAPartHasNoRecord() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        Mail copy = FakeMail.builder().name("copy").sender("alice@sender.example").recipient("admin@acme.example").build();
        PendingReasons.add(copy, List.of("SPF_PASS"));

        PendingReasons.write(copy, log, List.of());

        assertThat(log.writes).isEmpty();
        assertThat(PendingReasons.of(copy)).isEmpty();
    }

    @Test
    void recordDispositionShouldWriteTheChecksReasonsWithTheDispositionWhenThePartSkippedDelivery() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        RecordDisposition mailet = new RecordDisposition(log);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDisposition").setProperty("disposition", "bounced").build());
        Mail mail = part();
        mail.setErrorMessage("blocked by DLP rule CARDS");
        PendingReasons.add(mail, List.of("BLOCKED, bounced to the sender: DLP_CARDS"));

        mailet.service(mail);

        assertThat(log.writes).containsExactly(List.of("BLOCKED, bounced to the sender: DLP_CARDS", "bounced: blocked by DLP rule CARDS"));
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void writeShouldWriteEachReasonToTheRecordThePartHadWhenTheReasonWasGiven() throws Exception {
        CountingMessageLog log = new CountingMessageLog();
        Mail mail = part();
        PendingReasons.add(mail, List.of("DLP_ALPHA_OUT"));
        // handed on from the relay tenant's outbound checks to the recipients' tenant: a record of its own there
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-2")));
        PendingReasons.add(mail, List.of("SCORE 5", "DLP_BETA_IN"));

        PendingReasons.write(mail, log, List.of());

        assertThat(log.writes).containsExactly(List.of("DLP_ALPHA_OUT"), List.of("SCORE 5", "DLP_BETA_IN"));
        assertThat(log.writtenTo).containsExactly("log-1", "log-2");
    }
}
