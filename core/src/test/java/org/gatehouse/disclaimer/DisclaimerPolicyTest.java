package org.gatehouse.disclaimer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DisclaimerPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DisclaimerPolicy parse(String json) throws Exception {
        return DisclaimerPolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(JsonNode section, String field) {
        assertThatThrownBy(() -> new DisclaimerPolicySection().validate(section))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    private static void assertInvalid(String json, String field) throws Exception {
        assertInvalid(MAPPER.readTree(json), field);
    }

    private static ObjectNode withText(String text) {
        return JsonNodeFactory.instance.objectNode().put("text", text);
    }

    @Test
    void ofShouldGiveNoDisclaimerWhenTheSectionIsAbsent() {
        DisclaimerPolicy policy = DisclaimerPolicy.of(PolicyDocument.empty());

        assertThat(policy.forSenderDomain(Optional.of("acme.example"))).isEmpty();
        assertThat(policy.signedMessages()).isEqualTo(SignedMessageHandling.SKIP);
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        DisclaimerPolicy policy = parse("{\"enabled\": true, \"text\": \"Confidential.\", \"html\": \"<p><b>Confidential</b>.</p>\","
            + " \"position\": \"top\", \"signedMessages\": \"attach\"}");

        Disclaimer disclaimer = policy.forSenderDomain(Optional.of("acme.example")).orElseThrow();
        assertThat(disclaimer.text()).isEqualTo("Confidential.");
        assertThat(disclaimer.html()).isEqualTo("<p><b>Confidential</b>.</p>");
        assertThat(disclaimer.position()).isEqualTo(DisclaimerPosition.TOP);
        assertThat(policy.signedMessages()).isEqualTo(SignedMessageHandling.ATTACH);
    }

    @Test
    void parseShouldDeriveTheHtmlFromTheTextEscapingIt() throws Exception {
        Disclaimer disclaimer = parse("{\"text\": \"Terms & <conditions>\\nline two\"}").forSenderDomain(Optional.empty()).orElseThrow();

        assertThat(disclaimer.html()).isEqualTo("<p>Terms &amp; &lt;conditions&gt;<br>line two</p>");
        assertThat(disclaimer.position()).isEqualTo(DisclaimerPosition.BOTTOM);
    }

    @Test
    void parseShouldDeriveTheTextFromTheHtmlWithLinkAddresses() throws Exception {
        Disclaimer disclaimer = parse("{\"html\": \"<p>Acme <b>Corp</b></p><p>See <a href=\\\"https://acme.example/legal\\\">our terms</a>"
            + " or <a href=\\\"mailto:legal@acme.example\\\">legal@acme.example</a>.</p>\"}")
            .forSenderDomain(Optional.empty()).orElseThrow();

        assertThat(disclaimer.text()).isEqualTo("Acme Corp\nSee our terms <https://acme.example/legal> or legal@acme.example.");
    }

    @Test
    void parseShouldSanitiseTheHtml() throws Exception {
        Disclaimer disclaimer = parse("{\"html\": \"<div style=\\\"display:none\\\" onmouseover=\\\"x()\\\">Hi <script>alert(1)</script>"
            + "<a href=\\\"javascript:x()\\\">there</a><img src=\\\"https://tracker.example/p.gif\\\"><iframe src=\\\"https://x.example\\\"></iframe></div>\"}")
            .forSenderDomain(Optional.empty()).orElseThrow();

        assertThat(disclaimer.html()).isEqualTo("Hi <a rel=\"nofollow\">there</a>");
    }

    @Test
    void parseShouldChooseTheOverrideOfTheSenderDomain() throws Exception {
        DisclaimerPolicy policy = parse("{\"text\": \"Acme.\", \"position\": \"top\", \"senderDomains\": {"
            + "\"Brand.Example\": {\"html\": \"<p>Brand</p>\", \"position\": \"bottom\"},"
            + "\"eu.acme.example\": {\"position\": \"bottom\"}, \"noreply.acme.example\": {\"enabled\": false}}}");

        assertThat(policy.forSenderDomain(Optional.of("brand.example")).orElseThrow().text()).isEqualTo("Brand");
        assertThat(policy.forSenderDomain(Optional.of("BRAND.example")).orElseThrow().position()).isEqualTo(DisclaimerPosition.BOTTOM);
        Disclaimer eu = policy.forSenderDomain(Optional.of("eu.acme.example")).orElseThrow();
        assertThat(eu.text()).isEqualTo("Acme.");
        assertThat(eu.position()).isEqualTo(DisclaimerPosition.BOTTOM);
        assertThat(policy.forSenderDomain(Optional.of("noreply.acme.example"))).isEmpty();
        assertThat(policy.forSenderDomain(Optional.of("acme.example")).orElseThrow().position()).isEqualTo(DisclaimerPosition.TOP);
        assertThat(policy.forSenderDomain(Optional.empty()).orElseThrow().text()).isEqualTo("Acme.");
    }

    @Test
    void parseShouldAllowDisclaimersOnlyForSomeSenderDomains() throws Exception {
        DisclaimerPolicy policy = parse("{\"senderDomains\": {\"brand.example\": {\"text\": \"Brand.\"}}}");

        assertThat(policy.forSenderDomain(Optional.of("brand.example"))).isPresent();
        assertThat(policy.forSenderDomain(Optional.of("acme.example"))).isEmpty();
    }

    @Test
    void parseShouldTurnEverythingOffWhenDisabledButStillValidate() throws Exception {
        DisclaimerPolicy policy = parse("{\"enabled\": false, \"text\": \"Acme.\", \"senderDomains\": {\"brand.example\": {\"text\": \"B.\"}}}");

        assertThat(policy.forSenderDomain(Optional.of("brand.example"))).isEmpty();
        assertThat(policy.forSenderDomain(Optional.empty())).isEmpty();
        assertInvalid("{\"enabled\": false, \"text\": \"bad\\u0007\"}", "disclaimer.text");
        assertThat(parse("{\"enabled\": false}").forSenderDomain(Optional.empty())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|disclaimer",
        "{\"text\": \"x\", \"bogus\": 1}|disclaimer.bogus",
        "{}|disclaimer.text",
        "{\"text\": 42}|disclaimer.text",
        "{\"text\": \"   \\n \"}|disclaimer.text",
        "{\"html\": \"<script>x()</script><img src=\\\"a.gif\\\">\"}|disclaimer.html",
        "{\"html\": null}|disclaimer.html",
        "{\"text\": \"x\", \"enabled\": \"yes\"}|disclaimer.enabled",
        "{\"text\": \"x\", \"position\": \"middle\"}|disclaimer.position",
        "{\"text\": \"x\", \"signedMessages\": \"strip\"}|disclaimer.signedMessages",
        "{\"text\": \"x\", \"senderDomains\": []}|disclaimer.senderDomains",
        "{\"text\": \"x\", \"senderDomains\": {\"not a domain\": {}}}|disclaimer.senderDomains.not a domain",
        "{\"text\": \"x\", \"senderDomains\": {\"a.example\": {\"signedMessages\": \"skip\"}}}|disclaimer.senderDomains.a.example.signedMessages",
        "{\"text\": \"x\", \"senderDomains\": {\"a.example\": {\"text\": \"\"}}}|disclaimer.senderDomains.a.example.text",
        "{\"text\": \"x\", \"senderDomains\": {\"a.example\": {}, \"A.example\": {}}}|disclaimer.senderDomains.A.example",
        "{\"senderDomains\": {\"a.example\": {\"position\": \"top\"}}}|disclaimer.senderDomains.a.example.text",
    })
    void validateShouldRefuseWithThePath(String json, String field) throws Exception {
        assertInvalid(json, field);
    }

    @Test
    void validateShouldRefuseControlCharactersOtherThanLineBreaks() {
        assertThat(Disclaimer.checkedText("Confidential.\r\nBcc: everyone@partner.example", "t"))
            .isEqualTo("Confidential.\nBcc: everyone@partner.example");
        assertInvalid(withText("Confidential.\rBcc: x@partner.example"), "disclaimer.text");
        assertInvalid(withText("tab\there"), "disclaimer.text");
        assertInvalid(withText("nul\u0000"), "disclaimer.text");
        assertInvalid(withText("line\u2028separator"), "disclaimer.text");
        assertInvalid(withText("lone \ud800 surrogate"), "disclaimer.text");
        assertInvalid(JsonNodeFactory.instance.objectNode().put("html", "<p>bell\u0007</p>"), "disclaimer.html");
    }

    @Test
    void validateShouldBoundTheLengths() {
        assertThat(new DisclaimerPolicySection().normalize(withText("x".repeat(Disclaimer.MAX_TEXT_LENGTH)))).isNotNull();
        assertInvalid(withText("x".repeat(Disclaimer.MAX_TEXT_LENGTH + 1)), "disclaimer.text");
        assertInvalid(JsonNodeFactory.instance.objectNode().put("html", "<p>" + "x".repeat(Disclaimer.MAX_HTML_LENGTH) + "</p>"),
            "disclaimer.html");
    }

    @Test
    void checkedTextShouldNormaliseLineBreaksAndTrailingBlanks() {
        assertThat(Disclaimer.checkedText("\n  Acme Corp.  \r\nConfidential. \n\n", "t"))
            .isEqualTo("Acme Corp.\nConfidential.");
        assertThat(Disclaimer.checkedText("Soci\u00e9t\u00e9 \u2013 \u6a5f\u5bc6 \ud83d\udd12", "t")).isEqualTo("Soci\u00e9t\u00e9 \u2013 \u6a5f\u5bc6 \ud83d\udd12"); // e acute, en dash, CJK "confidential", padlock emoji
    }

    @Test
    void schemaShouldStoreTheSectionSanitisedAndNormalised() throws Exception {
        PolicySchema schema = new PolicySchema(Set.of(new DisclaimerPolicySection()));

        PolicyDocument stored = schema.validate(MAPPER.readTree("{\"description\": \"acme\", \"disclaimer\": {"
            + "\"text\": \"Acme.  \\r\\nConfidential.\", \"html\": \"<p onclick=\\\"x()\\\">Acme<script>x()</script></p>\","
            + " \"signedMessages\": \"attach\", \"senderDomains\": {\"Brand.EXAMPLE\": {\"html\": \"<b style=\\\"color:red\\\">B</b>\"}}}}"));

        assertThat(stored.asJson()).isEqualTo(MAPPER.readTree("{\"description\": \"acme\", \"disclaimer\": {"
            + "\"text\": \"Acme.\\nConfidential.\", \"html\": \"<p>Acme</p>\", \"signedMessages\": \"attach\","
            + " \"senderDomains\": {\"brand.example\": {\"html\": \"<b>B</b>\"}}}}"));
        assertThat(schema.validate(stored.asJson())).isEqualTo(stored);
    }
}
