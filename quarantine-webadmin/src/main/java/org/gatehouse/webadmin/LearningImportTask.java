package org.gatehouse.webadmin;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.LearnOutcome;
import org.gatehouse.scoring.learning.MailFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the operator's model with every message of a mail folder on the server (mbox or Maildir, {@link MailFolder}),
 * under one label, as a James task: {@code /tasks/{id}} shows the counts as they grow. Each message counts once, as a
 * decision does; a message that cannot be learnt is counted as failed and the import goes on, except when the database
 * fails (the import stops there, partial, and can be run again: what it learnt is known).
 */
public class LearningImportTask implements Task {
    public static final TaskType TYPE = TaskType.of("gatehouse-learning-import");
    private static final Logger LOGGER = LoggerFactory.getLogger(LearningImportTask.class);

    /** The folder, its format and label, and the counts so far. */
    public record Details(String folder, String format, String label, long read, long learnt, long alreadyKnown, long relabelled,
                          long skipped, long failed, Instant timestamp) implements TaskExecutionDetails.AdditionalInformation {
    }

    private final BayesLearning learning;
    private final MailFolder folder;
    private final Label label;
    private final Clock clock;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong learnt = new AtomicLong();
    private final AtomicLong alreadyKnown = new AtomicLong();
    private final AtomicLong relabelled = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public LearningImportTask(BayesLearning learning, MailFolder folder, Label label, Clock clock) {
        this.learning = learning;
        this.folder = folder;
        this.label = label;
        this.clock = clock;
    }

    @Override
    public Result run() {
        try {
            boolean[] storeFailed = {false};
            folder.forEach((name, raw) -> {
                read.incrementAndGet();
                if (raw.length == 0) {
                    skipped.incrementAndGet();
                    return !Thread.currentThread().isInterrupted();
                }
                ParsedMessage message;
                try {
                    message = ParsedMessage.parse(raw);
                } catch (RuntimeException e) {
                    LOGGER.warn("Learning import: message {} of {} cannot be parsed", name, folder.path(), e);
                    failed.incrementAndGet();
                    return true;
                }
                try {
                    count(learning.learnForOperator(message, label));
                } catch (RuntimeException e) {
                    LOGGER.error("Learning import of {} stopped at message {}: the token statistics cannot be written", folder.path(), name, e);
                    failed.incrementAndGet();
                    storeFailed[0] = true;
                    return false;
                }
                return !Thread.currentThread().isInterrupted();
            });
            return storeFailed[0] || failed.get() > 0 ? Result.PARTIAL : Result.COMPLETED;
        } catch (IOException | RuntimeException e) {
            LOGGER.error("Learning import of {} failed", folder.path(), e);
            return Result.PARTIAL;
        }
    }

    private void count(LearnOutcome outcome) {
        switch (outcome) {
            case LEARNT -> learnt.incrementAndGet();
            case ALREADY_KNOWN -> alreadyKnown.incrementAndGet();
            case RELABELLED -> relabelled.incrementAndGet();
        }
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new Details(folder.path().toString(), folder.format().asString(), label.asString(), read.get(), learnt.get(),
            alreadyKnown.get(), relabelled.get(), skipped.get(), failed.get(), clock.instant()));
    }
}
