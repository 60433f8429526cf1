package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.base.Ticker;

class BayesLearningTest {
    static final TenantId ACME = BayesStoreContract.ACME;
    static final TenantId GLOBEX = BayesStoreContract.GLOBEX;
    static final BayesSettings TWO_EACH = new BayesSettings(true, 2, 2);
    static final List<String> SPAM_TEXTS = List.of(
        "Cheap pills online, lowest price pharmacy, order viagra now",
        "Pharmacy discount: viagra and cialis without prescription, cheap",
        "Order cheap meds now from our online pharmacy, huge discount");
    static final List<String> HAM_TEXTS = List.of(
        "The minutes of Monday's project meeting are on the wiki",
        "Agenda for the project meeting: budget review and the release plan",
        "Please review the release plan before the meeting on Thursday");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    /** A message of its own (Message-ID from the id) with this subject and text. */
    static byte[] raw(int id, String subject, String text) {
        return ("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + id + "@sender.example>\r\n"
            + "From: sender" + id + "@sender.example\r\n"
            + "To: bob@acme.example\r\n"
            + "Subject: " + subject + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static void train(BayesLearning learning, int spam, int ham) {
        for (int i = 0; i < spam; i++) {
            learning.learn(ACME, raw(100 + i, "Offer", SPAM_TEXTS.get(i % SPAM_TEXTS.size())), Label.SPAM);
        }
        for (int i = 0; i < ham; i++) {
            learning.learn(ACME, raw(200 + i, "Project", HAM_TEXTS.get(i % HAM_TEXTS.size())), Label.HAM);
        }
    }

    BayesLearning learning(BayesSettings settings) {
        return new BayesLearning(new JdbcBayesStore(derby.database()), settings);
    }

    @BeforeEach
    void createTenant() {
        new JdbcTenantStore(derby.database()).save(BayesStoreContract.tenant(ACME));
        new JdbcTenantStore(derby.database()).save(BayesStoreContract.tenant(GLOBEX));
    }

    @Test
    void learnShouldAnswerAlreadyKnownWhenADeliveredCopyOfALearntMessageIsLearnt() {
        BayesLearning learning = learning(TWO_EACH);
        byte[] original = raw(1, "Offer", SPAM_TEXTS.get(0));
        byte[] delivered = ("Return-Path: <sender1@sender.example>\r\nReceived: from gateway by mailbox\r\n"
            + "X-Gatehouse-Score: 64\r\n" + new String(original, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

        assertThat(learning.learn(ACME, original, Label.SPAM)).isEqualTo(LearnOutcome.LEARNT);
        assertThat(learning.learn(ACME, delivered, Label.SPAM)).isEqualTo(LearnOutcome.ALREADY_KNOWN);
        assertThat(learning.learn(ACME, delivered, Label.HAM)).isEqualTo(LearnOutcome.RELABELLED);
        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void classifyShouldBeEmptyUntilTheTenantLearntTheMinimumOfEachLabel() {
        BayesLearning learning = learning(TWO_EACH);
        ParsedMessage message = ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0)));
        train(learning, 2, 1);

        assertThat(learning.classify(ACME, message)).isEmpty();

        train(learning, 2, 2);
        assertThat(learning.classify(ACME, message)).isPresent();
    }

    private static Ticker ticker(AtomicLong nanos) {
        return new Ticker() {
            @Override
            public long read() {
                return nanos.get();
            }
        };
    }

    @Test
    void classifyShouldSeeWhatAnotherNodeLearntOnceTheTotalsAreOlderThanTheirReuseTime() {
        AtomicLong nanos = new AtomicLong();
        JdbcBayesStore store = new JdbcBayesStore(derby.database());
        BayesLearning scoring = new BayesLearning(store, TWO_EACH, new MessageTokenizer(), ticker(nanos));
        BayesLearning otherNode = new BayesLearning(store, TWO_EACH);
        ParsedMessage message = ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0)));
        assertThat(scoring.classify(ACME, message)).isEmpty();

        train(otherNode, 2, 2);
        assertThat(scoring.classify(ACME, message)).isEmpty();

