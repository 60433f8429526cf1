package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.antivirus.ScanResult;
import org.gatehouse.antivirus.VirusScanReport;
import org.gatehouse.antivirus.VirusScanner;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.QuarantineAction;
import org.gatehouse.quarantine.QuarantineActions;
import org.gatehouse.quarantine.QuarantineDecision;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.store.QuarantineAttributes;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What can be done with a held message: find it, read it, release it (exactly once, after a virus re-scan with the
 * current signatures, through the normal pipeline skipping only the check that held it), delete it or report it as
 * spam, purge what has expired. Every action is recorded once in {@code gh_quarantine_action} and in the message log,
 * and a person's decision teaches the token classifier ({@link QuarantineDecision}, {@link QuarantineLearning}).
 */
public class QuarantineService {
    /** The detail of the action recorded for a recipient's "report as spam". */
    public static final String REPORTED = "reported as spam";
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineService.class);

    /** What a release asks for. */
    public record ReleaseRequest(Optional<List<String>> recipients, boolean allowSender, boolean override) {
        public static ReleaseRequest plain() {
            return new ReleaseRequest(Optional.empty(), false, false);
        }
    }

    /** How a release or a delete ended. */
    public enum Status { RELEASED, DELETED, ALREADY_DONE, NOT_FOUND, REFUSED, VIRUS_FOUND, SCAN_FAILED }

    /** The outcome, with the words for the person who asked. */
    public record Outcome(Status status, String message, Optional<QuarantineAction> action, List<String> recipients,
                          boolean rescanned, Optional<QuarantineSenderLists.Outcome> allowList,
                          Optional<QuarantineLearning.Result> learning) {
        static Outcome of(Status status, String message) {
            return new Outcome(status, message, Optional.empty(), List.of(), false, Optional.empty(), Optional.empty());
        }
    }

    private final QuarantineRepositories repositories;
    private final QuarantineActions actions;
    private final MailQueueFactory<?> queues;
    private final Optional<VirusScanner> scanner;
    private final MessageLog messageLog;
    private final TenantDirectory directory;
    private final QuarantineSenderLists senderLists;
    private final QuarantineLearning learning;
    private final Clock clock;

    @Inject
    public QuarantineService(QuarantineRepositories repositories, QuarantineActions actions, MailQueueFactory<?> queues,
                             Optional<VirusScanner> scanner, MessageLog messageLog, TenantDirectory directory,
                             QuarantineSenderLists senderLists, QuarantineLearning learning) {
        this(repositories, actions, queues, scanner, messageLog, directory, senderLists, learning, Clock.systemUTC());
    }

    public QuarantineService(QuarantineRepositories repositories, QuarantineActions actions, MailQueueFactory<?> queues,
                             Optional<VirusScanner> scanner, MessageLog messageLog, TenantDirectory directory,
                             QuarantineSenderLists senderLists, QuarantineLearning learning, Clock clock) {
        this.repositories = repositories;
        this.actions = actions;
        this.queues = queues;
        this.scanner = scanner;
        this.messageLog = messageLog;
        this.directory = directory;
        this.senderLists = senderLists;
        this.learning = learning;
        this.clock = clock;
    }

    public QuarantineRepositories repositories() {
        return repositories;
    }

    /** Learns again the decisions whose learning failed (at every retention run); returns how many were learnt. */
    public int retryLearning() throws MessagingException {
        return learning.retry();
    }

    public QuarantinePage search(QuarantineQuery query) {
        return repositories.index().search(query);
    }

    public Optional<QuarantineRepositories.Stored> find(String id) throws MessagingException {
        return repositories.find(id);
    }

    public Optional<QuarantineAction> actionOn(String id) {
        return actions.find(id);
    }

    public synchronized Outcome release(String id, ReleaseRequest request, String actor) throws MessagingException {
        Optional<QuarantineAction> done = actions.find(id);
        if (done.isPresent()) {
            return alreadyDone(done.get());
        }
        Optional<QuarantineRepositories.Stored> stored = repositories.find(id);
        if (stored.isEmpty()) {
            return Outcome.of(Status.NOT_FOUND, "No quarantined message " + id);
        }
        QuarantineEntry entry = stored.get().entry();
        Mail mail = stored.get().mail();
        try {
            boolean virus = entry.family() == QuarantineFamily.VIRUS;
            if (virus && !request.override()) {
                return Outcome.of(Status.REFUSED, "A message held by the antivirus is released only with \"override\": true");
            }
            List<MailAddress> recipients = recipients(entry, request, virus);
            boolean rescanned = false;
            if (!virus && scanner.isPresent()) {
                VirusScanReport report = scanner.get().scan(QuarantineRepositories.raw(mail), List.of());
                rescanned = true;
                if (report.result().status() == ScanResult.Status.INFECTED) {
                    String message = "Release refused: the re-scan found " + String.join(", ", report.result().signatures());
                    log(mail, "quarantine: " + message + " (asked by " + actor + ")");
                    return new Outcome(Status.VIRUS_FOUND, message, Optional.empty(), List.of(), true, Optional.empty(), Optional.empty());
                }
                if (!report.isClean()) {
                    String message = "Release refused: the virus re-scan could not be completed (" + report.result().reason() + ")";
                    LOGGER.warn("Quarantine release of {} refused: {}", id, message);
                    return new Outcome(Status.SCAN_FAILED, message, Optional.empty(), List.of(), true, Optional.empty(), Optional.empty());
                }
            }
            Optional<Lesson> lesson = lesson(QuarantineDecision.RELEASE, entry, mail);
            QuarantineAction action = new QuarantineAction(id, entry.tenant(), QuarantineAction.Kind.RELEASED, actor,
                clock.instant(), Optional.of("to " + String.join(", ", recipients.stream().map(MailAddress::asString).toList())));
            if (!actions.claim(action)) {
                return alreadyDone(actions.find(id).orElse(action));
            }
            try {
                enqueue(mail, entry, recipients);
            } catch (MessagingException | RuntimeException e) {
                actions.withdraw(id);
                throw e;
            }
            repositories.remove(id);
            Optional<QuarantineSenderLists.Outcome> listed = Optional.empty();
            if (request.allowSender() && !entry.sender().isEmpty()) {
                listed = Optional.of(senderLists.allow(entry.tenant(), entry.sender(), actor));
            }
            Optional<QuarantineLearning.Result> learnt = learn(entry, lesson);
            log(mail, "quarantine: released by " + actor + " at " + action.at() + " " + action.detail().orElse("")
                + (rescanned ? " (virus re-scan clean)" : " (no virus scanner configured: not re-scanned)") + learnt(learnt));
            return new Outcome(Status.RELEASED, "Released", Optional.of(action),
                recipients.stream().map(MailAddress::asString).toList(), rescanned, listed, learnt);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /** An administrator's delete: what the spam or phishing checks held is learnt as spam. */
    public synchronized Outcome delete(String id, String actor) throws MessagingException {
        return remove(id, actor, QuarantineDecision.DELETE);
    }

    /**
     * A recipient's "report as spam": the message is deleted (for all its recipients, as a release goes to all of them),
     * recorded as deleted with the detail {@value #REPORTED}, and learnt as spam.
     */
    public synchronized Outcome reportSpam(String id, String actor) throws MessagingException {
        return remove(id, actor, QuarantineDecision.REPORT_SPAM);
    }

    /** Removes every entry whose retention deadline has passed, from repository and index together. */
    public int purgeExpired() throws MessagingException {
        Instant now = clock.instant();
        int purged = 0;
        for (String id : repositories.index().ids()) {
            Optional<QuarantineEntry> entry = repositories.index().get(id);
            if (entry.isPresent() && entry.get().isExpiredAt(now)) {
                if (remove(id, "retention", QuarantineDecision.PURGE).status() == Status.DELETED) {
                    purged++;
                }
            }
        }
        repositories.index().commit();
        return purged;
    }

    private synchronized Outcome remove(String id, String actor, QuarantineDecision decision) throws MessagingException {
        QuarantineAction.Kind kind = decision == QuarantineDecision.PURGE ? QuarantineAction.Kind.PURGED : QuarantineAction.Kind.DELETED;
        Optional<QuarantineAction> done = actions.find(id);
        if (done.isPresent()) {
            repositories.remove(id);
            return alreadyDone(done.get());
        }
        Optional<QuarantineRepositories.Stored> stored = repositories.find(id);
        if (stored.isEmpty()) {
            repositories.index().delete(id);
            return Outcome.of(Status.NOT_FOUND, "No quarantined message " + id);
        }
        Mail mail = stored.get().mail();
        try {
            Optional<Lesson> lesson = lesson(decision, stored.get().entry(), mail);
            QuarantineAction action = new QuarantineAction(id, stored.get().entry().tenant(), kind, actor, clock.instant(),
                decision == QuarantineDecision.REPORT_SPAM ? Optional.of(REPORTED) : Optional.empty());
            if (!actions.claim(action)) {
                return alreadyDone(actions.find(id).orElse(action));
            }
            repositories.remove(id);
            Optional<QuarantineLearning.Result> learnt = learn(stored.get().entry(), lesson);
            log(mail, "quarantine: " + kind.asString() + " by " + actor + " at " + action.at()
                + action.detail().map(detail -> " (" + detail + ")").orElse("") + learnt(learnt));
            return new Outcome(Status.DELETED, kind == QuarantineAction.Kind.PURGED ? "Purged" : "Deleted",
                Optional.of(action), List.of(), false, Optional.empty(), learnt);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static Outcome alreadyDone(QuarantineAction action) {
        return new Outcome(Status.ALREADY_DONE, "Already " + action.kind().asString() + " by " + action.actor() + " at "
            + action.at() + "; nothing done", Optional.of(action), List.of(), false, Optional.empty(), Optional.empty());
    }

    /** What a decision teaches and the held bytes, read before the action: the repository copy is gone after it. */
    private record Lesson(Label label, byte[] raw) {
    }

    private static Optional<Lesson> lesson(QuarantineDecision decision, QuarantineEntry entry, Mail mail) throws MessagingException {
        Optional<Label> label = decision.teaches(entry.family());
        return label.isPresent() ? Optional.of(new Lesson(label.get(), QuarantineRepositories.raw(mail))) : Optional.empty();
    }

    /** After the action is final: the lesson learnt (never throws; a failure is kept to be learnt again). */
    private Optional<QuarantineLearning.Result> learn(QuarantineEntry entry, Optional<Lesson> lesson) {
        return lesson.map(taught -> learning.learn(entry.tenant(), entry.id(), taught.raw(), taught.label()));
    }

    private static String learnt(Optional<QuarantineLearning.Result> learnt) {
        return learnt.map(result -> "; " + result.describe()).orElse("");
    }

    /** The original recipients, or the requested ones: each an original recipient or an address of the same tenant. */
    private List<MailAddress> recipients(QuarantineEntry entry, ReleaseRequest request, boolean virus) throws MessagingException {
        List<MailAddress> originals = new ArrayList<>();
        for (String recipient : entry.recipients()) {
            originals.add(new MailAddress(recipient));
        }
        if (request.recipients().isEmpty() || request.recipients().get().isEmpty()) {
            return originals;
        }
        Tenant tenant = directory.get(entry.tenant())
            .orElseThrow(() -> new IllegalArgumentException("The tenant " + entry.tenant().asString() + " no longer exists"));
        List<MailAddress> chosen = new ArrayList<>();
        for (String value : request.recipients().get()) {
            MailAddress address;
            try {
                address = new MailAddress(value);
            } catch (javax.mail.internet.AddressException e) {
                throw new IllegalArgumentException("recipients: '" + value + "' is not an email address");
            }
            boolean original = originals.contains(address);
            if (virus && !original) {
                throw new IllegalArgumentException("recipients: a message held by the antivirus goes only to its original recipients; "
                    + value + " is not one");
            }
            String domain = address.getDomain().asString().toLowerCase(Locale.ROOT);
            boolean sameTenant = tenant.domains().stream().map(DomainName::asString).anyMatch(domain::equals);
            if (!original && !sameTenant) {
                throw new IllegalArgumentException("recipients: " + value + " is neither an original recipient nor an address of tenant "
                    + entry.tenant().asString());
            }
            chosen.add(address);
        }
        return chosen;
    }

    /** Back into the processor of its direction, marked to skip the check that held it. */
    private void enqueue(Mail mail, QuarantineEntry entry, List<MailAddress> recipients) throws MessagingException {
        MailImpl released = MailImpl.duplicate(mail);
        released.setName("released-" + entry.id());
        released.setRecipients(recipients);
        String check = AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(QuarantineAttributes.CHECK), String.class).orElse("");
        released.setAttribute(new Attribute(AttributeName.of(QuarantineAttributes.RELEASED_FROM), AttributeValue.of(check)));
        released.setState(entry.direction().equals("outbound") ? "outbound" : "inbound");
        released.setErrorMessage(null);
        MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL)
            .orElseThrow(() -> new MessagingException("The spool queue does not exist"));
        spool.enQueue(released);
        released.dispose();
    }

    private void log(Mail mail, String reason) {
        AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(PipelineAttributes.LOG_ID), String.class)
            .ifPresent(logId -> {
                try {
                    messageLog.addReasons(logId, List.of(reason));
                } catch (RuntimeException e) {
                    LOGGER.warn("Cannot record '{}' in the message log", reason, e);
                }
            });
    }
}
