package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplySenderVerdictTest {
    private RecordingMessageLog messageLog;
    private ApplySenderVerdict mailet;

    @BeforeEach
    void setUp() throws Exception {
        messageLog = new RecordingMessageLog();
        // the quarantine store and the directory are for redirect, copy and strip: actions the sender policy does not take
        mailet = new ApplySenderVerdict(new SenderSettings("mx.gatehouse.test", Duration.ofSeconds(5)),
            new ActionExecutor(messageLog, null, null));
        mailet.init(FakeMailetConfig.builder().mailetName("ApplySenderVerdict").build());
    }

    private static Mail mail(Optional<Verdict> verdict, boolean fromSmtp) throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .addHeader("Authentication-Results", "mx.gatehouse.test; spf=pass smtp.mailfrom=forged.example")
            .addHeader("Authentication-Results", "other.example; spf=none")
            .setSubject("Hello")
            .setText("body")
            .build();
        FakeMail mail = FakeMail.builder().name("m1").mimeMessage(message).recipient("bob@acme.example").state("inbound").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of("acme")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        if (fromSmtp) {
            mail.setAttribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("session-1")));
        }
        verdict.ifPresent(value -> mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SENDER_VERDICTS),
            AttributeValue.of(VerdictJson.write(Map.of("acme", value))))));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.AUTHENTICATION_RESULTS),
            AttributeValue.of("spf=fail smtp.mailfrom=sender.example\ndmarc=fail header.from=sender.example")));
        return mail;
    }

    private static Verdict verdict(Optional<Action> action) {
        return Verdict.of(List.of(new Finding("SPF_FAIL", "spf", "fail", 20, action, "sender.example does not authorize 192.0.2.1")));
    }

    @Test
    void serviceShouldReplaceForgedResultsAndRecordTheFindings() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.empty())), true);

        mailet.service(mail);

        String[] results = mail.getMessage().getHeader("Authentication-Results");
        assertThat(results).hasSize(2);
        assertThat(results).anySatisfy(value -> assertThat(value).isEqualTo("other.example; spf=none"));
        assertThat(results).anySatisfy(value -> assertThat(value)
            .isEqualTo("mx.gatehouse.test;\r\n\tspf=fail smtp.mailfrom=sender.example;\r\n\tdmarc=fail header.from=sender.example"));
        assertThat(PendingReasons.of(mail)).containsExactly("SPF_FAIL (spf=fail, +20): sender.example does not authorize 192.0.2.1");
        assertThat(mail.getState()).isEqualTo("inbound");
    }

    @Test
    void serviceShouldTagWithTheRuleIds() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.of(Action.TAG))), true);

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(ApplySenderVerdict.SENDER_HEADER)).containsExactly("SPF_FAIL");
        assertThat(mail.getMessage().getSubject()).isEqualTo("Hello");
    }

    @Test
    void serviceShouldPrefixTheSubjectWhenTheActionSaysSo() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.of(Action.TAG_SUBJECT))), true);

        mailet.service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[SUSPICIOUS] Hello");
    }

    @Test
    void serviceShouldQuarantineWhenTheActionSaysSo() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.of(Action.QUARANTINE))), true);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).contains("SPF_FAIL");
    }

    @Test
    void serviceShouldQuarantineARefusalThatCouldNotBeGivenAtSmtp() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.of(Action.BLOCK))), true);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
    }

    @Test
    void serviceShouldQuarantineSmtpMailWithoutAVerdict() throws Exception {
        Mail mail = mail(Optional.empty(), true);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).contains("SENDER_UNVERIFIED");
    }

    @Test
    void serviceShouldLeaveMailTheGatewayGeneratedUntouched() throws Exception {
        Mail mail = mail(Optional.empty(), false);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("inbound");
        assertThat(mail.getMessage().getHeader("Authentication-Results")).hasSize(2);
    }

    @Test
    void serviceShouldTagAMultipartWithoutItsStartBoundaryInsteadOfFailing() throws Exception {
        Mail mail = mail(Optional.of(verdict(Optional.of(Action.TAG_SUBJECT))), true);
        mail.setMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
            "Authentication-Results: mx.gatehouse.test; spf=pass smtp.mailfrom=forged.example\r\nSubject: Hello\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\nno start boundary\r\n")
            .getBytes(StandardCharsets.US_ASCII))));

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement().asString()
            .startsWith("mx.gatehouse.test;").contains("spf=fail smtp.mailfrom=sender.example");
        assertThat(mail.getMessage().getHeader(ApplySenderVerdict.SENDER_HEADER)).containsExactly("SPF_FAIL");
        assertThat(mail.getMessage().getSubject()).isEqualTo("[SUSPICIOUS] Hello");
        assertThat(mail.getState()).isEqualTo("inbound");
    }
}
