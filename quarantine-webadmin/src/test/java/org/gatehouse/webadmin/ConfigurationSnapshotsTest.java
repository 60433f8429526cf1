package org.gatehouse.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ConfigurationSnapshotsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void differenceShouldKeepOnlyTheChangedPaths() throws Exception {
        var difference = ConfigurationSnapshots.difference(
            json("{\"tenant\":{\"name\":\"Acme\",\"domains\":[\"a.example\"]},\"policy\":{\"spam\":{\"threshold\":50}}}"),
            json("{\"tenant\":{\"name\":\"Acme\",\"domains\":[\"a.example\",\"b.example\"]},\"policy\":{\"spam\":{\"threshold\":70}}}"));

        assertThat(difference).hasValueSatisfying(changed -> {
            assertThat(changed.before()).isEqualTo("{\"policy.spam.threshold\":50,\"tenant.domains[1]\":null}");
            assertThat(changed.after()).isEqualTo("{\"policy.spam.threshold\":70,\"tenant.domains[1]\":\"b.example\"}");
        });
    }

    @Test
    void differenceShouldBeEmptyWhenNothingChanged() throws Exception {
        assertThat(ConfigurationSnapshots.difference(json("{\"a\":[1,2]}"), json("{\"a\":[1,2]}"))).isEmpty();
    }

    @Test
    void differenceShouldShowARemovedValueAsNull() throws Exception {
        assertThat(ConfigurationSnapshots.difference(json("{\"a\":1,\"b\":2}"), json("{\"a\":1}"))).hasValueSatisfying(changed -> {
            assertThat(changed.before()).isEqualTo("{\"b\":2}");
            assertThat(changed.after()).isEqualTo("{\"b\":null}");
        });
    }
}
