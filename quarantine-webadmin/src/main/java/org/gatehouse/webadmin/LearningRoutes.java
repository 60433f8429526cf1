package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesModel;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.LearnOutcome;
import org.gatehouse.scoring.learning.LearningFeedback;
import org.gatehouse.scoring.learning.LearningStatus;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import spark.Request;
import spark.Service;

/**
 * {@code /gatehouse/tenants/{tenantId}/scoring/learn?as=spam|ham} (body: the raw RFC 5322 message) trains the
 * tenant's token classifier through {@link LearningFeedback}, the hook the quarantine uses too;
 * {@code /gatehouse/tenants/{tenantId}/scoring/learning} tells what it has learnt and which model scores the tenant's
 * mail. The operator's model has its own routes ({@link OperatorLearningRoutes}). See docs/learning.md.
 */
public class LearningRoutes implements Routes {
    public static final String SCORING_PATH = TenantRoutes.TENANT_PATH + "/scoring";
    public static final String LEARN_PATH = SCORING_PATH + "/learn";
    public static final String LEARNING_PATH = SCORING_PATH + "/learning";
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    static final Set<String> MESSAGE_TYPES = Set.of("text/plain", "message/rfc822");

    private final TenantService tenantService;
    private final LearningFeedback feedback;
    private final BayesLearning learning;
    private final JsonTransformer jsonTransformer;

    @Inject
    public LearningRoutes(TenantService tenantService, LearningFeedback feedback, BayesLearning learning,
                          JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.feedback = feedback;
        this.learning = learning;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return SCORING_PATH;
    }

    @Override
    public void define(Service service) {
        defineLearn(service);
        defineStatus(service);
    }

    private void defineLearn(Service service) {
        service.post(LEARN_PATH, handled((request, response) -> {
            TenantId tenant = tenantId(request);
            // checked before any query parameter is read: reading one consumes a form-encoded body
            requireMessageType(request);
            Label label = Label.parse("as", request.queryParams("as"));
            byte[] message = message(request);
            LearnOutcome outcome = feedback.learn(tenant, message, label);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tenantId", tenant.asString());
            json.put("label", label.asString());
            json.put("learnt", true);
            json.put("alreadyKnown", outcome == LearnOutcome.ALREADY_KNOWN);
            json.put("relabelled", outcome == LearnOutcome.RELABELLED);
            return json;
        }), jsonTransformer);
    }

    private void defineStatus(Service service) {
        service.get(LEARNING_PATH, handled((request, response) -> {
            TenantId tenant = tenantId(request);
            if (tenantService.get(tenant).isEmpty()) {
                throw notFound("Tenant '" + tenant.asString() + "' does not exist");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tenantId", tenant.asString());
            json.putAll(status(learning.status(tenant), learning.settings()));
            return json;
        }), jsonTransformer);
    }

    /** A model's totals, whether it answers, which model scores the tenant's mail ({@code tenant}, {@code operator} or {@code none}). */
    static Map<String, Object> status(LearningStatus status, BayesSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("spam", status.totals().spamMessages());
        json.put("ham", status.totals().hamMessages());
        json.put("tokens", status.tokens());
        json.put("active", status.active());
        json.put("scoredBy", status.scoredBy().map(BayesModel::kind).orElse("none"));
        json.put("enabled", settings.enabled());
        json.put("operatorModel", settings.operatorModel());
        json.put("minSpam", settings.minSpam());
        json.put("minHam", settings.minHam());
        return json;
    }

    private static void requireMessageType(Request request) {
        Optional<String> type = Optional.ofNullable(request.contentType())
            .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
            .filter(value -> !value.isEmpty());
        if (type.isPresent() && !MESSAGE_TYPES.contains(type.get())) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("The body is the raw RFC 5322 message, sent as message/rfc822 or text/plain, not " + type.get())
                .haltError();
        }
    }

    private static byte[] message(Request request) {
        if (request.contentLength() > MAX_MESSAGE_BYTES) {
            throw tooLarge();
        }
        byte[] body = request.bodyAsBytes();
        if (body == null || body.length == 0) {
            throw new InvalidFieldException("body", "is empty; the raw RFC 5322 message is expected");
        }
        if (body.length > MAX_MESSAGE_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static RuntimeException tooLarge() {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message("A message to learn is at most " + MAX_MESSAGE_BYTES + " bytes")
            .haltError();
    }
}
