package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.MailFolder;
import org.gatehouse.validation.InvalidFieldException;

import spark.Service;

/**
 * The operator's model of the token classifier (docs/learning.md): {@code GET /gatehouse/scoring/learning} tells what
 * it has learnt; {@code POST /gatehouse/scoring/learning/import?folder=&as=spam|ham} trains it with a mail folder on
 * the server (mbox or Maildir) as a task. Operators only ({@link AccessRules}: no other role is granted these paths).
 */
public class OperatorLearningRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/scoring";
    public static final String LEARNING_PATH = BASE_PATH + "/learning";
    public static final String IMPORT_PATH = LEARNING_PATH + "/import";

    private final BayesLearning learning;
    private final TaskManager taskManager;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public OperatorLearningRoutes(BayesLearning learning, TaskManager taskManager, JsonTransformer jsonTransformer) {
        this.learning = learning;
        this.taskManager = taskManager;
        this.jsonTransformer = jsonTransformer;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        defineStatus(service);
        defineImport(service);
    }

    private void defineStatus(Service service) {
        service.get(LEARNING_PATH, handled((request, response) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", "operator");
            json.putAll(LearningRoutes.status(learning.operatorStatus(), learning.settings()));
            return json;
        }), jsonTransformer);
    }

    private void defineImport(Service service) {
        TaskFromRequest importFolder = request -> {
            Label label = Label.parse("as", request.queryParams("as"));
            String folder = MessageLogRoutes.text(request, "folder")
                .orElseThrow(() -> new InvalidFieldException("folder", "is required: the absolute path of an mbox file or a Maildir on the server"));
            try {
                return new LearningImportTask(learning, MailFolder.open(Path.of(folder)), label, clock);
            } catch (IllegalArgumentException e) {
                // InvalidPathException included: a path the file system cannot even name
                throw new InvalidFieldException("folder", e.getMessage());
            }
        };
        service.post(IMPORT_PATH, handled(importFolder.asRoute(taskManager)), jsonTransformer);
    }
}
