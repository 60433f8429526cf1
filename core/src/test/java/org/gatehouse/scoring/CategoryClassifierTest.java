package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class CategoryClassifierTest {
    private final CategoryClassifier classifier = new CategoryClassifier();

    private Classification classify(String headersAndBody) {
        return classifier.classify(SignalsTest.message(headersAndBody));
    }

    @Test
    void classifyShouldSayCorporateWithoutEvidenceWhenThereIsNoBulkSign() {
        Classification classification = classify("From: alice@example.com\nSubject: lunch?\n\nSee you at noon\n");

        assertThat(classification.category()).isEqualTo(Category.CORPORATE);
        assertThat(classification.evidence()).isEmpty();
    }

    @Test
    void classifyShouldSayMailingListWhenListHeadersArePresent() throws IOException {
        Classification classification = classifier.classify(ScoringEngineTest.resource("/corpora/spamassassin-tdata/nice/mailman_message.txt"));

        assertThat(classification.category()).isEqualTo(Category.MAILING_LIST);
        assertThat(classification.evidence()).contains("List-Id: Wine Announcements <wine-announce.winehq.com>", "List-Post header",
                "List-Unsubscribe header", "Precedence: bulk");
    }

    @Test
    void classifyShouldSayMailingListWhenPrecedenceIsList() {
        assertThat(classify("Precedence: list\n\nbody\n").category()).isEqualTo(Category.MAILING_LIST);
    }

    @Test
    void classifyShouldSayMarketingWhenListUnsubscribeOrFeedbackIdWithoutList() {
        assertThat(classify("List-Unsubscribe: <https://shop.example/u>\nSubject: Spring sale\n\nbody\n").category())
                .isEqualTo(Category.MARKETING);
        Classification feedback = classify("Feedback-ID: 123:campaign:esp\n\nbody\n");
        assertThat(feedback.category()).isEqualTo(Category.MARKETING);
        assertThat(feedback.evidence()).containsExactly("Feedback-ID: 123:campaign:esp");
    }

    @Test
    void classifyShouldSayTransactionalWhenSubjectOrBodyDescribesTheRecipientsOwnAction() {
        assertThat(classify("Subject: Your receipt from Example Shop\nList-Unsubscribe: <https://u>\n\nbody\n").category())
                .isEqualTo(Category.TRANSACTIONAL);
        assertThat(classify("Subject: Account\n\nClick to reset your password.\n").evidence())
                .containsExactly("body says \"reset your password\"");
        assertThat(classify("Auto-Submitted: auto-generated\n\nbody\n").category()).isEqualTo(Category.TRANSACTIONAL);
        assertThat(classify("Auto-Submitted: no\n\nbody\n").category()).isEqualTo(Category.CORPORATE);
    }

    @Test
    void classifyShouldSayBulkWhenPlatformHeadersOrPrecedenceBulkWithoutUnsubscribe() {
        assertThat(classify("X-SG-EID: abc\n\nbody\n").evidence()).containsExactly("X-SG-EID header (bulk-sending platform)");
        assertThat(classify("X-Mailgun-Sid: abc\n\nbody\n").category()).isEqualTo(Category.BULK);
        assertThat(classify("Precedence: junk\n\nbody\n").category()).isEqualTo(Category.BULK);
    }

    @Test
    void classifyShouldSaySocialMediaWhenTheSenderIsASocialNetwork() {
        Classification classification = classify("From: Facebook <notification@facebookmail.com>\nList-Unsubscribe: <https://u>\n\nbody\n");

        assertThat(classification.category()).isEqualTo(Category.SOCIAL_MEDIA);
        assertThat(classification.evidence()).startsWith("From domain facebookmail.com is the social network facebookmail.com");
    }
}
