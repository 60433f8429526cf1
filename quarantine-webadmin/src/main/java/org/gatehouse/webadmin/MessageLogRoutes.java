package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageQuery;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

import spark.Request;
import spark.Service;

/**
 * {@code GET /gatehouse/messages?sender=&recipient=&from=&to=&disposition=&tenant=&stage=&rule=&offset=&limit=}: traces
 * mail through the gateway, and the refusals of the SMTP dialogue, newest first. {@code from} and {@code to} are ISO-8601
 * instants. See docs/message-log.md.
 */
public class MessageLogRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/messages";
    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final MessageLog messageLog;
    private final JsonTransformer jsonTransformer;

    @Inject
    public MessageLogRoutes(MessageLog messageLog, JsonTransformer jsonTransformer) {
        this.messageLog = messageLog;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, handled((request, response) ->
            messageLog.search(query(request)).stream().map(MessageLogRoutes::write).toList()), jsonTransformer);
        service.get(BASE_PATH + "/:id", handled((request, response) ->
            messageLog.get(request.params("id"))
                .filter(record -> GatehouseRoutesSupport.maySee(request, tenantsOf(record)))
                .map(MessageLogRoutes::write)
                .orElseThrow(() -> GatehouseRoutesSupport.notFound("No message " + request.params("id")))), jsonTransformer);
    }

    static MessageQuery query(Request request) {
        Optional<Instant> from = instant(request, "from");
        Optional<Instant> to = instant(request, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidFieldException("from", "must be before 'to'");
        }
        return new MessageQuery(
            text(request, "sender"),
            text(request, "recipient"),
            from,
            to,
            text(request, "disposition").map(value -> {
                try {
                    return Disposition.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("disposition", "must be one of " + java.util.Arrays.stream(Disposition.values())
                        .map(Disposition::asString).collect(java.util.stream.Collectors.joining(", ")));
                }
            }),
            GatehouseRoutesSupport.scopedTenant(request, text(request, "tenant").map(MessageLogRoutes::tenant).map(TenantId::of))
                .map(TenantId::asString),
            text(request, "stage").map(value -> {
                try {
                    return Stage.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("stage", "must be one of " + Stage.names());
                }
            }),
            text(request, "rule").map(MessageLogRoutes::ruleId),
            integer(request, "offset", 0, 0, Integer.MAX_VALUE),
            integer(request, "limit", MessageQuery.DEFAULT_LIMIT, 1, MessageQuery.MAX_LIMIT));
    }

    /** The tenants a record concerns: its tenant, and those of a refusal. */
    private static java.util.Set<TenantId> tenantsOf(MessageRecord record) {
        java.util.Set<TenantId> tenants = new java.util.HashSet<>();
        record.tenantId().ifPresent(tenants::add);
        record.refusal().ifPresent(refusal -> tenants.addAll(refusal.tenants()));
        return tenants;
    }

    private static String tenant(String value) {
        try {
            return TenantId.of(value).asString();
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("tenant", e.getReason());
        }
    }

    private static String ruleId(String value) {
        if (!RULE_ID.matcher(value).matches()) {
            throw new InvalidFieldException("rule", "must be a rule id: capital letters, digits and underscores, such as SENDER_BLOCKLISTED");
        }
        return value;
    }

    static Optional<String> text(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    static Optional<Instant> instant(Request request, String name) {
        return text(request, name).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(name, "must be an ISO-8601 instant such as 2026-11-23T10:15:30Z");
            }
        });
    }

    static int integer(Request request, String name, int defaultValue, int min, int max) {
        Optional<String> value = text(request, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidFieldException(name, "must be an integer between " + min + " and " + max);
    }

    private static Map<String, Object> write(MessageRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        json.put("receivedAt", record.receivedAt().toString());
        json.put("updatedAt", record.updatedAt().toString());
        json.put("direction", record.direction().asString());
        json.put("tenant", record.tenantId().map(TenantId::asString).orElse(null));
        json.put("sender", record.sender());
        json.put("recipients", record.recipients().keySet());
        json.put("clientIp", record.clientIp().orElse(null));
        json.put("helo", record.helo().orElse(null));
        json.put("tls", record.tls().orElse(null));
        json.put("size", record.sizeBytes());
        json.put("messageId", record.messageId().orElse(null));
        json.put("disposition", record.disposition().asString());
        json.put("stage", record.stage().asString());
        json.put("ruleIds", record.ruleIds());
        json.put("reasons", record.reasons());
        record.refusal().ifPresent(refusal -> {
            json.put("replyCode", refusal.replyCode());
            json.put("reply", refusal.reply());
            json.put("tenants", refusal.tenants().stream().map(TenantId::asString).toList());
            json.put("refusals", refusal.count());
            json.put("aggregated", refusal.aggregated());
        });
        Map<String, Object> recipients = new LinkedHashMap<>();
        record.recipients().forEach((recipient, state) -> {
            Map<String, Object> stateJson = new LinkedHashMap<>();
            stateJson.put("disposition", state.disposition().asString());
            stateJson.put("detail", state.detail().orElse(null));
            recipients.put(recipient, stateJson);
        });
        json.put("recipientStates", recipients);
        return json;
    }
}
