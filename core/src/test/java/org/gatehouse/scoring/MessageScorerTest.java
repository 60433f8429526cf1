package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

class MessageScorerTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final byte[] RAW = ("From: a@shop.example\r\nTo: b@acme.example\r\nSubject: hi\r\n"
        + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\n\r\nHello.\r\n").getBytes(StandardCharsets.UTF_8);

    /** Remembers the sender verdict it was asked with. */
    private static final class RecordingContributor implements ScoreContributor {
        private final List<Verdict> seen = new ArrayList<>();

        @Override
        public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
            seen.add(senderVerdict);
            return List.of();
        }
    }

    @Test
    void decideShouldGiveEachTenantsSenderVerdictToPerTenantContributorsWhenScoring() {
        RecordingContributor contributor = new RecordingContributor();
        MessageScorer scorer = new MessageScorer(new ScoringPolicies(new TenantPolicies(new InMemoryPolicyStore()), ScoringDefaults.builtIn()),
            Set.of(contributor));
        Verdict senderVerdict = Verdict.of(List.of(Finding.of("DMARC_PASS", "dmarc", "pass", "From shop.example passes DMARC")));

        scorer.decide(Map.of(ACME, senderVerdict), RAW, ParsedMessage.parse(RAW));

        assertThat(contributor.seen).containsExactly(senderVerdict);
    }
}
