package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class TextRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    private static TextRules rules(String json) throws Exception {
        return TextRules.parse(MAPPER.readTree(json), "content.textRules");
    }

    private static void assertInvalid(String json, String field, String reason) {
        assertThatThrownBy(() -> rules(json)).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.getField()).isEqualTo(field);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    /** A message whose body, subject, a header and a text attachment each say something different. */
    private static ContentInspection message() {
        String attachment = Base64.getMimeEncoder().encodeToString(
            "Please wire transfer the amount today, account number enclosed.".getBytes(StandardCharsets.UTF_8));
        byte[] raw = ("From: \"Accounts\" <ap@vendor.example>\r\nTo: bob@acme.example\r\n"
            + "Subject: =?utf-8?q?Urgent=3A_invoice_overdue?=\r\nReply-To: payments@elsewhere.example\r\n"
            + "X-Campaign: spring-2026\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello Bob, the invoice is attached.\r\n"
            + "--b\r\nContent-Type: text/plain; name=\"note.txt\"\r\nContent-Disposition: attachment; filename=\"note.txt\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
        return INSPECTOR.inspectMessage(raw);
    }

    @Test
    void inspectionShouldSeparateHeadersSubjectBodyAndAttachmentText() {
        ContentInspection inspection = message();

        assertThat(inspection.subject()).contains("Urgent: invoice overdue");
        assertThat(inspection.header("reply-to")).containsExactly("payments@elsewhere.example");
        assertThat(inspection.bodyText()).contains("Hello Bob").doesNotContain("wire transfer");
        assertThat(inspection.attachmentText()).contains("wire transfer").doesNotContain("Hello Bob");
        assertThat(inspection.charsets()).contains("utf-8");
    }

    @Test
    void evaluateShouldMatchEachTargetOnlyWhereItLooks() throws Exception {
        TextRules rules = rules("""
            [{"id": "URGENT_SUBJECT", "target": "subject", "pattern": "urgent\\\\b.*invoice", "action": "quarantine"},
             {"id": "WIRE_IN_BODY", "target": "body", "pattern": "wire transfer", "action": "block"},
             {"id": "WIRE_ANYWHERE", "target": "attachments", "pattern": "wire\\\\s+transfer", "action": "tag"},
             {"id": "CAMPAIGN", "target": "header:X-Campaign", "pattern": "^spring-\\\\d{4}$", "action": "log"},
             {"id": "REPLY_ELSEWHERE", "target": "headers", "pattern": "(?m)^Reply-To: .*@elsewhere\\\\.example", "action": "tag"}]
            """);

        List<Finding> findings = rules.evaluate(message());

        assertThat(findings).extracting(Finding::ruleId).containsExactly("CONTENT_RULE_URGENT_SUBJECT", "CONTENT_RULE_WIRE_ANYWHERE",
            "CONTENT_RULE_CAMPAIGN", "CONTENT_RULE_REPLY_ELSEWHERE");
        assertThat(findings.get(0).action()).contains(Action.QUARANTINE);
        assertThat(findings.get(0).reason()).isEqualTo("rule URGENT_SUBJECT matched the subject: \"Urgent: invoice\"");
        assertThat(findings.get(2).action()).isEmpty();
    }

    @Test
    void keywordListsShouldAddTheWeightsOfDistinctWholePhrasesAgainstTheThreshold() throws Exception {
        String list = """
            [{"id": "FRAUD_WORDS", "target": "any", "threshold": 10, "action": "quarantine",
              "keywords": [{"phrase": "wire  Transfer", "weight": 6}, {"phrase": "urgent", "weight": 4}, {"phrase": "account", "weight": 1},
                           {"phrase": "voice", "weight": 50}]}]
            """;

        List<Finding> findings = rules(list).evaluate(message());

        // "voice" is inside "invoice", not a whole word: it does not count
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("CONTENT_RULE_FRAUD_WORDS");
            assertThat(finding.reason()).contains("scored 11 (threshold 10)", "wire transfer +6", "urgent +4", "account +1");
        });
        assertThat(rules(list.replace("\"threshold\": 10", "\"threshold\": 12")).evaluate(message())).isEmpty();
    }

    @Test
    void patternsShouldRunInLinearTimeOnHostileText() throws Exception {
        // (a+)+$ against many a's and a final ! takes exponential time with a backtracking engine
        String hostile = "a".repeat(50_000) + "!";
        byte[] raw = ("From: x@example.com\r\nSubject: s\r\n\r\n" + hostile + "\r\n").getBytes(StandardCharsets.US_ASCII);

        List<Finding> findings = rules("[{\"id\": \"NESTED\", \"target\": \"body\", \"pattern\": \"(a+)+$\", \"action\": \"tag\"}]")
            .evaluate(INSPECTOR.inspectMessage(raw));

        assertThat(findings).isEmpty();
    }

    @Test
    void parseShouldRefuseBadRulesWithTheirPath() {
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"(unclosed\", \"action\": \"tag\"}]",
            "content.textRules[0].pattern", "not a valid RE2 regular expression");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"(a)\\\\1\", \"action\": \"tag\"}]",
            "content.textRules[0].pattern", "backreferences");
        assertInvalid("[{\"id\": \"a-b\", \"target\": \"body\", \"pattern\": \"x\", \"action\": \"tag\"}]", "content.textRules[0].id", "upper case");
        assertInvalid("[{\"id\": \"A\", \"target\": \"footer\", \"pattern\": \"x\", \"action\": \"tag\"}]", "content.textRules[0].target", "subject");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"x\", \"action\": \"strip\"}]", "content.textRules[0].action", "block");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"x\", \"keywords\": [], \"action\": \"tag\"}]",
            "content.textRules[0]", "either a pattern or keywords");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"threshold\": 0, \"keywords\": [{\"phrase\": \"x\"}], \"action\": \"tag\"}]",
            "content.textRules[0].threshold", "at least 1");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"threshold\": 1, \"keywords\": [{\"phrase\": \"x\", \"weight\": -1}], \"action\": \"tag\"}]",
            "content.textRules[0].keywords[0].weight", "1 to 1000");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"x\", \"action\": \"tag\"},"
            + " {\"id\": \"A\", \"target\": \"subject\", \"pattern\": \"y\", \"action\": \"tag\"}]", "content.textRules[1].id", "used by another rule");
        assertInvalid("[{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"x\", \"action\": \"tag\", \"flags\": 1}]",
            "content.textRules[0].flags", "");
    }

    @Test
    void contentPolicyShouldRequireTheAdminAddressForACopyRule() {
        assertThatThrownBy(() -> ContentPolicy.parse(MAPPER.readTree(
            "{\"textRules\": [{\"id\": \"A\", \"target\": \"body\", \"pattern\": \"x\", \"action\": \"copy\"}]}")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("content.adminAddress"));
    }
}
