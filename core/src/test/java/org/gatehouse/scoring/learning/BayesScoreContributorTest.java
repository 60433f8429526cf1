package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.learning.BayesLearningTest.ACME;
import static org.gatehouse.scoring.learning.BayesLearningTest.TWO_EACH;
import static org.gatehouse.scoring.learning.BayesLearningTest.raw;
import static org.gatehouse.scoring.learning.BayesLearningTest.train;

import java.util.List;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BayesScoreContributorTest {
    private static final byte[] SPAMMY = raw(1, "Offer", "Huge discount at our online pharmacy: cheap viagra, order now");
    private static final byte[] HAMMY = raw(2, "Project", "Moving the project meeting: please review the agenda on the wiki");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    BayesLearning learning(BayesSettings settings) {
        return new BayesLearning(new JdbcBayesStore(derby.database()), settings);
    }

    static List<Finding> contribute(BayesScoreContributor contributor, byte[] raw) {
        return contributor.contribute(ACME, raw, ParsedMessage.parse(raw), Verdict.empty());
    }

    @BeforeEach
    void createTenant() {
        new JdbcTenantStore(derby.database()).save(BayesStoreContract.tenant(ACME));
    }

    @Test
    void contributeShouldFindTheSpamBandWithItsWeightWhenTheMessageLooksLikeLearntSpam() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 3, 3);

        List<Finding> findings = contribute(new BayesScoreContributor(learning), SPAMMY);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isIn("BAYES_SPAM", "BAYES_SPAM_SURE");
            assertThat(finding.check()).isEqualTo("bayes");
            assertThat(finding.result()).isEqualTo("spam");
            assertThat(finding.score()).isEqualTo(BayesWeights.defaults().weight(BayesBand.valueOf(finding.ruleId().substring(6))));
            assertThat(finding.reason()).contains("spam probability").contains("learnt 3 spam, 3 ham");
            assertThat(finding.action()).isEmpty();
        });
    }

    @Test
    void contributeShouldFindAHamBandWithANegativeWeightWhenTheMessageLooksLikeLearntHam() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 3, 3);

        assertThat(contribute(new BayesScoreContributor(learning), HAMMY)).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isIn("BAYES_HAM", "BAYES_HAM_SURE");
            assertThat(finding.result()).isEqualTo("ham");
            assertThat(finding.score()).isNegative();
        });
    }

    @Test
    void contributeShouldSayNothingWhileTheTenantLearntTooLittle() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 3, 1);

        assertThat(contribute(new BayesScoreContributor(learning), SPAMMY)).isEmpty();
    }

    @Test
    void contributeShouldSayNothingWhenTheClassifierIsDisabled() {
        BayesLearning learning = learning(new BayesSettings(false, 2, 2));
        train(learning, 3, 3);

        assertThat(contribute(new BayesScoreContributor(learning), SPAMMY)).isEmpty();
    }

    @Test
    void contributeShouldReportAnErrorWithScoreZeroWhenTheStoreFails() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 3, 3);
        derby.database().close();

        List<Finding> findings = contribute(new BayesScoreContributor(learning), SPAMMY);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo(BayesBand.ERROR_RULE_ID);
            assertThat(finding.check()).isEqualTo("bayes");
            assertThat(finding.result()).isEqualTo("error");
            assertThat(finding.score()).isZero();
            assertThat(finding.reason()).contains("unavailable");
        });
    }
}
