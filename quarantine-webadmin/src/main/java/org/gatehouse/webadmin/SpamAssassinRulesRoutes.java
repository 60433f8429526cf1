package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.scoring.spamassassin.RuleFiles;
import org.gatehouse.scoring.spamassassin.SpamAssassinRules;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesContributor;

import spark.Service;

/**
 * {@code GET /gatehouse/scoring/spamassassin}: whether SpamAssassin's rules run inside the scorer, which rule
 * directories were read at start, how many rules run, are skipped (not emulated) or are not run (network and Bayes
 * tests), and each skipped rule with its reason (docs/spamassassin-rules.md). The operator's only ({@link AccessRules}).
 */
public class SpamAssassinRulesRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/scoring/spamassassin";

    /** A rule that could not be compiled, and why. */
    public record SkippedRule(String name, String reason) {
    }

    private final Optional<SpamAssassinRulesContributor> contributor;
    private final JsonTransformer jsonTransformer;

    @Inject
    public SpamAssassinRulesRoutes(Optional<SpamAssassinRulesContributor> contributor, JsonTransformer jsonTransformer) {
        this.contributor = contributor;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, handled((request, response) -> report()), jsonTransformer);
    }

    private Map<String, Object> report() {
        Optional<SpamAssassinRules> rules = contributor.flatMap(SpamAssassinRulesContributor::rules);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("enabled", contributor.isPresent());
        json.put("loaded", rules.isPresent());
        json.put("status", contributor.map(SpamAssassinRulesContributor::status).orElse("not enabled (scoring.spamassassin.enabled=false)"));
        json.put("ruleDirectories", contributor.map(loaded -> directories(loaded.ruleFiles())).orElse(List.of()));
        contributor.ifPresent(loaded -> json.put("scoreSet", loaded.settings().scoreSet()));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("run", rules.map(SpamAssassinRules::size).orElse(0));
        counts.put("skipped", rules.map(loaded -> loaded.skipped().size()).orElse(0));
        counts.put("networkOrBayes", rules.map(loaded -> loaded.offline().size()).orElse(0));
        counts.put("withoutLiteral", rules.map(loaded -> loaded.withoutLiteral().size()).orElse(0));
        counts.put("withAutomaton", rules.map(loaded -> loaded.withAutomaton().size()).orElse(0));
        counts.put("automatonStates", rules.map(SpamAssassinRules::automatonStates).orElse(0));
        json.put("counts", counts);
        json.put("skipped", rules.map(loaded -> loaded.skipped().entrySet().stream()
            .map(entry -> new SkippedRule(entry.getKey(), entry.getValue())).toList()).orElse(List.of()));
        return json;
    }

    private static List<String> directories(RuleFiles files) {
        List<String> directories = new ArrayList<>();
        files.defaultRules().ifPresent(path -> directories.add(path.toString()));
        files.siteRules().ifPresent(path -> directories.add(path.toString()));
        return directories;
    }
}
