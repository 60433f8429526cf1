package org.gatehouse.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RecipientPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static void assertInvalid(String section, String field, String reason) {
        assertThatThrownBy(() -> RecipientPolicy.parse(json(section)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                assertThat(e.getField()).isEqualTo(field);
                assertThat(e.getReason()).contains(reason);
            });
    }

    @Test
    void parseShouldReadAnLdapDirectoryWithItsDefaults() throws Exception {
        RecipientPolicy policy = RecipientPolicy.parse(json("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldaps://dc1.acme.example\","
            + " \"bindDn\": \"cn=gw,dc=acme\", \"bindPassword\": \"s3cret\", \"baseDn\": \"dc=acme\"}}"));

        assertThat(policy.mode()).isEqualTo(RecipientPolicy.Mode.LDAP);
        RecipientPolicy.Ldap ldap = policy.ldap().orElseThrow();
        assertThat(ldap.filter()).isEqualTo("(mail={address})");
        assertThat(ldap.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ldap.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ldap.negativeCacheTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ldap.toString()).doesNotContain("s3cret");
    }

    @Test
    void parseShouldGiveACalloutItsDefaultsWhenOnlyTheModeIsSet() throws Exception {
        RecipientPolicy policy = RecipientPolicy.parse(json("{\"mode\": \"callout\"}"));

        assertThat(policy.callout()).hasValueSatisfying(callout -> {
            assertThat(callout.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(callout.cacheTtl()).isEqualTo(Duration.ofHours(1));
            assertThat(callout.negativeCacheTtl()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void parseShouldNameTheFieldOfEveryProblem() {
        assertInvalid("{\"mode\": \"maybe\"}", "recipients.mode", "must be one of accept_all, list, ldap, callout");
        assertInvalid("{\"mode\": \"ldap\"}", "recipients.ldap", "is required in mode ldap");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"http://x\", \"baseDn\": \"dc=x\"}}", "recipients.ldap.url", "ldap://");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldap://x\", \"baseDn\": \"dc=x\", \"filter\": \"(mail={address}\"}}",
            "recipients.ldap.filter", "is not an LDAP filter");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldap://x\", \"baseDn\": \"dc=x\", \"filter\": \"(objectClass=*)\"}}",
            "recipients.ldap.filter", "must use {address} or {local}");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldap://x\", \"baseDn\": \"dc=x\", \"bindDn\": \"cn=a\"}}",
            "recipients.ldap.bindPassword", "go together");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldap://x\", \"baseDn\": \"dc=x\", \"bindDn\": \"cn=a\", \"bindPassword\": \"***\"}}",
            "recipients.ldap.bindPassword", "is masked");
        assertInvalid("{\"mode\": \"ldap\", \"ldap\": {\"url\": \"ldaps://x\", \"startTls\": true, \"baseDn\": \"dc=x\"}}",
            "recipients.ldap.startTls", "ldaps://");
        assertInvalid("{\"mode\": \"callout\", \"callout\": {\"timeout\": \"2m\"}}", "recipients.callout.timeout", "at most 60s");
        assertInvalid("{\"mode\": \"callout\", \"callout\": {\"host\": \"10.0.0.1\"}}", "recipients.callout.host", "unknown field");
        assertInvalid("{\"mode\": \"list\", \"extra\": 1}", "recipients.extra", "unknown field");
    }
}
