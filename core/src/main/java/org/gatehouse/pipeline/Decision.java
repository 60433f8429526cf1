package org.gatehouse.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;

/**
 * What one check decided for one tenant in one role, and under which version of the tenant's policy (0: the tenant had
 * no stored policy, the defaults applied). Every decision of a message travels in one attribute
 * ({@link PipelineAttributes#DECISIONS}, {@link #write}).
 *
 * @param check the check's stable id ({@code antivirus}, {@code content}, {@code sender}, {@code scoring}, ...)
 */
public record Decision(String check, Stage stage, TenantId tenant, Direction direction, int policyVersion, Action action,
                       ImmutableList<String> ruleIds) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Decision of(String check, Stage stage, TenantId tenant, Direction direction, int policyVersion, Action action,
                              List<String> ruleIds) {
        return new Decision(check, stage, tenant, direction, policyVersion, action, ImmutableList.copyOf(ruleIds));
    }

    public static String write(List<Decision> decisions) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Decision decision : decisions) {
            ObjectNode node = array.addObject();
            node.put("check", decision.check());
            node.put("stage", decision.stage().asString());
            node.put("tenant", decision.tenant().asString());
            node.put("direction", decision.direction().asString());
            node.put("policyVersion", decision.policyVersion());
            node.put("action", decision.action().asString());
            ArrayNode rules = node.putArray("ruleIds");
            decision.ruleIds().forEach(rules::add);
        }
        return array.toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #write} writes */
    public static List<Decision> read(String json) {
        try {
            List<Decision> decisions = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(json)) {
                List<String> rules = new ArrayList<>();
                node.path("ruleIds").forEach(rule -> rules.add(rule.asText()));
                decisions.add(of(node.path("check").asText(), Stage.parse(node.path("stage").asText()),
                    TenantId.of(node.path("tenant").asText()), Direction.parse(node.path("direction").asText()),
                    node.path("policyVersion").asInt(), Action.parseStored(node.path("action").asText()), rules));
            }
            return decisions;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a list of decisions: " + e.getMessage(), e);
        }
    }
}
