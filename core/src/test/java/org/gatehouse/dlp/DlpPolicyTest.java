package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DlpPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static DlpPolicy parse(String json) throws Exception {
        return DlpPolicy.parse(MAPPER.readTree(json.replace('\'', '"')));
    }

    private static void assertInvalid(String json, String field, String reasonPart) throws Exception {
        JsonNode node = MAPPER.readTree(json.replace('\'', '"'));
        assertThatThrownBy(() -> new DlpPolicySection().validate(node))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                assertThat(e.getField()).isEqualTo(field);
                assertThat(e.getReason()).contains(reasonPart);
            });
    }

    @Test
    void ofShouldGiveNoRulesWhenTheSectionIsAbsent() {
        assertThat(DlpPolicy.of(PolicyDocument.empty()).rules()).isEmpty();
    }

    @Test
    void parseShouldReadTheAdministratorsToNotify() throws Exception {
        assertThat(parse("{'notifyTo': ['Security@Acme.Example']}").notifyTo()).containsExactly("Security@acme.example");
        assertThat(parse("{}").notifyTo()).isEmpty();
    }

    @Test
    void parseShouldRefuseABadNotifyAddressWithItsPath() throws Exception {
        assertInvalid("{'notifyTo': ['not an address']}", "dlp.notifyTo[0]", "is not an email address");
        assertInvalid("{'notifyTo': 'security@acme.example'}", "dlp.notifyTo", "array");
    }

    @Test
    void parseShouldReadARuleWithItsDefaults() throws Exception {
        DlpRule rule = parse("{'rules': [{'id': 'PCI', 'categories': ['PCI'], 'action': 'block'}]}").rules().get(0);

        assertThat(rule.id()).isEqualTo("PCI");
        assertThat(rule.findingRuleId()).isEqualTo("DLP_PCI");
        assertThat(rule.detectorIds()).containsExactly("PAYMENT_CARD");
        assertThat(rule.minCount()).isEqualTo(1);
        assertThat(rule.directions()).containsExactly(Direction.OUTBOUND);
        assertThat(rule.recipients()).isEqualTo(RecipientScope.ANY);
        assertThat(rule.senderDomains()).isEmpty();
        assertThat(rule.action()).isEqualTo(DlpAction.BLOCK);
        assertThat(rule.description()).isEmpty();
    }

    @Test
    void parseShouldReadAFullRule() throws Exception {
        DlpPolicy policy = parse("{'patterns': [{'id': 'EMPLOYEE_ID', 'regex': 'EMP-[0-9]{6}', 'description': 'staff'}],"
            + " 'keywords': [{'id': 'FALCON', 'terms': {'project falcon': 5, 'falcon roadmap': 2}}],"
            + " 'rules': [{'id': 'PII_OUT', 'description': 'Personal data to partners', 'detectors': ['US_SSN', 'EMPLOYEE_ID'],"
            + " 'categories': ['HIPAA', 'CUSTOM'], 'minCount': 3, 'direction': 'both', 'recipients': 'external',"
            + " 'senderDomains': ['Example.com'], 'recipientDomains': ['partner.example'], 'exceptRecipientDomains': ['ok.partner.example'],"
            + " 'action': 'quarantine'}]}");
        DlpRule rule = policy.rules().get(0);

        assertThat(policy.customDetectorIds()).containsExactly("EMPLOYEE_ID", "FALCON");
        assertThat(rule.detectorIds()).containsExactly("US_SSN", "EMPLOYEE_ID", "US_NPI", "ICD10_MEDICAL", "FALCON");
        assertThat(rule.minCount()).isEqualTo(3);
        assertThat(rule.directions()).containsExactlyInAnyOrder(Direction.INBOUND, Direction.OUTBOUND);
        assertThat(rule.recipients()).isEqualTo(RecipientScope.EXTERNAL);
        assertThat(rule.senderDomains()).containsExactly(DomainName.of("example.com"));
        assertThat(rule.recipientDomains()).containsExactly(DomainName.of("partner.example"));
        assertThat(rule.exceptRecipientDomains()).containsExactly(DomainName.of("ok.partner.example"));
        assertThat(rule.action()).isEqualTo(DlpAction.QUARANTINE);
        assertThat(rule.description()).contains("Personal data to partners");
    }

    @Test
    void categoriesShouldExpandToTheirBuiltInDetectors() throws Exception {
        DlpRule rule = parse("{'rules': [{'id': 'PII', 'categories': ['PII'], 'action': 'log'}]}").rules().get(0);

        assertThat(rule.detectorIds()).containsExactly("IBAN", "US_SSN", "UK_NINO", "EMAIL_LIST", "PHONE_LIST");
    }

    @Test
    void parseShouldRefuseABadRe2PatternWithRe2jReason() throws Exception {
        assertInvalid("{'patterns': [{'id': 'BAD', 'regex': 'EMP-[0-9'}]}", "dlp.patterns[0].regex", "missing closing ]");
        assertInvalid("{'patterns': [{'id': 'BAD', 'regex': '(?<=a)b'}]}", "dlp.patterns[0].regex", "not a valid RE2 pattern");
        assertInvalid("{'patterns': [{'id': 'BAD', 'regex': '(a)\\\\1'}]}", "dlp.patterns[0].regex", "not a valid RE2 pattern");
    }

    @Test
    void parseShouldRefusePatternsThatMatchNothingOrAreTooLarge() throws Exception {
        assertInvalid("{'patterns': [{'id': 'EMPTY', 'regex': 'x*'}]}", "dlp.patterns[0].regex", "must not match the empty text");
        assertInvalid("{'patterns': [{'id': 'HUGE', 'regex': '((a{1000}){1000}){1000}'}]}", "dlp.patterns[0].regex", "too large");
        assertInvalid("{'patterns': [{'id': 'BIG', 'regex': '[0-9]{301}'}]}", "dlp.patterns[0].regex", "at most 300");
        assertInvalid("{'patterns': [{'id': 'A', 'regex': '[0-9]{300}'}, {'id': 'B', 'regex': '[0-9]{300}'},"
            + " {'id': 'C', 'regex': '[0-9]{300}'}, {'id': 'D', 'regex': '[0-9]{300}'}]}", "dlp.patterns", "together");
    }

    @Test
    void patternSizeShouldExpandNestedCountedRepetitions() {
        assertThat(PatternSize.estimate("EMP-[0-9]{6}")).isEqualTo(10);
        assertThat(PatternSize.estimate("(?i)(ab){3}c")).isEqualTo(7);
        assertThat(PatternSize.estimate("((a{10}){10}){10}")).isEqualTo(1000);
        assertThat(PatternSize.estimate("\\d{3}-\\d{2}")).isEqualTo(6);
        assertThat(PatternSize.estimate("\\Qa{5}\\E")).isEqualTo(4);
        assertThat(PatternSize.estimate("x{2,400}")).isEqualTo(400);
        assertThat(PatternSize.estimate("(((a{999}){999}){999}){999}")).isEqualTo(996_005_996_001L);
    }

    @Test
    void parseShouldRefuseUnknownFieldsEverywhere() throws Exception {
        assertInvalid("{'rulez': []}", "dlp.rulez", "unknown field");
        assertInvalid("{'rules': [{'id': 'A', 'categories': ['PCI'], 'action': 'block', 'when': 1}]}", "dlp.rules[0].when", "unknown field");
        assertInvalid("{'patterns': [{'id': 'A', 'regex': 'x', 'flags': 'i'}]}", "dlp.patterns[0].flags", "unknown field");
        assertInvalid("{'keywords': [{'id': 'A', 'terms': {'x': 1}, 'weight': 1}]}", "dlp.keywords[0].weight", "unknown field");
    }

    @Test
    void parseShouldRefuseBadRuleValuesWithTheirPath() throws Exception {
        String rule = "{'rules': [{'id': 'R', 'categories': ['PCI'], 'action': 'block', %s}]}";
        assertInvalid(rule.formatted("'minCount': 0"), "dlp.rules[0].minCount", "from 1 to 100000");
        assertInvalid(rule.formatted("'minCount': 2.5"), "dlp.rules[0].minCount", "integer");
        assertInvalid(rule.formatted("'direction': 'sideways'"), "dlp.rules[0].direction", "outbound, inbound, both");
        assertInvalid(rule.formatted("'recipients': 'some'"), "dlp.rules[0].recipients", "any, external, internal");
        assertInvalid(rule.formatted("'senderDomains': ['example.com', 'not a domain']"), "dlp.rules[0].senderDomains[1]",
            "not a fully qualified domain name");
        assertInvalid(rule.formatted("'recipientDomains': 'example.com'"), "dlp.rules[0].recipientDomains", "must be an array");
        assertInvalid(rule.formatted("'description': 'line\\nbreak'"), "dlp.rules[0].description", "control characters");
        assertInvalid("{'rules': [{'id': 'R', 'categories': ['PCI'], 'action': 'drop'}]}", "dlp.rules[0].action",
            "block, quarantine, notify, tag, log");
        assertInvalid("{'rules': [{'id': 'R', 'categories': ['PCI']}]}", "dlp.rules[0].action", "is required");
        assertInvalid("{'rules': [{'categories': ['PCI'], 'action': 'log'}]}", "dlp.rules[0].id", "is required");
        assertInvalid("{'rules': [{'id': 'lower', 'categories': ['PCI'], 'action': 'log'}]}", "dlp.rules[0].id", "upper snake case");
        assertInvalid("{'rules': [{'id': 'SCAN_TRUNCATED', 'categories': ['PCI'], 'action': 'log'}]}", "dlp.rules[0].id", "reserved");
        assertInvalid("{'rules': [{'id': 'R', 'action': 'log'}]}", "dlp.rules[0].detectors", "at least one detector");
        assertInvalid("{'rules': [{'id': 'R', 'detectors': ['CREDIT_CARD'], 'action': 'log'}]}", "dlp.rules[0].detectors[0]",
            "unknown detector 'CREDIT_CARD'");
        assertInvalid("{'rules': [{'id': 'R', 'categories': ['pci'], 'action': 'log'}]}", "dlp.rules[0].categories[0]", "not one of");
        assertInvalid("{'rules': [{'id': 'R', 'categories': ['CUSTOM'], 'action': 'log'}]}", "dlp.rules[0].categories[0]",
            "defines none");
        assertInvalid("{'rules': [{'id': 'R', 'categories': ['PCI'], 'action': 'log'}, {'id': 'R', 'categories': ['PII'], 'action': 'log'}]}",
            "dlp.rules[1].id", "another rule");
    }

    @Test
    void parseShouldRefuseBadCustomDetectors() throws Exception {
        assertInvalid("{'patterns': [{'id': 'PAYMENT_CARD', 'regex': 'x'}]}", "dlp.patterns[0].id", "built-in");
        assertInvalid("{'patterns': [{'id': 'A', 'regex': 'x'}], 'keywords': [{'id': 'A', 'terms': {'y': 1}}]}",
            "dlp.keywords[0].id", "another pattern or keyword list");
        assertInvalid("{'keywords': [{'id': 'K', 'terms': {}}]}", "dlp.keywords[0].terms", "1 to 1000 terms");
        assertInvalid("{'keywords': [{'id': 'K', 'terms': ['a']}]}", "dlp.keywords[0].terms", "mapped to its weight");
        assertInvalid("{'keywords': [{'id': 'K', 'terms': {'a': 0}}]}", "dlp.keywords[0].terms.a", "from 1 to 100");
        assertInvalid("{'keywords': [{'id': 'K', 'terms': {'--': 1}}]}", "dlp.keywords[0].terms.--", "letter or digit");
        assertInvalid("{'keywords': [{'id': 'K', 'terms': {'Top Secret': 1, 'top-secret': 2}}]}", "dlp.keywords[0].terms.top-secret",
            "same words as 'Top Secret'");
        assertInvalid("{'patterns': [{'id': 'P'}]}", "dlp.patterns[0].regex", "is required");
    }

    @Test
    void schemaShouldValidateTheSectionInADocument() throws Exception {
        PolicySchema schema = new PolicySchema(Set.of(new DlpPolicySection()));

        PolicyDocument document = schema.validate(MAPPER.readTree(
            "{\"dlp\": {\"rules\": [{\"id\": \"PCI\", \"categories\": [\"PCI\"], \"minCount\": 3, \"action\": \"block\"}]}}"));

        assertThat(DlpPolicy.of(document).rules()).extracting(DlpRule::id).containsExactly("PCI");
        assertThatThrownBy(() -> schema.validate(MAPPER.readTree("{\"dlp\": {\"rules\": 1}}")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("dlp.rules"));
    }
}
