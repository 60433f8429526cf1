package org.gatehouse.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.gatehouse.scoring.learning.Label;
import org.junit.jupiter.api.Test;

class QuarantineDecisionTest {
    @Test
    void teachesShouldLearnAReleaseAsHamExceptFromTheVirusFamily() {
        for (QuarantineFamily family : QuarantineFamily.values()) {
            assertThat(QuarantineDecision.RELEASE.teaches(family)).as(family.asString())
                .isEqualTo(family == QuarantineFamily.VIRUS ? Optional.empty() : Optional.of(Label.HAM));
        }
    }

    @Test
    void teachesShouldLearnADeleteAsSpamOnlyWhenTheSpamOrPhishingChecksHeldIt() {
        assertThat(QuarantineDecision.DELETE.teaches(QuarantineFamily.SPAM)).contains(Label.SPAM);
        assertThat(QuarantineDecision.DELETE.teaches(QuarantineFamily.PHISHING)).contains(Label.SPAM);
        assertThat(QuarantineDecision.DELETE.teaches(QuarantineFamily.POLICY)).isEmpty();
        assertThat(QuarantineDecision.DELETE.teaches(QuarantineFamily.DLP)).isEmpty();
        assertThat(QuarantineDecision.DELETE.teaches(QuarantineFamily.VIRUS)).isEmpty();
    }

    @Test
    void teachesShouldLearnAReportAsSpamAndThePurgeAsNothingWhateverTheFamily() {
        for (QuarantineFamily family : QuarantineFamily.values()) {
            assertThat(QuarantineDecision.REPORT_SPAM.teaches(family)).contains(Label.SPAM);
            assertThat(QuarantineDecision.PURGE.teaches(family)).isEmpty();
        }
    }
}
