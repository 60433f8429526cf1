package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

class StoreInQuarantineTest {
    /** Keeps what the quarantine would store: the held mail's attributes at the moment it is held. */
    private static final class StoredAttributes extends QuarantineRepositories {
        final List<List<String>> pendingWhenHeld = new ArrayList<>();
        boolean failing;

        StoredAttributes() {
            super(null, null, null, null, null, null, "memory://quarantine/");
        }

        @Override
        public QuarantineEntry hold(Mail mail, TenantId tenant, HoldingCheck check, List<String> ruleIds, List<String> explanation)
            throws MessagingException {
            if (failing) {
                throw new MessagingException("repository unavailable");
            }
            pendingWhenHeld.add(PendingReasons.of(mail));
            Instant now = Instant.parse("2026-12-05T10:00:00Z");
            return new QuarantineEntry("acme.spam.1", tenant, QuarantineFamily.SPAM, "alice@sender.example", List.of("bob@acme.example"),
                "192.0.2.1", "offer", now, 100, Optional.empty(), Optional.empty(), ruleIds, explanation, "inbound",
                now.plusSeconds(86_400));
        }
    }

    private final StoredAttributes repositories = new StoredAttributes();
    private final RecordingMessageLog messageLog = new RecordingMessageLog();

    private StoreInQuarantine mailet() throws Exception {
        StoreInQuarantine mailet = new StoreInQuarantine(repositories, messageLog);
        mailet.init(FakeMailetConfig.builder().mailetName("StoreInQuarantine").build());
        return mailet;
    }

    private static Mail held() throws Exception {
        Mail mail = FakeMail.builder().name("m1").sender("alice@sender.example").recipient("bob@acme.example").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of("acme")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        PendingReasons.add(mail, List.of("SPF_FAIL", "SCORE 80"));
        return mail;
    }

    @Test
    void serviceShouldWriteTheChecksReasonsWithTheHoldAndNotStoreThemWithTheHeldMessage() throws Exception {
        Mail mail = held();

        mailet().service(mail);

        // a release re-injects the stored message: reasons stored with it would be written a second time
        assertThat(repositories.pendingWhenHeld).containsExactly(List.of());
        assertThat(messageLog.reasons).hasSize(3).startsWith("SPF_FAIL", "SCORE 80");
        assertThat(messageLog.reasons.get(2)).startsWith("quarantine: held as acme.spam.1 (spam, kept until ");
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void serviceShouldLeaveTheReasonsOnThePartWhenItCannotBeHeld() throws Exception {
        Mail mail = held();
        repositories.failing = true;

        assertThatThrownBy(() -> mailet().service(mail)).isInstanceOf(MessagingException.class);

        assertThat(messageLog.reasons).isEmpty();
        assertThat(PendingReasons.of(mail)).containsExactly("SPF_FAIL", "SCORE 80");
    }
}
