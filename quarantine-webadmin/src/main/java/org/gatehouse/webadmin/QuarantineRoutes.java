package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.author;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Header;
import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.quarantine.QuarantineAction;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The quarantine over WebAdmin: search, read, download, release, delete, and bulk release/delete as a task.
 * See docs/quarantine.md.
 */
public class QuarantineRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/quarantine";
    private static final int PREVIEW_CHARACTERS = 4000;

    private final QuarantineService service;
    private final QuarantineDigests digests;
    private final TaskManager taskManager;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public QuarantineRoutes(QuarantineService service, QuarantineDigests digests, TaskManager taskManager, JsonTransformer jsonTransformer) {
        this.service = service;
        this.digests = digests;
        this.taskManager = taskManager;
        this.jsonTransformer = jsonTransformer;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service http) {
        defineSearch(http);
        defineBulk(http);
        defineIndexRebuild(http);
        defineDigests(http);
        defineShow(http);
        defineEml(http);
        defineRelease(http);
        defineDelete(http);
    }

    private void defineSearch(Service http) {
        http.get(BASE_PATH, handled((request, response) -> {
            QuarantinePage page = service.search(query(request));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("total", page.total());
            json.put("items", page.items().stream().map(QuarantineRoutes::summary).toList());
            return json;
        }), jsonTransformer);
    }

    private void defineBulk(Service http) {
        TaskFromRequest bulk = request -> {
            String action = MessageLogRoutes.text(request, "action")
                .orElseThrow(() -> new InvalidFieldException("action", "is required: release or delete"));
            QuarantineBulkTask.Operation operation = switch (action) {
                case "release" -> QuarantineBulkTask.Operation.RELEASE;
                case "delete" -> QuarantineBulkTask.Operation.DELETE;
                default -> throw new InvalidFieldException("action", "must be release or delete; got '" + action + "'");
            };
            QuarantineQuery query = query(request).page(0, QuarantineQuery.MAX_LIMIT);
            String description = Optional.ofNullable(request.queryString()).orElse("");
            return new QuarantineBulkTask(service, query, description, operation, author(request), clock);
        };
        http.post(BASE_PATH, handled(bulk.asRoute(taskManager)), jsonTransformer);
    }

    private void defineIndexRebuild(Service http) {
        TaskFromRequest rebuild = request -> {
            if (!"rebuild".equals(request.queryParams("action"))) {
                throw new InvalidFieldException("action", "must be rebuild");
            }
            return new QuarantineIndexRebuildTask(service.repositories(), clock);
        };
        http.post(BASE_PATH + "/index", handled(rebuild.asRoute(taskManager)), jsonTransformer);
    }

    /** Sends the digests that are due now, without waiting for the schedule's next run. */
    private void defineDigests(Service http) {
        http.post(BASE_PATH + "/digests", handled((request, response) -> Map.of("sent", digests.sendDue())), jsonTransformer);
    }

    private void defineShow(Service http) {
        http.get(BASE_PATH + "/:id", handled((request, response) -> {
            String id = request.params("id");
            QuarantineRepositories.Stored stored = stored(id);
            try {
                Map<String, Object> json = summary(stored.entry());
                QuarantineEntry entry = stored.entry();
                json.put("family", entry.family().asString());
                json.put("direction", entry.direction());
                json.put("clientIp", entry.clientIp());
                entry.category().ifPresent(category -> json.put("category", category));
                json.put("explanation", entry.explanation());
                json.put("retainUntil", entry.retainUntil().toString());
                List<Map<String, String>> headers = new ArrayList<>();
                Enumeration<Header> all = stored.mail().getMessage().getAllHeaders();
                while (all.hasMoreElements()) {
                    Header header = all.nextElement();
                    headers.add(Map.of("name", header.getName(), "value", neutralise(header.getValue())));
                }
                json.put("headers", headers);
                String text = neutralise(ParsedMessage.parse(QuarantineRepositories.raw(stored.mail())).readableText());
                json.put("preview", text.length() > PREVIEW_CHARACTERS ? text.substring(0, PREVIEW_CHARACTERS) : text);
                return json;
            } finally {
                LifecycleUtil.dispose(stored.mail());
            }
        }), jsonTransformer);
    }

    private void defineEml(Service http) {
        http.get(BASE_PATH + "/:id/eml", handled((request, response) -> {
            QuarantineRepositories.Stored stored = stored(request.params("id"));
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                stored.mail().getMessage().writeTo(out);
                response.type("message/rfc822");
                response.header("Content-Disposition", "attachment; filename=\"" + stored.entry().id() + ".eml\"");
                response.raw().getOutputStream().write(out.toByteArray());
                response.raw().getOutputStream().flush();
                return "";
            } catch (IOException e) {
                throw new MessagingException("Cannot write the message", e);
            } finally {
                LifecycleUtil.dispose(stored.mail());
            }
        }));
    }

    private void defineRelease(Service http) {
        http.post(BASE_PATH + "/:id/release", handled((request, response) -> {
            QuarantineService.ReleaseRequest release = releaseRequest(request);
            if (release.allowSender() && !GatehouseRoutesSupport.mayChangeSenderLists(request)) {
                throw ErrorResponder.builder().statusCode(HttpStatus.FORBIDDEN_403).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("'allowSender' changes the tenant's allow list: a tenant administrator's decision, not a helpdesk's").haltError();
            }
            QuarantineService.Outcome outcome;
            try {
                outcome = service.release(request.params("id"), release, author(request));
            } catch (IllegalArgumentException e) {
                throw ErrorResponder.builder().statusCode(HttpStatus.BAD_REQUEST_400)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(e.getMessage()).haltError();
            }
            return answer(response, outcome);
        }), jsonTransformer);
    }

    private void defineDelete(Service http) {
        http.delete(BASE_PATH + "/:id", handled((request, response) ->
            answer(response, service.delete(request.params("id"), author(request)))), jsonTransformer);
    }

    private static Object answer(Response response, QuarantineService.Outcome outcome) {
        switch (outcome.status()) {
            case NOT_FOUND -> throw notFound(outcome.message());
            case REFUSED -> throw ErrorResponder.builder().statusCode(HttpStatus.FORBIDDEN_403)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(outcome.message()).haltError();
            case VIRUS_FOUND -> throw ErrorResponder.builder().statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE).message(outcome.message()).haltError();
            case SCAN_FAILED -> throw ErrorResponder.builder().statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                .type(ErrorResponder.ErrorType.SERVER_ERROR).message(outcome.message()).haltError();
            default -> { }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", switch (outcome.status()) {
            case RELEASED -> "released";
            case DELETED -> "deleted";
            default -> "alreadyDone";
        });
        json.put("message", outcome.message());
        outcome.action().ifPresent(action -> json.put("action", action(action)));
        if (!outcome.recipients().isEmpty()) {
            json.put("recipients", outcome.recipients());
            json.put("rescanned", outcome.rescanned());
        }
        outcome.allowList().ifPresent(listed -> json.put("allowSender", listed.name().toLowerCase(Locale.ROOT)));
        outcome.learning().ifPresent(learning -> json.put("learning", learning(learning)));
        response.status(HttpStatus.OK_200);
        return json;
    }

    /** What the decision taught the token classifier: {@code {"label", "status"}}, with {@code error} and {@code retried} on a failure. */
    static Map<String, Object> learning(QuarantineLearning.Result learning) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", learning.label().asString());
        json.put("status", learning.status());
        learning.failure().ifPresent(failure -> {
            json.put("error", failure);
            json.put("retried", learning.retried());
        });
        return json;
    }

    private static Map<String, Object> action(QuarantineAction action) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", action.kind().asString());
        json.put("by", action.actor());
        json.put("at", action.at().toString());
        action.detail().ifPresent(detail -> json.put("detail", detail));
        return json;
    }

    private QuarantineRepositories.Stored stored(String id) throws MessagingException {
        return service.find(id).orElseThrow(() -> notFound(service.actionOn(id)
            .map(action -> "Quarantined message " + id + " was " + action.kind().asString() + " by " + action.actor() + " at " + action.at())
            .orElse("No quarantined message " + id)));
    }

    private static QuarantineService.ReleaseRequest releaseRequest(Request request) {
        if (request.body() == null || request.body().isBlank()) {
            return QuarantineService.ReleaseRequest.plain();
        }
        JsonNode body = GatehouseRoutesSupport.body(request);
        org.gatehouse.validation.JsonFields.object(body, "$", java.util.Set.of("recipients", "allowSender", "override"));
        Optional<List<String>> recipients = Optional.empty();
        if (body.has("recipients")) {
            JsonNode node = body.get("recipients");
            if (!node.isArray()) {
                throw new InvalidFieldException("recipients", "must be an array of addresses");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw new InvalidFieldException("recipients[" + i + "]", "must be an address");
                }
                values.add(node.get(i).asText());
            }
            recipients = Optional.of(values);
        }
        return new QuarantineService.ReleaseRequest(recipients, flag(body, "allowSender"), flag(body, "override"));
    }

    private static boolean flag(JsonNode body, String name) {
        if (!body.has(name)) {
            return false;
        }
        if (!body.get(name).isBoolean()) {
            throw new InvalidFieldException(name, "must be true or false");
        }
        return body.get(name).asBoolean();
    }

    static QuarantineQuery query(Request request) {
        QuarantineQuery query = QuarantineQuery.all();
        Optional<TenantId> tenant = GatehouseRoutesSupport.scopedTenant(request, MessageLogRoutes.text(request, "tenant").map(TenantId::of));
        if (tenant.isPresent()) {
            query = query.withTenant(tenant.get());
        }
        query = MessageLogRoutes.text(request, "q").map(query::withText).orElse(query);
        query = MessageLogRoutes.text(request, "sender").map(value -> value.toLowerCase(Locale.ROOT)).map(query::withSender).orElse(query);
        query = MessageLogRoutes.text(request, "recipient").map(value -> value.toLowerCase(Locale.ROOT)).map(query::withRecipient).orElse(query);
        query = MessageLogRoutes.text(request, "reason").map(query::withReason).orElse(query);
        Optional<java.time.Instant> from = instantOrDate(request, "from");
        Optional<java.time.Instant> to = instantOrDate(request, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidFieldException("from", "must be before 'to'");
        }
        query = query.between(from, to);
        query = query.sortedBy(sort(MessageLogRoutes.text(request, "sort").orElse("date")));
        return query.page(MessageLogRoutes.integer(request, "offset", 0, 0, Integer.MAX_VALUE),
            MessageLogRoutes.integer(request, "limit", QuarantineQuery.DEFAULT_LIMIT, 1, QuarantineQuery.MAX_LIMIT));
    }

    /** {@code date}, {@code score} or {@code size}, descending unless {@code :asc} follows: {@code score:asc}. */
    private static QuarantineQuery.Sort sort(String value) {
        String[] parts = value.split(":", 2);
        QuarantineQuery.SortField field = switch (parts[0]) {
            case "date" -> QuarantineQuery.SortField.DATE;
            case "score" -> QuarantineQuery.SortField.SCORE;
            case "size" -> QuarantineQuery.SortField.SIZE;
            default -> throw new InvalidFieldException("sort", "must be date, score or size, optionally followed by :asc or :desc");
        };
        String order = parts.length > 1 ? parts[1] : "desc";
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new InvalidFieldException("sort", "the order after ':' must be asc or desc");
        }
        return new QuarantineQuery.Sort(field, order.equals("desc"));
    }

    /** An ISO-8601 instant, or a date (midnight UTC). */
    private static Optional<java.time.Instant> instantOrDate(Request request, String name) {
        Optional<String> value = MessageLogRoutes.text(request, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Instant.parse(value.get()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(value.get()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                throw new InvalidFieldException(name, "must be an ISO-8601 instant (2026-11-23T08:00:00Z) or a date (2026-11-23)");
            }
        }
    }

    static Map<String, Object> summary(QuarantineEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("tenant", entry.tenant().asString());
        json.put("sender", entry.sender());
        json.put("recipients", entry.recipients());
        json.put("subject", neutralise(entry.subject()));
        json.put("date", entry.receivedAt().toString());
        json.put("size", entry.size());
        json.put("score", entry.score().orElse(null));
        json.put("reasons", entry.reasons());
        json.put("family", entry.family().asString());
        return json;
    }

    /** Control characters out (a preview is read by people and by tools that may render it). */
    private static String neutralise(String text) {
        return text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", " ");
    }
}
