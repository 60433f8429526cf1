package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.ACME;
import static org.gatehouse.smtp.SmtpTestFixtures.GLOBEX;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeName;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;

class EndOfDataDecisionTest {
    private static final HookResult CONTENT_REFUSAL = refusal("5.7.1 Message refused by the recipient's content policy: X");
    private static final HookResult SPAM_REFUSAL = refusal("5.7.1 Message refused as spam (score 12.0, rules Y)");

    /** No relay tenant: bob is acme's recipient, carol globex's. */
    private static final MessageTenants ACME_AND_GLOBEX = tenants(Optional.empty(),
        Map.of("bob@acme.example", Optional.of(ACME)), Map.of("carol@globex.example", Optional.of(GLOBEX)));
    /** acme's relay client writing to globex and to an address in no tenant's domain. */
    private static final MessageTenants FROM_ACME_TO_GLOBEX = tenants(Optional.of(ACME),
        Map.of("carol@globex.example", Optional.of(GLOBEX)), Map.of("dave@elsewhere.example", Optional.empty()));

    private final SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
    private final FakeMail mail = mail();

    private static FakeMail mail() {
        try {
            return FakeMail.builder().name("m1").sender("alice@sender.example").recipient("bob@acme.example").build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static MessageTenants tenants(Optional<TenantId> relay, Map<String, Optional<TenantId>>... owners) {
        Map<String, Optional<TenantId>> all = new LinkedHashMap<>();
        for (Map<String, Optional<TenantId>> owner : owners) {
            all.putAll(owner);
        }
        return MessageTenants.of(relay, all);
    }

    private static HookResult refusal(String description) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550").smtpDescription(description).build();
    }

    private static Decision decision(String check, TenantId tenant, Direction direction, Action action, String... rules) {
        return Decision.of(check, Stage.DATA, tenant, direction, 1, action, List.of(rules));
    }

    private static Map<TenantId, EndOfDataDecision.Block> block(TenantId tenant, HookResult reply, String rule) {
        return Map.of(tenant, new EndOfDataDecision.Block(reply, RefusalDetails.of(rule, rule + " reason")));
    }

    private List<Decision> attributeDecisions() {
        return mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))
            .map(attribute -> Decision.read((String) attribute.getValue().value()))
            .orElseThrow();
    }

    @Test
    void addShouldRefuseWhenBlocksOfTwoChecksForTwoTenantsTogetherLeaveNothingToDeliver() {
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        HookResult first = decision.add(session, mail, ACME_AND_GLOBEX,
            List.of(decision("content", ACME, Direction.INBOUND, Action.BLOCK, "CONTENT_DENIED_TYPE"),
                decision("content", GLOBEX, Direction.INBOUND, Action.PASS)),
            block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));
        HookResult second = decision.add(session, mail, ACME_AND_GLOBEX,
            List.of(decision("scoring", GLOBEX, Direction.INBOUND, Action.BLOCK, "SPAM_SCORE_REJECT")),
            block(GLOBEX, SPAM_REFUSAL, "SPAM_SCORE_REJECT"));

        assertThat(first).isEqualTo(HookResult.DECLINED);
        assertThat(second).isSameAs(CONTENT_REFUSAL);
        assertThat(RefusalDetails.take(session)).contains(new RefusalDetails(List.of("CONTENT_DENIED_TYPE", "SPAM_SCORE_REJECT"),
            List.of("CONTENT_DENIED_TYPE reason", "SPAM_SCORE_REJECT reason")));
    }

    @Test
    void addShouldDeclineWhenOnlyOneOfTwoRecipientTenantsBlocks() {
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        HookResult result = decision.add(session, mail, ACME_AND_GLOBEX,
            List.of(decision("content", GLOBEX, Direction.INBOUND, Action.BLOCK, "CONTENT_DENIED_TYPE")),
            block(GLOBEX, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));

        assertThat(result).isEqualTo(HookResult.DECLINED);
        assertThat(decision.decided(ACME_AND_GLOBEX)).isFalse();
        assertThat(RefusalDetails.take(session)).isEmpty();
    }

    @Test
    void addShouldRefuseWhenTheOutboundTenantBlocksEvenThoughTheInboundTenantsPass() {
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        HookResult result = decision.add(session, mail, FROM_ACME_TO_GLOBEX,
            List.of(decision("content", ACME, Direction.OUTBOUND, Action.BLOCK, "CONTENT_DENIED_TYPE"),
                decision("content", GLOBEX, Direction.INBOUND, Action.PASS)),
            block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));

        assertThat(result).isSameAs(CONTENT_REFUSAL);
        assertThat(decision.decided(FROM_ACME_TO_GLOBEX)).isTrue();
    }

    @Test
    void addShouldAnswerTheOutboundTenantsRefusalWhenAnInboundTenantBlockedFirst() {
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        HookResult first = decision.add(session, mail, FROM_ACME_TO_GLOBEX, List.of(), block(GLOBEX, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));
        HookResult second = decision.add(session, mail, FROM_ACME_TO_GLOBEX, List.of(), block(ACME, SPAM_REFUSAL, "SPAM_SCORE_REJECT"));

        assertThat(first).isEqualTo(HookResult.DECLINED);
        assertThat(second).isSameAs(SPAM_REFUSAL);
    }

    @Test
    void addShouldKeepATenantsFirstRefusalWhenALaterCheckBlocksItToo() {
        MessageTenants acmeOnly = tenants(Optional.empty(), Map.of("bob@acme.example", Optional.of(ACME)));
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        decision.add(session, mail, acmeOnly, List.of(), block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));
        HookResult second = decision.add(session, mail, acmeOnly, List.of(), block(ACME, SPAM_REFUSAL, "SPAM_SCORE_REJECT"));

        assertThat(second).isSameAs(CONTENT_REFUSAL);
    }

    @Test
    void decidedShouldBeFalseUntilTheBlocksLeaveNothingToDeliver() {
        EndOfDataDecision decision = EndOfDataDecision.of(session);
        assertThat(decision.decided(ACME_AND_GLOBEX)).isFalse();

        decision.add(session, mail, ACME_AND_GLOBEX, List.of(), block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));
        assertThat(decision.decided(ACME_AND_GLOBEX)).isFalse();

        decision.add(session, mail, ACME_AND_GLOBEX, List.of(), block(GLOBEX, SPAM_REFUSAL, "SPAM_SCORE_REJECT"));
        assertThat(decision.decided(ACME_AND_GLOBEX)).isTrue();
    }

    @Test
    void decidedShouldBeFalseWhenARecipientInNoTenantsDomainIsLeft() {
        MessageTenants withExternal = tenants(Optional.empty(), Map.of("bob@acme.example", Optional.of(ACME)),
            Map.of("dave@elsewhere.example", Optional.empty()));
        EndOfDataDecision decision = EndOfDataDecision.of(session);

        assertThat(decision.add(session, mail, withExternal, List.of(), block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE")))
            .isEqualTo(HookResult.DECLINED);
        assertThat(decision.decided(withExternal)).isFalse();
    }

    @Test
    void addShouldAccumulateTheDecisionsAttributeAcrossCalls() {
        Decision content = decision("content", ACME, Direction.INBOUND, Action.PASS);
        Decision sender = decision("sender", ACME, Direction.INBOUND, Action.QUARANTINE, "SPF_FAIL");
        Decision scoring = decision("scoring", GLOBEX, Direction.INBOUND, Action.PASS);

        EndOfDataDecision.of(session).add(session, mail, ACME_AND_GLOBEX, List.of(content), Map.of());
        assertThat(attributeDecisions()).containsExactly(content);
        EndOfDataDecision.of(session).add(session, mail, ACME_AND_GLOBEX, List.of(sender, scoring), Map.of());

        assertThat(attributeDecisions()).containsExactly(content, sender, scoring);
        assertThat(EndOfDataDecision.of(session).decisions()).containsExactly(content, sender, scoring);
    }

    @Test
    void ofShouldStartAfreshForANewTransaction() {
        EndOfDataDecision first = EndOfDataDecision.of(session);
        first.add(session, mail, ACME_AND_GLOBEX, List.of(decision("content", ACME, Direction.INBOUND, Action.PASS)),
            block(ACME, CONTENT_REFUSAL, "CONTENT_DENIED_TYPE"));
        assertThat(EndOfDataDecision.of(session)).isSameAs(first);

        session.resetState();

        EndOfDataDecision second = EndOfDataDecision.of(session);
        assertThat(second).isNotSameAs(first);
        assertThat(second.decisions()).isEmpty();
        assertThat(second.add(session, mail, ACME_AND_GLOBEX, List.of(), block(GLOBEX, SPAM_REFUSAL, "SPAM_SCORE_REJECT")))
            .isEqualTo(HookResult.DECLINED);
    }
}
