package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.author;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.conflict;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Request;
import spark.Service;

/**
 * The sender allow and block list endpoints, the same for a tenant's lists and the operator's global ones: list,
 * add, remove, and import from CSV, each change a new version of the {@link SenderListOwner}'s policy document.
 */
final class SenderListEndpoints {
    // one edit of a list at a time: each reads the current document and stores the next version from it
    static final Object LIST_EDITS = new Object();

    /** The two lists, as named in the URL and in the policy document. */
    enum ListName {
        ALLOW(SenderLists.ALLOW, SenderLists::allow),
        BLOCK(SenderLists.BLOCK, SenderLists::block);

        private final String key;
        private final Function<SenderLists, SenderList> list;

        ListName(String key, Function<SenderLists, SenderList> list) {
            this.key = key;
            this.list = list;
        }

        String path() {
            return SenderPolicy.SECTION + "." + key;
        }

        SenderList of(SenderLists lists) {
            return list.apply(lists);
        }

        ListName other() {
            return this == ALLOW ? BLOCK : ALLOW;
        }
    }

    /** The content type of an import body. */
    static final String CSV = "text/csv";

    private final String sendersPath;
    private final SenderListOwner owner;
    private final TenantLimits limits;
    private final JsonTransformer jsonTransformer;

    /** @param sendersPath the route below which {@code /allow} and {@code /block} are served */
    SenderListEndpoints(String sendersPath, SenderListOwner owner, TenantLimits limits, JsonTransformer jsonTransformer) {
        this.sendersPath = sendersPath;
        this.owner = owner;
        this.limits = limits;
        this.jsonTransformer = jsonTransformer;
    }

    /** The CSV import routes below {@code sendersPath}, for both lists. */
    static List<String> importPaths(String sendersPath) {
        return java.util.Arrays.stream(ListName.values()).map(list -> sendersPath + "/" + list.key + "/import").toList();
    }

    void define(Service service) {
        for (ListName list : ListName.values()) {
            defineGet(service, list);
            defineAdd(service, list);
            defineRemove(service, list);
            defineImport(service, list);
        }
    }

    private String listPath(ListName list) {
        return sendersPath + "/" + list.key;
    }

    private void defineGet(Service service, ListName list) {
        service.get(listPath(list), handled((request, response) ->
            list.of(owner.current(request).lists()).entries().stream().map(SenderListEndpoints::json).toList()),
            jsonTransformer);
    }

    private void defineAdd(Service service, ListName list) {
        service.post(listPath(list), handled((request, response) -> {
            SenderEntry entry = SenderEntry.parse(body(request), "", SenderEntry.Type.ALL);
            synchronized (LIST_EDITS) {
                SenderListOwner.Current current = owner.current(request);
                SenderLists lists = current.lists();
                if (list.of(lists).find(entry.key()).isPresent()) {
                    throw conflict(entry.key() + " is already in " + list.path());
                }
                if (list.other().of(lists).find(entry.key()).isPresent()) {
                    throw conflict(entry.key() + " is in " + list.other().path() + "; remove it there first");
                }
                ObjectNode document = current.document();
                entries(document, list).add(json(entry));
                owner.save(request, document, author(request), Optional.of(list.path() + ": added " + entry.key()));
            }
            response.status(HttpStatus.CREATED_201);
            return json(entry);
        }), jsonTransformer);
    }

