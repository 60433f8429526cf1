package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;

class InPlaceProcessingTest {
    private final FakeMailContext james = FakeMailContext.defaultContext();
    private final List<String> processed = new ArrayList<>();

    private Mail mail() throws MessagingException {
        return FakeMail.builder().name("m1").sender("a@sender.test").recipient("b@tenant.test").state("transport").build();
    }

    @Test
    void sendMailShouldRunTheProcessorInPlaceWhenTheStateIsOnSuccess() throws Exception {
        MailProcessor processor = mail -> processed.add(mail.getState() + " " + mail.getRecipients());
        InPlaceProcessing context = new InPlaceProcessing(james, "delivered", () -> processor);

        context.sendMail(mail(), "delivered");

        assertThat(processed).containsExactly("delivered [b@tenant.test]");
        assertThat(james.getSentMails()).isEmpty();
    }

    @Test
    void sendMailShouldGoThroughTheSpoolWhenTheProcessorThrows() throws Exception {
        MailProcessor processor = mail -> {
            throw new MessagingException("MailProcessor for state delivered not found");
        };
        InPlaceProcessing context = new InPlaceProcessing(james, "delivered", () -> processor);

        context.sendMail(mail(), "delivered");

        assertThat(james.getSentMails()).singleElement().satisfies(sent -> assertThat(sent.getState()).isEqualTo("delivered"));
    }

    @Test
    void sendMailShouldGoThroughTheSpoolWhenTheStateIsAnother() throws Exception {
        MailProcessor processor = mail -> processed.add(mail.getState());
        InPlaceProcessing context = new InPlaceProcessing(james, "delivered", () -> processor);

        context.sendMail(mail(), "bounces");

        assertThat(processed).isEmpty();
        assertThat(james.getSentMails()).singleElement().satisfies(sent -> assertThat(sent.getState()).isEqualTo("bounces"));
    }

    @Test
    void sendMailShouldLeaveTheCallersMailAsItWasWhenProcessedInPlace() throws Exception {
        MailProcessor processor = mail -> mail.setState(Mail.GHOST);
        InPlaceProcessing context = new InPlaceProcessing(james, "delivered", () -> processor);
        Mail mail = mail();

        context.sendMail(mail, "delivered");

        assertThat(mail.getState()).isEqualTo("transport");
    }
}
