package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class PolicySchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A capability's section that records what it was given and refuses a negative threshold. */
    static class SpamSection implements PolicySection {
        final List<JsonNode> validated = new ArrayList<>();

        @Override
        public String name() {
            return "spam";
        }

        @Override
        public void validate(JsonNode section) {
            validated.add(section);
            if (section.path("threshold").asDouble() < 0) {
                throw new InvalidFieldException("spam.threshold", "must not be negative");
            }
        }
    }

    private static JsonNode json(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    private static void assertInvalidField(PolicySchema schema, JsonNode document, String field) {
        assertThatThrownBy(() -> schema.validate(document))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    private final SpamSection spam = new SpamSection();
    private final PolicySchema schema = new PolicySchema(Set.of(spam));
    private final PolicySchema emptySchema = new PolicySchema(Set.of());

    @Test
    void validateShouldAcceptAnEmptyObject() throws Exception {
        assertThat(emptySchema.validate(json("{}"))).isEqualTo(PolicyDocument.empty());
    }

    @Test
    void validateShouldAcceptADescription() throws Exception {
        PolicyDocument document = emptySchema.validate(json("{\"description\":\"strict for finance\"}"));

        assertThat(document.section("description").map(JsonNode::textValue)).contains("strict for finance");
    }

    @Test
    void validateShouldAcceptADescriptionOfTheMaximumLength() throws Exception {
        ObjectNode document = MAPPER.createObjectNode().put("description", "d".repeat(PolicySchema.MAX_DESCRIPTION_LENGTH));

        assertThat(emptySchema.validate(document).asJson()).isEqualTo(document);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "\"policy\"", "42", "true", "null"})
    void validateShouldThrowWithTheFieldDollarWhenDocumentIsNotAnObject(String document) throws Exception {
        assertInvalidField(schema, json(document), "$");
    }

    @Test
    void validateShouldThrowWithTheFieldDollarWhenDocumentIsMissing() {
        assertInvalidField(schema, null, "$");
    }

    @Test
    void validateShouldThrowWithTheKeyAsFieldWhenSectionIsUnknown() throws Exception {
        assertInvalidField(schema, json("{\"description\":\"x\",\"bogus\":{}}"), "bogus");
    }

    @Test
    void validateShouldListTheKnownSectionsWhenSectionIsUnknown() throws Exception {
        assertThatThrownBy(() -> schema.validate(json("{\"spma\":{}}")))
            .isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.getReason()).contains("description").contains("spam"));
    }

    @Test
    void validateShouldRefuseAnUnregisteredSection() throws Exception {
        assertInvalidField(emptySchema, json("{\"spam\":{\"threshold\":5}}"), "spam");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "null", "{}", "[\"a\"]", "true"})
    void validateShouldThrowWithTheFieldDescriptionWhenDescriptionIsNotAString(String description) throws Exception {
        assertInvalidField(emptySchema, json("{\"description\":" + description + "}"), "description");
    }

    @Test
    void validateShouldThrowWithTheFieldDescriptionWhenDescriptionIsTooLong() {
        ObjectNode document = MAPPER.createObjectNode().put("description", "d".repeat(PolicySchema.MAX_DESCRIPTION_LENGTH + 1));

        assertInvalidField(emptySchema, document, "description");
    }

    @Test
    void validateShouldGiveTheRegisteredSectionItsSubtree() throws Exception {
        schema.validate(json("{\"description\":\"x\",\"spam\":{\"threshold\":5.5,\"action\":\"quarantine\"}}"));

        assertThat(spam.validated).containsExactly(json("{\"threshold\":5.5,\"action\":\"quarantine\"}"));
    }

    @Test
    void validateShouldNotCallTheSectionWhenItIsAbsent() throws Exception {
        schema.validate(json("{\"description\":\"x\"}"));

        assertThat(spam.validated).isEmpty();
    }

    @Test
    void validateShouldPropagateTheFieldPathOfTheSection() throws Exception {
        assertInvalidField(schema, json("{\"spam\":{\"threshold\":-1}}"), "spam.threshold");
    }

    @Test
    void validateShouldReturnTheWholeDocument() throws Exception {
        JsonNode document = json("{\"description\":\"x\",\"spam\":{\"threshold\":5}}");

        assertThat(schema.validate(document).asJson()).isEqualTo(document);
    }

    @Test
    void validateShouldNotBeAffectedByLaterChangesToTheInput() throws Exception {
        ObjectNode input = (ObjectNode) json("{\"description\":\"before\"}");
        PolicyDocument document = schema.validate(input);

        input.put("description", "after");

        assertThat(document.section("description").map(JsonNode::textValue)).contains("before");
    }

    @Test
    void knownSectionsShouldListRegisteredSectionsAndDescription() {
        assertThat(schema.knownSections()).containsExactly("description", "spam");
        assertThat(emptySchema.knownSections()).containsExactly("description");
    }

    @Test
    void constructorShouldThrowWhenTwoSectionsHaveTheSameName() {
        assertThatThrownBy(() -> new PolicySchema(Set.of(new SpamSection(), new SpamSection())))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