    private void defineRemove(Service service, ListName list) {
        service.delete(listPath(list), handled((request, response) -> {
            SenderEntry.Type type = SenderEntry.Type.parse("type", requiredParameter(request, "type"), SenderEntry.Type.ALL);
            SenderEntry.Key key = SenderEntry.Key.of(type, requiredParameter(request, "value"), "value");
            synchronized (LIST_EDITS) {
                SenderListOwner.Current current = owner.current(request);
                int index = list.of(current.lists()).indexOf(key)
                    .orElseThrow(() -> notFound(key + " is not in " + list.path() + " of " + owner.describe(request)));
                ObjectNode document = current.document();
                entries(document, list).remove(index);
                owner.save(request, document, author(request), Optional.of(list.path() + ": removed " + key));
            }
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
    }

    private void defineImport(Service service, ListName list) {
        service.post(listPath(list) + "/import", handled((request, response) -> {
            requireCsv(request);
            SenderListCsv.Parsed parsed = SenderListCsv.parse(Optional.ofNullable(request.body()).orElse(""));
            if (parsed.lines().isEmpty() && parsed.errors().isEmpty()) {
                throw new InvalidFieldException("$", "the CSV has no entries; expected lines type,value[,comment]");
            }
            synchronized (LIST_EDITS) {
                SenderListOwner.Current current = owner.current(request);
                SenderLists lists = current.lists();
                Import merged = merge(parsed, list.of(lists), list.other().of(lists), list, limits.maxSenderListEntries());
                if (!merged.errors().isEmpty()) {
                    response.status(HttpStatus.BAD_REQUEST_400);
                    return merged.errors().stream()
                        .sorted(Comparator.comparingInt(SenderListCsv.LineError::line))
                        .map(SenderListEndpoints::json)
                        .toList();
                }
                int version = current.version();
                if (!merged.added().isEmpty()) {
                    ObjectNode document = current.document();
                    ArrayNode entries = entries(document, list);
                    merged.added().forEach(entry -> entries.add(json(entry)));
                    version = owner.save(request, document, author(request), Optional.of(list.path() + ": imported "
                        + merged.added().size() + " entries, skipped " + merged.skipped() + " already listed"));
                }
                response.status(merged.added().isEmpty() ? HttpStatus.OK_200 : HttpStatus.CREATED_201);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("added", merged.added().size());
                result.put("skipped", merged.skipped());
                result.put("version", version);
                return result;
            }
        }), jsonTransformer);
    }

    private record Import(List<SenderEntry> added, int skipped, List<SenderListCsv.LineError> errors) {
    }

    /** The entries to add: those already in the list (or earlier in the file) are skipped, those in the other list refused. */
    private static Import merge(SenderListCsv.Parsed parsed, SenderList target, SenderList other, ListName list, int maxEntries) {
        List<SenderListCsv.LineError> errors = new ArrayList<>(parsed.errors());
        List<SenderEntry> added = new ArrayList<>();
        Set<SenderEntry.Key> seen = new HashSet<>();
        int skipped = 0;
        for (SenderListCsv.Line line : parsed.lines()) {
            SenderEntry.Key key = line.entry().key();
            if (other.find(key).isPresent()) {
                errors.add(new SenderListCsv.LineError(line.number(), key + " is in " + list.other().path()
                    + "; remove it there first"));
            } else if (target.find(key).isPresent() || !seen.add(key)) {
                skipped++;
            } else {
                added.add(line.entry());
                if (target.size() + added.size() == maxEntries + 1) {
                    errors.add(new SenderListCsv.LineError(line.number(), list.path() + " would have more than "
                        + maxEntries + " entries"));
                }
            }
        }
        return new Import(added, skipped, errors);
    }

    private static void requireCsv(Request request) {
        String contentType = Optional.ofNullable(request.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith(CSV)) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("An import is a CSV body with Content-Type: text/csv")
                .haltError();
        }
    }

    private static String requiredParameter(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name))
            .orElseThrow(() -> new InvalidFieldException(name, "is a required query parameter"));
    }

    /** The list's array in the document, created (with the section) when the document has none yet. */
    static ArrayNode entries(ObjectNode document, ListName list) {
        ObjectNode section = document.has(SenderPolicy.SECTION)
            ? (ObjectNode) document.get(SenderPolicy.SECTION)
            : document.putObject(SenderPolicy.SECTION);
        return section.has(list.key) ? (ArrayNode) section.get(list.key) : section.putArray(list.key);
    }

    private static ObjectNode json(SenderListCsv.LineError error) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("line", error.line());
        json.put("error", error.error());
        return json;
    }

    static ObjectNode json(SenderEntry entry) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", entry.type().asString());
        json.put("value", entry.value());
        entry.comment().ifPresent(comment -> json.put("comment", comment));
        return json;
    }
}
