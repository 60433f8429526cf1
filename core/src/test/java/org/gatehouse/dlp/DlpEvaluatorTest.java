package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

class DlpEvaluatorTest {
    private static final List<String> CARDS = List.of("4111111111111111", "5555555555554444", "378282246310005",
        "6011111111111117", "3530111333300000");
    private static final Set<DomainName> TENANT = Set.of(DomainName.of("example.com"));
    private static final DlpEvaluator EVALUATOR = new DlpEvaluator();

    private static DlpEnvelope outbound(String... recipients) {
        return new DlpEnvelope(Direction.OUTBOUND, Optional.of("alice@example.com"), List.of(recipients), TENANT);
    }

    private static DlpContent spreadsheetWith(int cards) {
        String sheet = "name,card\n" + IntStream.range(0, cards).mapToObj(i -> "holder" + i + "," + CARDS.get(i))
            .collect(Collectors.joining("\n"));
        return DlpContent.of("Q3 refunds", "See the attached sheet.").withAttachment("refunds.zip/refunds.xlsx", sheet);
    }

    private static DlpResult evaluate(String policy, DlpContent content, DlpEnvelope envelope) throws Exception {
        return EVALUATOR.evaluate(DlpPolicyTest.parse(policy), content, envelope);
    }

    private static final String PCI_BLOCK_3 =
        "{'rules': [{'id': 'PCI_EXTERNAL', 'description': 'Card numbers to outside recipients', 'categories': ['PCI'],"
            + " 'minCount': 3, 'recipients': 'external', 'action': 'block'}]}";

    @Test
    void evaluateShouldDoNothingWhenFewerCardsThanTheMinimum() throws Exception {
        DlpResult result = evaluate(PCI_BLOCK_3, spreadsheetWith(1), outbound("bob@partner.example"));

        assertThat(result.fired()).isEmpty();
        assertThat(result.action()).isEmpty();
        assertThat(result.findings()).isEmpty();
        assertThat(result.scan().count("PAYMENT_CARD")).isEqualTo(1);
    }

    @Test
    void evaluateShouldBlockFiveCardsInAnAttachmentAndMaskThemEverywhere() throws Exception {
        DlpResult result = evaluate(PCI_BLOCK_3, spreadsheetWith(5), outbound("bob@partner.example"));

        assertThat(result.action()).contains(DlpAction.BLOCK);
        Finding finding = result.findings().get(0);
        assertThat(finding.ruleId()).isEqualTo("DLP_PCI_EXTERNAL");
        assertThat(finding.check()).isEqualTo("dlp");
        assertThat(finding.result()).isEqualTo("block");
        assertThat(finding.action()).contains(Action.BLOCK);
        assertThat(finding.reason()).isEqualTo("5 payment card numbers in attachment refunds.zip/refunds.xlsx (minimum 3): "
            + "****-****-****-1111, ****-****-****-4444, ****-****-****-0005 and 2 more");
        assertThat(result.verdict().action()).isEqualTo(Action.BLOCK);
        assertThat(result.senderExplanation()).containsExactly("Rule PCI_EXTERNAL (Card numbers to outside recipients): "
            + "5 payment card numbers in attachment refunds.zip/refunds.xlsx (minimum 3): "
            + "****-****-****-1111, ****-****-****-4444, ****-****-****-0005 and 2 more");
        String everything = String.join("\n", result.verdict().explanation()) + result.senderExplanation() + result;
        CARDS.forEach(card -> assertThat(everything).doesNotContain(card, card.substring(0, 12)));
    }

    @Test
    void evaluateShouldCountTheSameCardOnceWhereverItIsRepeated() throws Exception {
        String card = CARDS.get(0);
        DlpContent content = DlpContent.of("card " + card, card + " " + card).withAttachment("a.txt", card);

        DlpResult result = evaluate(PCI_BLOCK_3, content, outbound("bob@partner.example"));

        assertThat(result.fired()).isEmpty();
    }

    @Test
    void evaluateShouldSkipOutboundRulesForInboundMailAndApplyInboundOnes() throws Exception {
        DlpEnvelope inbound = new DlpEnvelope(Direction.INBOUND, Optional.of("x@partner.example"), List.of("alice@example.com"), TENANT);
        String both = "{'rules': [{'id': 'PCI_ANY', 'categories': ['PCI'], 'direction': 'both', 'action': 'tag'}]}";
        String in = "{'rules': [{'id': 'PCI_IN', 'categories': ['PCI'], 'direction': 'inbound', 'action': 'quarantine'}]}";

        assertThat(evaluate(PCI_BLOCK_3, spreadsheetWith(5), inbound).fired()).isEmpty();
        assertThat(evaluate(both, spreadsheetWith(1), inbound).action()).contains(DlpAction.TAG);
        assertThat(evaluate(in, spreadsheetWith(1), inbound).action()).contains(DlpAction.QUARANTINE);
        assertThat(evaluate(in, spreadsheetWith(1), outbound("bob@partner.example")).fired()).isEmpty();
    }

