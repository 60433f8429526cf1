package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.recipient.JdbcRecipientList;
import org.gatehouse.recipient.RecipientEntry;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * A tenant's recipient list, for recipient mode {@code list} (docs/recipients.md):
 * {@code GET /gatehouse/tenants/{id}/recipients?prefix=&offset=&limit=}, {@code POST} one entry
 * ({@code {"address", "aliasOf", "comment"}}), {@code DELETE ?address=}, and
 * {@code POST /recipients/import[?replace=true]}: a CSV of {@code address[,aliasOf[,comment]]}, all or nothing (any bad
 * line and nothing changes; the answer lists every bad line). Every address must be at one of the tenant's domains.
 */
public class RecipientRoutes implements Routes {
    public static final String RECIPIENTS_PATH = TenantRoutes.TENANT_PATH + "/recipients";
    public static final String IMPORT_PATH = RECIPIENTS_PATH + "/import";
    static final int MAX_LIMIT = 1000;
    static final int MAX_IMPORT = 500_000;
    static final int MAX_ERRORS = 1000;
    private static final Set<String> FIELDS = Set.of("address", "aliasOf", "comment");

    private final TenantService tenantService;
    private final JdbcRecipientList recipients;
    private final JsonTransformer jsonTransformer;

    @Inject
    public RecipientRoutes(TenantService tenantService, JdbcRecipientList recipients, JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.recipients = recipients;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return RECIPIENTS_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(RECIPIENTS_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            Optional<String> prefix = Optional.ofNullable(request.queryParams("prefix")).map(String::trim).filter(value -> !value.isEmpty());
            int offset = MessageLogRoutes.integer(request, "offset", 0, 0, Integer.MAX_VALUE - MAX_LIMIT);
            int limit = MessageLogRoutes.integer(request, "limit", 100, 1, MAX_LIMIT);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("total", recipients.count(tenant.id()));
            json.put("items", recipients.list(tenant.id(), prefix, offset, limit).stream().map(RecipientRoutes::json).toList());
            return json;
        }), jsonTransformer);
        service.post(RECIPIENTS_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            JsonNode body = body(request);
            JsonFields.object(body, "", FIELDS);
            RecipientEntry entry = entry(tenant, text(body, "address").orElseThrow(() -> new InvalidFieldException("address", "is required")),
                text(body, "aliasOf"), text(body, "comment"), "");
            boolean existed = recipients.find(tenant.id(), entry.address()).isPresent();
            recipients.put(tenant.id(), List.of(entry), false);
            response.status(existed ? HttpStatus.OK_200 : HttpStatus.CREATED_201);
            return json(entry);
        }), jsonTransformer);
        service.delete(RECIPIENTS_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            String address = Optional.ofNullable(request.queryParams("address"))
                .orElseThrow(() -> new InvalidFieldException("address", "is a required query parameter"));
            if (!recipients.remove(tenant.id(), address)) {
                throw notFound("No recipient " + address.toLowerCase(Locale.ROOT) + " in the list of '" + tenant.id().asString() + "'");
            }
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
        service.post(IMPORT_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            String contentType = Optional.ofNullable(request.contentType()).orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.startsWith("text/csv")) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("An import is a CSV body with Content-Type: text/csv")
                    .haltError();
            }
            boolean replace = Boolean.parseBoolean(Optional.ofNullable(request.queryParams("replace")).orElse("false"));
            List<RecipientEntry> entries = new ArrayList<>();
            List<Map<String, Object>> errors = new ArrayList<>();
            parse(tenant, Optional.ofNullable(request.body()).orElse(""), entries, errors);
            if (!errors.isEmpty()) {
                response.status(HttpStatus.BAD_REQUEST_400);
                return errors;
            }
            if (entries.isEmpty() && !replace) {
                throw new InvalidFieldException("$", "the CSV has no entries; expected lines address[,aliasOf[,comment]]");
            }
            recipients.put(tenant.id(), entries, replace);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("imported", entries.size());
            json.put("replaced", replace);
            json.put("total", recipients.count(tenant.id()));
            return json;
        }), jsonTransformer);
    }

    private static void parse(Tenant tenant, String body, List<RecipientEntry> entries, List<Map<String, Object>> errors) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true).setTrim(true).build();
        boolean first = true;
        for (CSVRecord record : format.parse(new StringReader(body.replaceFirst("^\uFEFF", "")))) {
            long line = record.getRecordNumber();
            if (first && record.size() > 0 && record.get(0).equalsIgnoreCase("address")) {
                first = false;
                continue;
            }
            first = false;
            if (entries.size() + errors.size() >= MAX_IMPORT) {
                errors.add(Map.of("line", line, "error", "more than " + MAX_IMPORT + " entries in one import"));
                return;
            }
            try {
                if (record.size() > 3) {
                    throw new InvalidFieldException("$", "expected address[,aliasOf[,comment]]");
                }
                entries.add(entry(tenant, record.get(0), optional(record, 1), optional(record, 2), "line " + line + ": "));
            } catch (InvalidFieldException e) {
                if (errors.size() == MAX_ERRORS) {
                    // nothing is imported anyway: the first errors say what is wrong, without an answer as large as the file
                    errors.add(Map.of("line", line, "error", "more bad lines follow; the first " + MAX_ERRORS + " are listed"));
                    return;
                }
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("line", line);
                error.put("error", e.getMessage());
                errors.add(error);
            }
        }
    }

    private static Optional<String> optional(CSVRecord record, int index) {
        return record.size() > index ? Optional.of(record.get(index)).filter(value -> !value.isEmpty()) : Optional.empty();
    }

    private static RecipientEntry entry(Tenant tenant, String address, Optional<String> aliasOf, Optional<String> comment, String where) {
        RecipientEntry entry;
        try {
            entry = new RecipientEntry(address, aliasOf, comment);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(e.getField(), where + e.getReason());
        }
        if (tenant.domains().stream().map(DomainName::asString).noneMatch(entry.domain()::equals)) {
            throw new InvalidFieldException("address", where + entry.address() + " is not at a domain of tenant '" + tenant.id().asString()
                + "'");
        }
        return entry;
    }

    private Tenant tenant(Request request) {
        TenantId id = tenantId(request);
        return tenantService.get(id).orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static Map<String, Object> json(RecipientEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", entry.address());
        json.put("aliasOf", entry.aliasOf().orElse(null));
        json.put("comment", entry.comment().orElse(null));
        return json;
    }
}
