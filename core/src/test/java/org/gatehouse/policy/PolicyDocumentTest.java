package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class PolicyDocumentTest {
    private static final String JSON = "{\"description\":\"x\",\"spam\":{\"threshold\":5}}";

    @Test
    void emptyShouldBeAnEmptyObject() {
        assertThat(PolicyDocument.empty().asJsonString()).isEqualTo("{}");
    }

    @Test
    void fromStoredJsonShouldReadWhatAsJsonStringWrote() {
        PolicyDocument document = PolicyDocument.fromStoredJson(JSON);

        assertThat(PolicyDocument.fromStoredJson(document.asJsonString())).isEqualTo(document);
    }

    @Test
    void asJsonShouldReturnACopy() {
        PolicyDocument document = PolicyDocument.fromStoredJson(JSON);

        ((ObjectNode) document.asJson()).put("description", "changed");

        assertThat(document.asJsonString()).isEqualTo(JSON);
    }

    @Test
    void sectionShouldReturnACopyOfTheSection() {
        PolicyDocument document = PolicyDocument.fromStoredJson(JSON);

        ((ObjectNode) document.section("spam").orElseThrow()).put("threshold", 9);

        assertThat(document.section("spam").map(spam -> spam.get("threshold").intValue())).contains(5);
    }

    @Test
    void sectionShouldReturnEmptyWhenAbsent() {
        assertThat(PolicyDocument.fromStoredJson(JSON).section("dlp")).isEmpty();
    }

    @Test
    void equalsShouldCompareTheJsonTrees() {
        assertThat(PolicyDocument.fromStoredJson("{\"a\":1,\"b\":[1,2]}"))
            .isEqualTo(PolicyDocument.fromStoredJson("{\"b\":[1,2],\"a\":1}"))
            .isNotEqualTo(PolicyDocument.fromStoredJson("{\"a\":1,\"b\":[2,1]}"));
    }
}
