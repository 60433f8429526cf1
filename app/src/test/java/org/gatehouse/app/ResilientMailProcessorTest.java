package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.junit.jupiter.api.Test;

class ResilientMailProcessorTest {
    private static final MailRepositoryUrl ERROR = MailRepositoryUrl.from("memory://var/mail/error/");

    /** Fails with the given throwables, one per call, then succeeds; records each state it was called in. */
    private static final class Pipeline implements MailProcessor {
        private final List<Throwable> failures;
        final List<String> states = new ArrayList<>();

        Pipeline(Throwable... failures) {
            this.failures = new ArrayList<>(List.of(failures));
        }

        @Override
        public void service(Mail mail) throws MessagingException {
            states.add(mail.getState());
            if (failures.isEmpty()) {
                return;
            }
            Throwable failure = failures.remove(0);
            if (failure instanceof MessagingException checked) {
                throw checked;
            }
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw (Error) failure;
        }
    }

    private static final class Repositories implements MailRepositoryStore {
        final MemoryMailRepository repository = new MemoryMailRepository();
        boolean broken;

        @Override
        public MailRepository select(MailRepositoryUrl url) throws MailRepositoryStoreException {
            if (broken) {
                throw new MailRepositoryStoreException("disk gone");
            }
            return repository;
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.of(new Protocol("memory"));
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.of(repository);
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return Stream.of(repository);
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return Stream.of(ERROR);
        }
    }

    private final Repositories repositories = new Repositories();
    private final RecordingMessageLog log = new RecordingMessageLog();

    private ResilientMailProcessor processor(Pipeline pipeline) {
        return new ResilientMailProcessor(pipeline, repositories, ERROR, log, Clock.systemUTC());
    }

    private static Mail mail() throws Exception {
        return MailImpl.builder().name("mail1").sender("alice@sender.test").addRecipient("bob@acme.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body")).build();
    }

    @Test
    void serviceShouldRunThePipelineOnceWhenNothingFails() throws Exception {
        Pipeline pipeline = new Pipeline();

        processor(pipeline).service(mail());

        assertThat(pipeline.states).containsExactly(Mail.DEFAULT);
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWithTheReasonWhenAMailetDiesWithAnError() throws Exception {
        Pipeline pipeline = new Pipeline(new StackOverflowError("deep"));
        Mail mail = mail();

        processor(pipeline).service(mail);

        assertThat(pipeline.states).containsExactly(Mail.DEFAULT, Mail.ERROR);
        assertThat(mail.getErrorMessage()).isEqualTo("processing failed: StackOverflowError: deep");
        assertThat(mail.getAttribute(ResilientMailProcessor.FAILURE)).isPresent();
        assertThat(repositories.repository.size()).isZero();
    }

    @Test
    void serviceShouldStoreTheMailAsReceivedAndLogItWhenTheErrorProcessorFailsToo() throws Exception {
        Pipeline pipeline = new Pipeline(new StackOverflowError("deep"), new OutOfMemoryError("again"));

        processor(pipeline).service(mail());

        assertThat(repositories.repository.size()).isEqualTo(1);
        Mail kept = repositories.repository.retrieve(repositories.repository.list().next());
        assertThat(kept.getName()).isEqualTo("mail1");
        assertThat(kept.getErrorMessage()).contains("StackOverflowError");
        assertThat(kept.getMessage().getSubject()).isEqualTo("hello");
        assertThat(log.dispositions).containsExactly(Map.entry("bob@acme.example", Disposition.QUARANTINED));
        assertThat(log.details).singleElement().asString().contains("StackOverflowError", "kept in memory://var/mail/error");
    }

    @Test
    void serviceShouldLetJamesRetryWhenAnExceptionEscapesFewerTimesThanTheMaximum() throws Exception {
        Pipeline pipeline = new Pipeline(new MessagingException("database down"));

        assertThatThrownBy(() -> processor(pipeline).service(mail())).isInstanceOf(MessagingException.class).hasMessage("database down");
        assertThat(pipeline.states).containsExactly(Mail.DEFAULT);
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenAnExceptionEscapesOnceMoreThanTheMaximum() throws Exception {
        Pipeline pipeline = new Pipeline(new MessagingException("database down"));
        Mail mail = mail();
        mail.setAttribute(new Attribute(JamesMailSpooler.MAIL_PROCESSING_ERROR_COUNT, AttributeValue.of(JamesMailSpooler.MAXIMUM_FAILURE_COUNT)));

        processor(pipeline).service(mail);

        assertThat(pipeline.states).containsExactly(Mail.DEFAULT, Mail.ERROR);
        assertThat(mail.getErrorMessage()).isEqualTo("processing failed 6 times, last: MessagingException: database down");
    }

    @Test
    void serviceShouldLeaveTheMailToTheSpoolerWhenNothingCanBeStored() throws Exception {
        Pipeline pipeline = new Pipeline(new StackOverflowError("deep"), new StackOverflowError("again"));
        repositories.broken = true;

        assertThatThrownBy(() -> processor(pipeline).service(mail())).isInstanceOf(MessagingException.class)
            .hasMessageContaining("could not be stored in the error repository");
    }
}
