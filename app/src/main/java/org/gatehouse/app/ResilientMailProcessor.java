package org.gatehouse.app;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.mailets.PendingRecords;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.pipeline.PipelineAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail processor the spooler runs, around James's: no message can stop the spooler. James's mailet container
 * sends a mailet's {@code Exception} to the {@code error} processor, but an {@code Error} (a {@code StackOverflowError}
 * on a hostile MIME tree, say) escapes it and the spooler, leaving the mail unacknowledged in the queue for ever, and
 * taken again after every restart. Here any such failure sends the mail to the {@code error} processor with the reason
 * (kept in {@code var/mail/error}, recorded in the message log); when even that fails, the mail's bytes as received
 * (with the headers added so far) are stored in the error repository directly. An {@code Exception} that escaped James
 * is retried as James does, {@value JamesMailSpooler#MAXIMUM_FAILURE_COUNT} times, and then goes the same way. Only
 * when nothing can be stored does the failure reach the spooler, which keeps the mail queued: nothing is lost.
 */
public class ResilientMailProcessor implements MailProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ResilientMailProcessor.class);
    /** Why the mail was sent to the error processor (also its error message). */
    public static final AttributeName FAILURE = AttributeName.of("org.gatehouse.processingFailure");

    private final MailProcessor pipeline;
    private final MailRepositoryStore repositories;
    private final MailRepositoryUrl errorRepository;
    private final MessageLog messageLog;
    private final Clock clock;

    public ResilientMailProcessor(MailProcessor pipeline, MailRepositoryStore repositories, MailRepositoryUrl errorRepository,
                                  MessageLog messageLog, Clock clock) {
        this.pipeline = pipeline;
        this.repositories = repositories;
        this.errorRepository = errorRepository;
        this.messageLog = messageLog;
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            pipeline.service(mail);
        } catch (Exception e) {
            int attempts = previousFailures(mail) + 1;
            if (attempts <= JamesMailSpooler.MAXIMUM_FAILURE_COUNT) {
                throw e;
            }
            toError(mail, "processing failed " + attempts + " times, last: " + describe(e));
        } catch (Throwable t) {
            toError(mail, "processing failed: " + describe(t));
        }
    }

    private static int previousFailures(Mail mail) {
        return mail.getAttribute(JamesMailSpooler.MAIL_PROCESSING_ERROR_COUNT)
            .flatMap(attribute -> attribute.getValue().valueAs(Integer.class))
            .orElse(0);
    }

    private void toError(Mail mail, String reason) throws MessagingException {
        LOGGER.error("Mail {} from {} goes to the error processor: {}", mail.getName(), mail.getMaybeSender().asString("<>"), reason);
        mail.setAttribute(new Attribute(FAILURE, AttributeValue.of(reason)));
        mail.setErrorMessage(reason);
        mail.setState(Mail.ERROR);
        try {
            pipeline.service(mail);
            return;
        } catch (Throwable errorProcessing) {
            LOGGER.error("The error processor failed on mail {} too ({}): storing it as received", mail.getName(), describe(errorProcessing));
        }
        try {
            storeAsReceived(mail, reason);
        } catch (Exception e) {
            // the spooler keeps it queued and tries again later: never lost
            throw new MessagingException("mail " + mail.getName() + " could not be stored in the error repository", e);
        }
    }

    /** The mail's bytes (headers as they are now, body as received) in the error repository, and the fact in the log. */
    private void storeAsReceived(Mail mail, String reason) throws Exception {
        MimeMessage message = mail.getMessage();
        MimeMessageInputStreamSource source;
        if (message instanceof MimeMessageWrapper wrapper) {
            // headers as they are now, body as received: no MIME rewriting, which is what may have failed
            try (InputStream in = wrapper.getMessageInputStream()) {
                source = MimeMessageInputStreamSource.create("error-" + mail.getName(), in);
            }
        } else {
            source = MimeMessageInputStreamSource.create("error-" + mail.getName());
            try (OutputStream out = source.getWritableOutputStream()) {
                message.writeTo(out);
            }
        }
        Mail copy = MailImpl.builder()
            .name(mail.getName())
            .sender(mail.getMaybeSender())
            .addRecipients(List.copyOf(mail.getRecipients()))
            .addAttributes(mail.attributes().toList())
            .mimeMessage(new MimeMessageWrapper(source))
            .state(Mail.ERROR)
            .errorMessage(reason)
            .remoteAddr(mail.getRemoteAddr())
            .remoteHost(mail.getRemoteHost())
            .build();
        repositories.select(errorRepository).store(copy);
        recordKept(mail, reason);
    }

    private void recordKept(Mail mail, String reason) {
        try {
            List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
            String logId = mail.getAttribute(AttributeName.of(PipelineAttributes.LOG_ID))
                .map(attribute -> String.valueOf(attribute.getValue().value()))
                .orElseGet(() -> {
                    String id = UUID.randomUUID().toString();
                    messageLog.record(MessageRecord.received(id, clock.instant(), Direction.SYSTEM, Optional.empty(),
                        mail.getMaybeSender().asString(""), recipients, Optional.ofNullable(mail.getRemoteAddr()),
                        Optional.empty(), 0, Optional.empty()));
                    return id;
                });
            // records given at routing and not on file yet: written before their disposition
            PendingRecords.write(mail, messageLog);
            String detail = reason + "; kept in " + errorRepository.asString();
            messageLog.updateRecipients(logId, recipients, Disposition.QUARANTINED, Optional.of(detail));
            messageLog.addReasons(logId, List.of("error: " + detail));
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record in the message log that mail {} is kept in the error repository", mail.getName(), e);
        }
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
