package org.gatehouse.webadmin;

import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.LearnOutcome;
import org.gatehouse.scoring.learning.LearningFeedback;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Teaches the token classifier a quarantine decision with the bytes the quarantine holds ({@link LearningFeedback},
 * which counts a message once). A release or delete never waits on it: when learning fails (the database is down), a
 * copy of the message waits in a mail repository of its own ({@value #DEFAULT_URL}) and is learnt again at every
 * retention run, so that no decision is lost.
 */
public class QuarantineLearning {
    public static final String DEFAULT_URL = "file://var/mail/learning-backlog/";
    static final AttributeName TENANT = AttributeName.of("org.gatehouse.learning.tenant");
    static final AttributeName LABEL = AttributeName.of("org.gatehouse.learning.label");
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineLearning.class);

    /**
     * What learning one decision did.
     *
     * @param outcome what the tenant's statistics changed; empty when learning failed
     * @param failure why learning failed
     * @param retried whether the message waits in the backlog to be learnt again
     */
    public record Result(Label label, Optional<LearnOutcome> outcome, Optional<String> failure, boolean retried) {
        /** {@code learnt}, {@code alreadyKnown}, {@code relabelled}, or {@code failed}. */
        public String status() {
            return outcome.map(learnt -> switch (learnt) {
                case LEARNT -> "learnt";
                case ALREADY_KNOWN -> "alreadyKnown";
                case RELABELLED -> "relabelled";
            }).orElse("failed");
        }

        /** For the message log: {@code learnt as spam}, {@code learning as ham failed (...); retried later}. */
        public String describe() {
            return outcome.map(learnt -> "learnt as " + label.asString() + (learnt == LearnOutcome.ALREADY_KNOWN ? " (already known)" : ""))
                .orElse("learning as " + label.asString() + " failed (" + failure.orElse("") + ")"
                    + (retried ? "; retried at the next retention run" : ""));
        }
    }

    private final MailRepositoryStore store;
    private final LearningFeedback feedback;
    private final MailRepositoryUrl backlog;

    @Inject
    public QuarantineLearning(MailRepositoryStore store, LearningFeedback feedback) {
        this(store, feedback, DEFAULT_URL);
    }

    public QuarantineLearning(MailRepositoryStore store, LearningFeedback feedback, String backlogUrl) {
        this.store = store;
        this.feedback = feedback;
        this.backlog = MailRepositoryUrl.from(backlogUrl);
    }

    /**
     * Learns the held message now; when that fails, keeps a copy to learn at the next {@link #retry()}. Never throws.
     *
     * @param entryId the quarantine entry the bytes were held as, for logs and the backlog's names
     * @param raw the message as the quarantine held it
     */
    public Result learn(TenantId tenant, String entryId, byte[] raw, Label label) {
        try {
            return new Result(label, Optional.of(feedback.learn(tenant, raw, label)), Optional.empty(), false);
        } catch (TenantService.UnknownTenantException e) {
            return new Result(label, Optional.empty(), Optional.of("the tenant no longer exists"), false);
        } catch (RuntimeException e) {
            LOGGER.warn("Learning quarantined message {} as {} failed; kept to be learnt again", entryId, label.asString(), e);
            return new Result(label, Optional.empty(), Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()),
                defer(tenant, entryId, raw, label));
        }
    }

    private boolean defer(TenantId tenant, String entryId, byte[] raw, Label label) {
        try {
            MailImpl copy = MailImpl.builder()
                .name("learn-" + label.asString() + "-" + entryId)
                .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)))
                .addAttribute(new Attribute(TENANT, AttributeValue.of(tenant.asString())))
                .addAttribute(new Attribute(LABEL, AttributeValue.of(label.asString())))
                .build();
            try {
                repository().store(copy);
            } finally {
                copy.dispose();
            }
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("Cannot keep quarantined message {} to learn it later: the decision is not learnt", entryId, e);
            return false;
        }
    }

    /**
     * Learns the messages whose learning failed before, and forgets each one learnt (or whose tenant is gone, or that
     * names no readable tenant or label). Stops
     * at the first failure: the database is still unavailable. Returns how many were learnt.
     */
    public int retry() throws MessagingException {
        MailRepository repository = repository();
        int learnt = 0;
        Iterator<MailKey> keys = repository.list();
        while (keys.hasNext()) {
            MailKey key = keys.next();
            Mail mail = repository.retrieve(key);
            if (mail == null) {
                continue;
            }
            try {
                Optional<TenantId> tenant = readable(text(mail, TENANT), TenantId::of);
                Optional<Label> label = readable(text(mail, LABEL), value -> Label.parse("label", value));
                if (tenant.isPresent() && label.isPresent()) {
                    feedback.learn(tenant.get(), QuarantineRepositories.raw(mail), label.get());
                    learnt++;
                } else {
                    // not an entry this code wrote (no readable tenant or label): it could never be learnt, and must
                    // not hold back the entries after it
                    LOGGER.warn("Learning backlog entry {} has no readable tenant or label; dropped", key.asString());
                }
                repository.remove(key);
            } catch (TenantService.UnknownTenantException e) {
                repository.remove(key);
            } catch (RuntimeException e) {
                LOGGER.warn("Learning the decisions kept for later still fails ({} left); retried at the next run", repository.size(), e);
                return learnt;
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return learnt;
    }

    /** Messages waiting to be learnt again. */
    public long waiting() throws MessagingException {
        return repository().size();
    }

    private static <T> Optional<T> readable(Optional<String> value, Function<String, T> parse) {
        try {
            return value.map(parse);
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class).map(value -> value.toLowerCase(Locale.ROOT));
    }

    private MailRepository repository() throws MessagingException {
        try {
            return store.select(backlog);
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new MessagingException("Cannot open the learning backlog " + backlog.asString(), e);
        }
    }
}
