package org.gatehouse.verdict;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Verdicts as JSON, so that they travel with a mail (a string attribute survives the queue and repositories). */
public final class VerdictJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static String write(Map<String, Verdict> verdicts) {
        Map<String, Object> json = new LinkedHashMap<>();
        verdicts.forEach((key, verdict) -> json.put(key, verdict.findings().stream().map(VerdictJson::finding).toList()));
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Verdict> read(String json) {
        try {
            Map<String, List<Map<String, Object>>> parsed = MAPPER.readValue(json, new TypeReference<>() { });
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            parsed.forEach((key, findings) -> {
                List<Finding> list = new ArrayList<>();
                findings.forEach(finding -> list.add(finding(finding)));
                verdicts.put(key, Verdict.of(list));
            });
            return verdicts;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finding read back from {@link #finding(Finding)}'s form. */
    public static Finding finding(Map<String, Object> finding) {
        return new Finding((String) finding.get("ruleId"), (String) finding.get("check"),
            (String) finding.get("result"), ((Number) finding.get("score")).doubleValue(),
            Optional.ofNullable((String) finding.get("action")).map(Action::parseStored), (String) finding.get("reason"));
    }

    /** A finding as a JSON object (ruleId, check, result, score, action when decided, reason). */
    public static Map<String, Object> finding(Finding finding) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ruleId", finding.ruleId());
        json.put("check", finding.check());
        json.put("result", finding.result());
        json.put("score", finding.score());
        finding.action().ifPresent(action -> json.put("action", action.asString()));
        json.put("reason", finding.reason());
        return json;
    }

    private VerdictJson() {
    }
}
