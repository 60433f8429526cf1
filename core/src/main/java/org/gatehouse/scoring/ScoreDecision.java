package org.gatehouse.scoring;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.VerdictJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the spam score decided for one tenant's part: the 0–100 score, the category, the action (the most severe of
 * the threshold action and the category action) and every finding that contributed. Travels with the mail as JSON
 * from the end-of-DATA hook that computed it to the mailet that applies it.
 *
 * @param score content score plus learnt, external and sender contributions, rounded and clamped to 0–100
 * @param findings the content rules that fired, then the learnt and external contributors' findings
 * @param senderFindings the tenant's sender findings with a non-zero score (explained by the sender checks)
 * @param categoryEvidence what the classifier saw (empty for corporate mail)
 */
public record ScoreDecision(int score, Category category, Action action, List<Finding> findings, List<Finding> senderFindings,
                            List<String> categoryEvidence) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ScoreDecision {
        Objects.requireNonNull(category);
        Objects.requireNonNull(action);
        findings = List.copyOf(findings);
        senderFindings = List.copyOf(senderFindings);
        categoryEvidence = List.copyOf(categoryEvidence);
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("A spam score is 0–100: " + score);
        }
    }

    /** The rule ids that fired, each once, in order (the same as the {@code X-Gatehouse-Verdict} header's). */
    public List<String> ruleIds() {
        return allFindings().stream().map(Finding::ruleId).distinct().toList();
    }

    /** The findings, then the sender findings. */
    public List<Finding> allFindings() {
        return java.util.stream.Stream.concat(findings.stream(), senderFindings.stream()).toList();
    }

    /** Why, for people: the summary reasons of {@code action}. */
    public String because() {
        return "spam score " + score + " (category " + category.asString() + "), rules "
            + (ruleIds().isEmpty() ? "none" : String.join(",", ruleIds()));
    }

    /**
     * The message log's lines: {@code SCORE <n> (category <c>, action <a>): RULE (+w), ...}, one line per finding
     * (the sender findings are logged by the sender checks), and the category's evidence.
     */
    public List<String> explanation() {
        List<String> lines = new ArrayList<>();
        lines.add("SCORE " + score + " (category " + category.asString() + ", action " + action.asString() + "): "
            + allFindings().stream().map(ScoreDecision::contribution).collect(Collectors.joining(", ")));
        findings.forEach(finding -> lines.add(finding.explain()));
        if (!categoryEvidence.isEmpty()) {
            lines.add("CATEGORY " + category.asString() + ": " + String.join("; ", categoryEvidence));
        }
        return lines;
    }

    private static String contribution(Finding finding) {
        double weight = finding.score();
        String formatted = weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
        return finding.ruleId() + " (" + (weight >= 0 ? "+" : "") + formatted + ")";
    }

    /** Decisions per tenant id as JSON (a string mail attribute survives the queue). */
    public static String write(Map<String, ScoreDecision> decisions) {
        Map<String, Object> json = new LinkedHashMap<>();
        decisions.forEach((tenant, decision) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("score", decision.score);
            entry.put("category", decision.category.asString());
            entry.put("action", decision.action.asString());
            entry.put("findings", decision.findings.stream().map(VerdictJson::finding).toList());
            entry.put("senderFindings", decision.senderFindings.stream().map(VerdictJson::finding).toList());
            entry.put("categoryEvidence", decision.categoryEvidence);
            json.put(tenant, entry);
        });
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, ScoreDecision> read(String json) {
        try {
            Map<String, Map<String, Object>> parsed = MAPPER.readValue(json, new TypeReference<>() { });
            Map<String, ScoreDecision> decisions = new LinkedHashMap<>();
            parsed.forEach((tenant, entry) -> decisions.put(tenant, new ScoreDecision(((Number) entry.get("score")).intValue(),
                Category.valueOf(((String) entry.get("category")).toUpperCase(java.util.Locale.ROOT)),
                Action.parseStored((String) entry.get("action")),
                ((List<Map<String, Object>>) entry.get("findings")).stream().map(VerdictJson::finding).toList(),
                ((List<Map<String, Object>>) entry.get("senderFindings")).stream().map(VerdictJson::finding).toList(),
                (List<String>) entry.get("categoryEvidence"))));
            return decisions;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