    @Test
    void evaluateShouldApplyExternalRulesOnlyWhenARecipientIsOutsideTheTenant() throws Exception {
        assertThat(evaluate(PCI_BLOCK_3, spreadsheetWith(5), outbound("carol@example.com", "dan@sales.example.com")).fired()).isEmpty();
        assertThat(evaluate(PCI_BLOCK_3, spreadsheetWith(5), outbound("carol@example.com", "bob@partner.example")).action())
            .contains(DlpAction.BLOCK);
        assertThat(evaluate(PCI_BLOCK_3, spreadsheetWith(5), outbound("no-domain")).action()).contains(DlpAction.BLOCK);
    }

    @Test
    void evaluateShouldApplyInternalRulesOnlyWhenARecipientIsInsideTheTenant() throws Exception {
        String internal = "{'rules': [{'id': 'PCI_INTERNAL', 'categories': ['PCI'], 'recipients': 'internal', 'action': 'log'}]}";

        assertThat(evaluate(internal, spreadsheetWith(1), outbound("bob@partner.example")).fired()).isEmpty();
        DlpResult result = evaluate(internal, spreadsheetWith(1), outbound("dan@sales.example.com"));
        assertThat(result.action()).contains(DlpAction.LOG);
        assertThat(result.findings().get(0).action()).isEmpty();
        assertThat(result.verdict().action()).isEqualTo(Action.PASS);
    }

    @Test
    void evaluateShouldHonourSenderAndRecipientDomainLists() throws Exception {
        String policy = "{'rules': [{'id': 'FINANCE', 'categories': ['PCI'], 'senderDomains': ['finance.example.com'],"
            + " 'recipientDomains': ['partner.example'], 'exceptRecipientDomains': ['processor.partner.example'], 'action': 'quarantine'}]}";
        DlpEnvelope fromFinance = new DlpEnvelope(Direction.OUTBOUND, Optional.of("eve@finance.example.com"),
            List.of("bob@partner.example"), TENANT);
        DlpEnvelope toProcessor = new DlpEnvelope(Direction.OUTBOUND, Optional.of("eve@finance.example.com"),
            List.of("pay@processor.partner.example"), TENANT);
        DlpEnvelope nullSender = new DlpEnvelope(Direction.OUTBOUND, Optional.empty(), List.of("bob@partner.example"), TENANT);

        assertThat(evaluate(policy, spreadsheetWith(1), fromFinance).action()).contains(DlpAction.QUARANTINE);
        assertThat(evaluate(policy, spreadsheetWith(1), outbound("bob@partner.example")).fired()).isEmpty();
        assertThat(evaluate(policy, spreadsheetWith(1), toProcessor).fired()).isEmpty();
        assertThat(evaluate(policy, spreadsheetWith(1), nullSender).fired()).isEmpty();
    }

    @Test
    void evaluateShouldLetTheMostSevereFiredRuleWinAndStillNotify() throws Exception {
        String policy = "{'rules': [{'id': 'TELL', 'categories': ['PCI'], 'action': 'notify'},"
            + " {'id': 'HOLD', 'categories': ['PCI'], 'minCount': 2, 'action': 'quarantine'},"
            + " {'id': 'STOP', 'categories': ['PCI'], 'minCount': 10, 'action': 'block'},"
            + " {'id': 'MARK', 'categories': ['PCI'], 'action': 'tag'}]}";

        DlpResult result = evaluate(policy, spreadsheetWith(5), outbound("bob@partner.example"));

        assertThat(result.fired()).extracting(fired -> fired.rule().id()).containsExactly("TELL", "HOLD", "MARK");
        assertThat(result.action()).contains(DlpAction.QUARANTINE);
        assertThat(result.notifyAdmin()).isTrue();
        assertThat(result.verdict().action()).isEqualTo(Action.QUARANTINE);
        assertThat(result.verdict().ruleIds()).containsExactly("DLP_TELL", "DLP_HOLD", "DLP_MARK");
        assertThat(result.senderExplanation()).isEmpty();
    }

    @Test
    void evaluateShouldAddUpTheDetectorsOfARule() throws Exception {
        String policy = "{'rules': [{'id': 'IDS', 'detectors': ['US_SSN', 'UK_NINO', 'IBAN'], 'minCount': 3, 'action': 'block'}]}";
        DlpContent two = DlpContent.of("", "SSN 536-22-1234 and NINO AB 12 34 56 C");
        DlpContent three = DlpContent.of("", "SSN 536-22-1234 and NINO AB 12 34 56 C").withAttachment("iban.txt", "DE89370400440532013000");

        assertThat(evaluate(policy, two, outbound("x@partner.example")).fired()).isEmpty();
        DlpResult result = evaluate(policy, three, outbound("x@partner.example"));
        assertThat(result.findings().get(0).reason()).isEqualTo("1 US social security numbers, 1 UK national insurance numbers, 1 IBANs"
            + " in body, attachment iban.txt (minimum 3): ***-**-1234, ** ** ** 56 C, DE****************3000");
    }

