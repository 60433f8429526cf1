package org.gatehouse.webadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases or deletes every entry a quarantine search matches, as a James task ({@code /tasks/{id}} shows the
 * counts as they grow). A bulk release never releases what the antivirus held: those are counted as skipped. Each
 * release or delete teaches the token classifier as a single one does; {@code learnt} and {@code learningFailed} count
 * the messages learnt and those kept to be learnt again.
 */
public class QuarantineBulkTask implements Task {
    public static final TaskType TYPE = TaskType.of("gatehouse-quarantine-bulk");
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineBulkTask.class);
    private static final int PAGE = 200;

    /** What the task does to each match. */
    public enum Operation {
        RELEASE, DELETE;

        public String asString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The counts so far, and the tenant the task runs over (none: every tenant, an operator's). A task shows in
     * {@code /tasks} to the accounts of its tenant ({@link TenantTasks}).
     */
    public record Details(String operation, String query, Optional<TenantId> tenant, long matched, long done, long alreadyDone,
                          long skipped, long failed, long learnt, long learningFailed, Instant timestamp)
        implements TaskExecutionDetails.AdditionalInformation {
    }

    private final QuarantineService service;
    private final QuarantineQuery query;
    private final String queryDescription;
    private final Operation operation;
    private final String actor;
    private final Clock clock;
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong alreadyDone = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong learnt = new AtomicLong();
    private final AtomicLong learningFailed = new AtomicLong();

    public QuarantineBulkTask(QuarantineService service, QuarantineQuery query, String queryDescription, Operation operation,
                              String actor, Clock clock) {
        this.service = service;
        this.query = query;
        this.queryDescription = queryDescription;
        this.operation = operation;
        this.actor = actor;
        this.clock = clock;
    }

    @Override
    public Result run() {
        // the matches are listed first: acting on an entry takes it out of the index and would shift the pages
        java.util.List<QuarantineEntry> matches = new java.util.ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            QuarantinePage page = service.search(query.page(offset, PAGE));
            matches.addAll(page.items());
            matched.set(page.total());
            if (page.items().size() < PAGE) {
                break;
            }
        }
        matches.forEach(this::apply);
        return failed.get() == 0 ? Result.COMPLETED : Result.PARTIAL;
    }

    private void apply(QuarantineEntry entry) {
        if (operation == Operation.RELEASE && entry.family() == QuarantineFamily.VIRUS) {
            skipped.incrementAndGet();
            return;
        }
        try {
            QuarantineService.Outcome outcome = operation == Operation.RELEASE
                ? service.release(entry.id(), QuarantineService.ReleaseRequest.plain(), actor)
                : service.delete(entry.id(), actor);
            switch (outcome.status()) {
                case RELEASED, DELETED -> done.incrementAndGet();
                case ALREADY_DONE -> alreadyDone.incrementAndGet();
                case NOT_FOUND, REFUSED -> skipped.incrementAndGet();
                default -> failed.incrementAndGet();
            }
            // a failed learning is kept and retried by the service; the task only counts it
            outcome.learning().ifPresent(learning -> (learning.outcome().isPresent() ? learnt : learningFailed).incrementAndGet());
        } catch (Exception e) {
            LOGGER.warn("Bulk quarantine {} of {} failed", operation.asString(), entry.id(), e);
            failed.incrementAndGet();
        }
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new Details(operation.asString(), queryDescription, query.tenant(), matched.get(), done.get(), alreadyDone.get(),
            skipped.get(), failed.get(), learnt.get(), learningFailed.get(), clock.instant()));
    }
}
