package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PhishingPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static PhishingPolicy parse(String json) throws Exception {
        return PhishingPolicy.parse(MAPPER.readTree(json));
    }

    @Test
    void parseShouldKeepDefaultsForFieldsNotGiven() throws Exception {
        PhishingPolicy policy = parse("{\"protectedPeople\": [\"Jane Smith\"]}");

        assertThat(policy.action()).isEqualTo(Action.QUARANTINE);
        assertThat(policy.threshold()).isEqualTo(40);
        assertThat(policy.weight()).isEqualTo(1.0);
        assertThat(policy.brands()).isTrue();
        assertThat(policy.protectedPeople()).containsExactly("Jane Smith");
        assertThat(policy.followShorteners()).isFalse();
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        PhishingPolicy policy = parse("{\"action\": \"block\", \"threshold\": 60, \"weight\": 0.5, \"partnerDomains\": [\"Partner.Example\"],"
            + " \"brands\": false, \"urlExemptions\": [\"tracker.example\"], \"uriDnsbl\": [\"dbl.example.net\"], \"followShorteners\": true}");

        assertThat(policy.action()).isEqualTo(Action.BLOCK);
        assertThat(policy.threshold()).isEqualTo(60);
        assertThat(policy.weight()).isEqualTo(0.5);
        assertThat(policy.partnerDomains()).containsExactly("partner.example");
        assertThat(policy.brands()).isFalse();
        assertThat(policy.urlExemptions()).containsExactly("tracker.example");
        assertThat(policy.uriDnsblZones()).containsExactly("dbl.example.net");
        assertThat(policy.followShorteners()).isTrue();
    }

    @Test
    void parseShouldNameTheFieldPathWhenAValueIsWrong() {
        assertThatThrownBy(() -> parse("{\"partnerDomains\": [\"ok.example\", \"not a domain\"]}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.partnerDomains[1]");
        assertThatThrownBy(() -> parse("{\"action\": \"redirect\"}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.action");
        assertThatThrownBy(() -> parse("{\"threshold\": 0}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.threshold");
        assertThatThrownBy(() -> parse("{\"weight\": 9}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.weight");
        assertThatThrownBy(() -> parse("{\"protectedPeople\": [\"x\"]}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.protectedPeople[0]");
        assertThatThrownBy(() -> parse("{\"followShorteners\": \"yes\"}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phishing.followShorteners");
        assertThatThrownBy(() -> parse("{\"colour\": 1}"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("colour");
    }
}
