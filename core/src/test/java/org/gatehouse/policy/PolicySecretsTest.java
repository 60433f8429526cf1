package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PolicySecretsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void maskedShouldHideEverySecretValueAndNothingElse() throws Exception {
        JsonNode document = MAPPER.readTree("{\"recipients\": {\"mode\": \"ldap\", \"ldap\": {\"bindDn\": \"cn=gw\", \"bindPassword\": \"s3cret\"}},"
            + " \"list\": [{\"apiSecret\": \"k\"}]}");

        JsonNode masked = PolicySecrets.masked(document);

        assertThat(masked.at("/recipients/ldap/bindPassword").textValue()).isEqualTo("***");
        assertThat(masked.at("/recipients/ldap/bindDn").textValue()).isEqualTo("cn=gw");
        assertThat(masked.at("/list/0/apiSecret").textValue()).isEqualTo("***");
        assertThat(document.at("/recipients/ldap/bindPassword").textValue()).isEqualTo("s3cret");
    }

    @Test
    void keepStoredShouldPutTheStoredSecretBackWhereTheMaskIsSentAndKeepANewOne() throws Exception {
        JsonNode stored = MAPPER.readTree("{\"recipients\": {\"ldap\": {\"bindPassword\": \"s3cret\"}}}");

        assertThat(PolicySecrets.keepStored(MAPPER.readTree("{\"recipients\": {\"ldap\": {\"bindPassword\": \"***\", \"baseDn\": \"dc=x\"}}}"), stored)
            .at("/recipients/ldap/bindPassword").textValue()).isEqualTo("s3cret");
        assertThat(PolicySecrets.keepStored(MAPPER.readTree("{\"recipients\": {\"ldap\": {\"bindPassword\": \"n3w\"}}}"), stored)
            .at("/recipients/ldap/bindPassword").textValue()).isEqualTo("n3w");
        assertThat(PolicySecrets.keepStored(MAPPER.readTree("{\"other\": {\"bindPassword\": \"***\"}}"), stored)
            .at("/other/bindPassword").textValue()).isEqualTo("***");
    }
}
