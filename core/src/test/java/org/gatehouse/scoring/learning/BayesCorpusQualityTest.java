package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How well the token classifier separates the SpamAssassin public corpus subset
 * (src/test/resources/corpora/spamassassin-public-corpus): trained through the Derby store on every other file of
 * each folder (60 spam, 80 ham), it classifies the other half. The floors are set a little below what was measured
 * (docs/learning.md); a change that lowers quality fails here.
 */
class BayesCorpusQualityTest {
    static final double ACCURACY_FLOOR = 0.70;
    static final double SPAM_IN_SPAM_BANDS_FLOOR = 0.25;
    static final double HAM_IN_HAM_BANDS_FLOOR = 0.95;
    static final double HAM_IN_SPAM_BANDS_CEILING = 0.0125;
    static final TenantId TENANT = TenantId.of("acme");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Test
    void classifierShouldSeparateTheHeldOutHalfWhenTrainedOnTheOtherHalf() throws Exception {
        Path root = Path.of(BayesCorpusQualityTest.class.getResource("/corpora/spamassassin-public-corpus").toURI());
        List<Path> spam = files(root, "spam", "spam_2");
        List<Path> ham = files(root, "easy_ham", "easy_ham_2", "hard_ham");
        new JdbcTenantStore(derby.database()).save(Tenant.of(TENANT, "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("mx.acme.example", 25, false), List.of()));
        BayesLearning learning = new BayesLearning(new JdbcBayesStore(derby.database()), BayesSettings.defaults());
        for (int i = 0; i < Math.max(spam.size(), ham.size()); i += 2) {
            if (i < spam.size()) {
                assertThat(learning.learn(TENANT, Files.readAllBytes(spam.get(i)), Label.SPAM)).isEqualTo(LearnOutcome.LEARNT);
            }
            if (i < ham.size()) {
                assertThat(learning.learn(TENANT, Files.readAllBytes(ham.get(i)), Label.HAM)).isEqualTo(LearnOutcome.LEARNT);
            }
        }

        List<Double> spamProbabilities = classifyHeldOut(learning, spam);
        List<Double> hamProbabilities = classifyHeldOut(learning, ham);

        double spamAccuracy = share(spamProbabilities, probability -> probability > 0.5);
        double hamAccuracy = share(hamProbabilities, probability -> probability < 0.5);
        double spamInSpamBands = share(spamProbabilities, probability -> BayesBand.of(probability).result().equals("spam"));
        double spamInHamBands = share(spamProbabilities, probability -> BayesBand.of(probability).result().equals("ham"));
        double hamInHamBands = share(hamProbabilities, probability -> BayesBand.of(probability).result().equals("ham"));
        double hamInSpamBands = share(hamProbabilities, probability -> BayesBand.of(probability).result().equals("spam"));
        System.out.printf("bayes quality: %d held-out spam: accuracy (p > 0.5) %.3f, in spam bands %.3f, in ham bands %.3f%n",
            spamProbabilities.size(), spamAccuracy, spamInSpamBands, spamInHamBands);
        System.out.printf("bayes quality: %d held-out ham: accuracy (p < 0.5) %.3f, in ham bands %.3f, in spam bands %.3f%n",
            hamProbabilities.size(), hamAccuracy, hamInHamBands, hamInSpamBands);
        assertThat(learning.status(TENANT).totals()).isEqualTo(new TrainingTotals(60, 80));
        assertThat((spamAccuracy * spamProbabilities.size() + hamAccuracy * hamProbabilities.size())
            / (spamProbabilities.size() + hamProbabilities.size())).isGreaterThanOrEqualTo(ACCURACY_FLOOR);
        assertThat(spamInSpamBands).isGreaterThanOrEqualTo(SPAM_IN_SPAM_BANDS_FLOOR);
        assertThat(hamInHamBands).isGreaterThanOrEqualTo(HAM_IN_HAM_BANDS_FLOOR);
        assertThat(hamInSpamBands).isLessThanOrEqualTo(HAM_IN_SPAM_BANDS_CEILING);
    }

    private static List<Double> classifyHeldOut(BayesLearning learning, List<Path> messages) throws IOException {
        List<Double> probabilities = new ArrayList<>();
        for (int i = 1; i < messages.size(); i += 2) {
            probabilities.add(learning.classify(TENANT, ParsedMessage.parse(Files.readAllBytes(messages.get(i))))
                .orElseThrow().probability().spamProbability());
        }
        return probabilities;
    }

    private static double share(List<Double> probabilities, DoublePredicate counted) {
        return (double) probabilities.stream().filter(counted::test).count() / probabilities.size();
    }

    private static List<Path> files(Path root, String... folders) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String folder : folders) {
            try (Stream<Path> listing = Files.list(root.resolve(folder))) {
                listing.filter(Files::isRegularFile).sorted().forEach(found::add);
            }
        }
        return found;
    }
}
