package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops the quarantine index and indexes every message of the repositories again, as a James task. */
public class QuarantineIndexRebuildTask implements Task {
    public static final TaskType TYPE = TaskType.of("gatehouse-quarantine-index-rebuild");
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineIndexRebuildTask.class);

    /** What the rebuild found: the held messages, those indexed, the index entries dropped. */
    public record Details(long held, long indexed, long dropped, Instant timestamp) implements TaskExecutionDetails.AdditionalInformation {
    }

    private final QuarantineRepositories repositories;
    private final Clock clock;
    private final AtomicReference<QuarantineRepositories.Reconciliation> result = new AtomicReference<>();

    public QuarantineIndexRebuildTask(QuarantineRepositories repositories, Clock clock) {
        this.repositories = repositories;
        this.clock = clock;
    }

    @Override
    public Result run() {
        try {
            result.set(repositories.rebuild());
            return Result.COMPLETED;
        } catch (Exception e) {
            LOGGER.error("The quarantine index rebuild failed", e);
            return Result.PARTIAL;
        }
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        QuarantineRepositories.Reconciliation done = result.get();
        return Optional.of(done == null
            ? new Details(0, 0, 0, clock.instant())
            : new Details(done.held(), done.indexed(), done.dropped(), clock.instant()));
    }
}
