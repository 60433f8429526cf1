package org.gatehouse.webadmin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.json.DTOConverter;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.apache.james.task.TaskNotFoundException;
import org.apache.james.webadmin.dto.DTOModuleInjections;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;

import spark.Request;
import spark.Response;
import spark.Spark;

/**
 * James's {@code /tasks} as an account below the operator sees it: only the tasks that run over one of its tenants (a bulk
 * quarantine release or delete, {@link QuarantineBulkTask.Details#tenant()}). The list is James's own answer over those
 * tasks, so its filters, offset and limit work as documented; a task of another tenant, or of none (James's own, the
 * index rebuild, an operator's bulk task over every tenant), answers 404 as a missing one does, before
 * {@code /await} waits or {@code DELETE} cancels it. The authentication filter calls {@link #narrow} for every
 * {@code /tasks} request of such an account, so the narrowing cannot be left out.
 */
public class TenantTasks {
    private static final Pattern ONE_TASK = Pattern.compile("^/tasks/([^/]+)(/await)?/?$");

    private final TaskManager taskManager;
    private final JsonTransformer jsonTransformer;
    private final DTOConverter<TaskExecutionDetails.AdditionalInformation, AdditionalInformationDTO> converter;

    @Inject
    public TenantTasks(TaskManager taskManager, JsonTransformer jsonTransformer,
                       @Named(DTOModuleInjections.WEBADMIN_DTO) DTOConverter<TaskExecutionDetails.AdditionalInformation, AdditionalInformationDTO> converter) {
        this.taskManager = taskManager;
        this.jsonTransformer = jsonTransformer;
        this.converter = converter;
    }

    /** Whether an account sees a task: an operator every task, another account those over one of its tenants. */
    public static boolean visible(Account account, TaskExecutionDetails details) {
        if (account.role() == Role.OPERATOR) {
            return true;
        }
        return tenant(details).map(account::actsFor).orElse(false);
    }

    private static Optional<TenantId> tenant(TaskExecutionDetails details) {
        return details.getAdditionalInformation()
            .filter(QuarantineBulkTask.Details.class::isInstance)
            .map(QuarantineBulkTask.Details.class::cast)
            .flatMap(QuarantineBulkTask.Details::tenant);
    }

    /**
     * Answers the list with the account's tasks only (a halt), or lets a request for one visible task through to
     * James's route. Otherwise it gives the refusal to answer, which the caller records: 404 for another tenant's task,
     * 403 for a read-only account's cancellation of its own.
     */
    Optional<AccessRules.Decision> narrow(Account account, Request request, Response response) throws Exception {
        String path = Optional.ofNullable(request.pathInfo()).orElse("");
        if (account.role() != Role.OPERATOR && (path.equals("/tasks") || path.equals("/tasks/"))) {
            TasksRoutes scoped = new TasksRoutes(new Scoped(taskManager, account), jsonTransformer, converter);
            Object answer = scoped.list(request, response);
            response.type("application/json");
            Spark.halt(HttpStatus.OK_200, jsonTransformer.render(answer));
        }
        Matcher one = ONE_TASK.matcher(path);
        if (!one.matches()) {
            return Optional.empty();
        }
        TaskId id;
        try {
            id = TaskId.fromString(one.group(1));
        } catch (IllegalArgumentException e) {
            // James's route answers an invalid id with 400
            return Optional.empty();
        }
        try {
            TaskExecutionDetails details = taskManager.getExecutionDetails(id);
            // the audit record of a cancellation names the task's tenant
            tenant(details).ifPresent(tenant -> request.attribute(AuditTrail.TENANT, tenant.asString()));
            if (visible(account, details)) {
                boolean cancel = "DELETE".equals(request.requestMethod());
                return cancel && !account.role().isAtLeast(Role.HELPDESK) ? Optional.of(AccessRules.Decision.FORBIDDEN) : Optional.empty();
            }
        } catch (TaskNotFoundException e) {
            // answered as a foreign one is, below
        }
        return Optional.of(AccessRules.Decision.notFound(id.getValue() + " can not be found"));
    }

    /** The task manager as one account sees it, for James's list route. */
    private static final class Scoped implements TaskManager {
        private final TaskManager delegate;
        private final Account account;

        private Scoped(TaskManager delegate, Account account) {
            this.delegate = delegate;
            this.account = account;
        }

        @Override
        public TaskId submit(Task task) {
            throw new UnsupportedOperationException("the scoped view only lists");
        }

        @Override
        public TaskExecutionDetails getExecutionDetails(TaskId id) {
            TaskExecutionDetails details = delegate.getExecutionDetails(id);
            if (!visible(account, details)) {
                throw new TaskNotFoundException();
            }
            return details;
        }

        @Override
        public List<TaskExecutionDetails> list() {
            return delegate.list().stream().filter(details -> visible(account, details)).toList();
        }

        @Override
        public List<TaskExecutionDetails> list(Status status) {
            return delegate.list(status).stream().filter(details -> visible(account, details)).toList();
        }

        @Override
        public void cancel(TaskId id) {
            throw new UnsupportedOperationException("the scoped view only lists");
        }

        @Override
        public TaskExecutionDetails await(TaskId id, Duration timeout) {
            throw new UnsupportedOperationException("the scoped view only lists");
        }
    }
}