        nanos.addAndGet(BayesLearning.TOTALS_REUSED_FOR.toNanos() + 1);
        assertThat(scoring.classify(ACME, message)).isPresent();
    }

    @Test
    void classifyShouldSeeWhatThisNodeLearntAtOnce() {
        AtomicLong nanos = new AtomicLong();
        BayesLearning learning = new BayesLearning(new JdbcBayesStore(derby.database()), TWO_EACH, new MessageTokenizer(), ticker(nanos));
        ParsedMessage message = ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0)));
        assertThat(learning.classify(ACME, message)).isEmpty();

        train(learning, 2, 2);

        assertThat(learning.classify(ACME, message)).isPresent();
    }

    @Test
    void classifyShouldTellSpamFromHamLikeTheLearntMessages() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 3, 3);

        BayesLearning.Classification spam = learning.classify(ACME,
            ParsedMessage.parse(raw(1, "Offer", "Huge discount at our online pharmacy: cheap viagra, order now"))).orElseThrow();
        BayesLearning.Classification ham = learning.classify(ACME,
            ParsedMessage.parse(raw(2, "Project", "Moving the project meeting: please review the agenda on the wiki"))).orElseThrow();

        assertThat(spam.probability().spamProbability()).isGreaterThan(0.8);
        assertThat(ham.probability().spamProbability()).isLessThan(0.2);
        assertThat(spam.totals()).isEqualTo(new TrainingTotals(3, 3));
    }

    @Test
    void statusShouldReportTotalsTokensAndWhetherTheClassifierAnswers() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 2, 1);

        LearningStatus untrained = learning.status(ACME);
        train(learning, 2, 2);
        LearningStatus trained = learning.status(ACME);

        assertThat(untrained.totals()).isEqualTo(new TrainingTotals(2, 1));
        assertThat(untrained.tokens()).isPositive();
        assertThat(untrained.active()).isFalse();
        assertThat(trained.totals()).isEqualTo(new TrainingTotals(2, 2));
        assertThat(trained.tokens()).isGreaterThan(untrained.tokens());
        assertThat(trained.active()).isTrue();
        assertThat(learning(new BayesSettings(false, 2, 2)).status(ACME).active()).isFalse();
    }

    @Test
    void learnShouldThrowWhenTheTenantDoesNotExist() {
        assertThatThrownBy(() -> learning(TWO_EACH).learn(TenantId.of("initech"), raw(1, "Offer", "text"), Label.SPAM))
            .isInstanceOf(TenantService.UnknownTenantException.class);
    }

    @Test
    void learnShouldCountEveryTenantsDecisionInTheOperatorModelOncePerMessage() {
        BayesLearning learning = learning(TWO_EACH);
        byte[] message = raw(1, "Offer", SPAM_TEXTS.get(0));

        learning.learn(ACME, message, Label.SPAM);
        learning.learn(GLOBEX, message, Label.SPAM);
        learning.learn(GLOBEX, raw(2, "Project", HAM_TEXTS.get(0)), Label.HAM);

        assertThat(learning.status(ACME).totals()).isEqualTo(new TrainingTotals(1, 0));
        assertThat(learning.status(GLOBEX).totals()).isEqualTo(new TrainingTotals(1, 1));
        assertThat(learning.operatorStatus().totals()).isEqualTo(new TrainingTotals(1, 1));
    }

    @Test
    void learnForOperatorShouldCountInTheOperatorModelOnly() {
        BayesLearning learning = learning(TWO_EACH);
        ParsedMessage message = ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0)));

        assertThat(learning.learnForOperator(message, Label.SPAM)).isEqualTo(LearnOutcome.LEARNT);
        assertThat(learning.learnForOperator(message, Label.SPAM)).isEqualTo(LearnOutcome.ALREADY_KNOWN);

        assertThat(learning.operatorStatus().totals()).isEqualTo(new TrainingTotals(1, 0));
        assertThat(learning.status(ACME).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void classifyShouldAnswerWithTheOperatorModelWhileTheTenantLearntTooLittle() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 2, 2);

        BayesLearning.Classification classification = learning.classify(GLOBEX,
            ParsedMessage.parse(raw(1, "Offer", "Huge discount at our online pharmacy: cheap viagra, order now"))).orElseThrow();

        assertThat(classification.model()).isEqualTo(BayesModel.OPERATOR);
        assertThat(classification.totals()).isEqualTo(new TrainingTotals(2, 2));
        assertThat(classification.probability().spamProbability()).isGreaterThan(0.8);
        assertThat(learning.status(GLOBEX).scoredBy()).contains(BayesModel.OPERATOR);
        assertThat(learning.status(GLOBEX).active()).isFalse();
    }

    @Test
    void classifyShouldAnswerWithTheTenantsOwnStatisticsOnceItLearntEnough() {
        BayesLearning learning = learning(TWO_EACH);
        train(learning, 2, 2);
        // globex judges the other way round: its own statistics, once enough, must win over the operator's
        for (int i = 0; i < 2; i++) {
            learning.learn(GLOBEX, raw(300 + i, "Offer", SPAM_TEXTS.get(i)), Label.HAM);
            learning.learn(GLOBEX, raw(400 + i, "Project", HAM_TEXTS.get(i)), Label.SPAM);
        }

        BayesLearning.Classification classification = learning.classify(GLOBEX,
            ParsedMessage.parse(raw(1, "Offer", "Huge discount at our online pharmacy: cheap viagra, order now"))).orElseThrow();

        assertThat(classification.model()).isEqualTo(BayesModel.of(GLOBEX));
        assertThat(classification.probability().spamProbability()).isLessThan(0.2);
        assertThat(learning.status(GLOBEX).scoredBy()).contains(BayesModel.of(GLOBEX));
    }

    @Test
    void classifyShouldBeEmptyForAnUntrainedTenantWhenTheOperatorModelIsSwitchedOff() {
        BayesLearning learning = learning(new BayesSettings(true, 2, 2, false));
        train(learning, 2, 2);

        assertThat(learning.classify(GLOBEX, ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0))))).isEmpty();
        assertThat(learning.classify(ACME, ParsedMessage.parse(raw(1, "Offer", SPAM_TEXTS.get(0))))).isPresent();
        assertThat(learning.operatorStatus().active()).isFalse();
        assertThat(learning.operatorStatus().totals()).isEqualTo(new TrainingTotals(2, 2));
    }

    @Test
    void settingsShouldRefuseAMinimumBelowOne() {
        assertThatThrownBy(() -> new BayesSettings(true, 0, 50)).hasMessageContaining("minSpam");
    }
}