    @Test
    void evaluateShouldFireOnBulkListsOnlyFromTwentyDistinctAddresses() throws Exception {
        String policy = "{'rules': [{'id': 'CONTACTS', 'detectors': ['EMAIL_LIST'], 'action': 'quarantine'}]}";
        String nineteen = IntStream.range(0, 19).mapToObj(i -> "user" + i + "@customer.example").collect(Collectors.joining("\n"));

        assertThat(evaluate(policy, DlpContent.of("", nineteen), outbound("x@partner.example")).fired()).isEmpty();
        DlpResult result = evaluate(policy, DlpContent.of("", nineteen + "\nlast@customer.example"), outbound("x@partner.example"));
        assertThat(result.fired()).hasSize(1);
        assertThat(result.findings().get(0).reason()).startsWith("20 email addresses in body (minimum 1): u***@customer.example");
    }

    @Test
    void evaluateShouldFireOnHealthDataNearMedicalTerms() throws Exception {
        String policy = "{'rules': [{'id': 'PHI', 'categories': ['HIPAA'], 'minCount': 2, 'action': 'block'}]}";
        DlpContent content = DlpContent.of("Discharge summary", "Patient: J. Smith, NPI 1234567893. Diagnoses: E11.9, I10.");

        DlpResult result = evaluate(policy, content, outbound("x@partner.example"));

        assertThat(result.fired().get(0).count()).isEqualTo(3);
        assertThat(result.findings().get(0).reason()).doesNotContain("E11", "I10", "1234567893");
    }

    @Test
    void evaluateShouldUseTheTenantsPatternsAndWeightedKeywords() throws Exception {
        String policy = "{'patterns': [{'id': 'EMPLOYEE_ID', 'regex': '\\\\bEMP-[0-9]{6}\\\\b'}],"
            + " 'keywords': [{'id': 'FALCON', 'terms': {'Project Falcon': 5, 'confidential': 2, 'internal only': 1}}],"
            + " 'rules': [{'id': 'STAFF', 'detectors': ['EMPLOYEE_ID'], 'minCount': 2, 'action': 'quarantine'},"
            + " {'id': 'SECRET', 'detectors': ['FALCON'], 'minCount': 7, 'action': 'block'}]}";
        DlpContent content = DlpContent.of("CONFIDENTIAL: project-falcon", "Staff EMP-123456 and EMP-654321, EMP-123456 again."
            + " Confidential. Internal-only? No.");

        DlpResult result = evaluate(policy, content, outbound("x@partner.example"));

        assertThat(result.fired()).extracting(fired -> fired.rule().id()).containsExactly("STAFF", "SECRET");
        assertThat(result.fired().get(1).count()).isEqualTo(8);
        assertThat(result.action()).contains(DlpAction.BLOCK);
        assertThat(result.findings().get(0).reason()).isEqualTo(
            "2 matches of pattern EMPLOYEE_ID in body (minimum 2): ********56, ********21");
        assertThat(result.findings().get(1).reason()).isEqualTo(
            "8 weighted keywords of list FALCON in subject, body (minimum 7): **********al, ************on, ***********ly");
        assertThat(String.join("\n", result.verdict().explanation())).doesNotContain("EMP-123456", "EMP-654321", "falcon");
    }

    @Test
    void evaluateShouldScanNothingWhenNoRuleApplies() throws Exception {
        DlpResult result = evaluate(PCI_BLOCK_3, spreadsheetWith(5), outbound("carol@example.com"));

        assertThat(result.scan().scannedChars()).isZero();
        assertThat(EVALUATOR.evaluate(DlpPolicy.none(), spreadsheetWith(5), outbound("bob@partner.example")))
            .isEqualTo(DlpResult.nothing());
    }

    @Test
    void evaluateShouldReportTextLeftUnreadByTheLimits() throws Exception {
        DlpEvaluator small = new DlpEvaluator(new DlpLimits(1000, 40));

        DlpResult result = small.evaluate(DlpPolicyTest.parse(PCI_BLOCK_3), spreadsheetWith(5), outbound("bob@partner.example"));

        Verdict verdict = result.verdict();
        assertThat(verdict.ruleIds()).containsExactly("DLP_SCAN_TRUNCATED");
        assertThat(verdict.findings().get(0).reason()).startsWith("scanned the first 40 characters;");
        assertThat(verdict.action()).isEqualTo(Action.PASS);
    }
}
