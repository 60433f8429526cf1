package org.gatehouse.messagelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gatehouse.messagelog.Disposition.BOUNCED;
import static org.gatehouse.messagelog.Disposition.DELIVERED;
import static org.gatehouse.messagelog.Disposition.PARTIALLY_DELIVERED;
import static org.gatehouse.messagelog.Disposition.QUARANTINED;
import static org.gatehouse.messagelog.Disposition.QUEUED;
import static org.gatehouse.messagelog.Disposition.REJECTED;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DispositionTest {
    @Test
    void ofShouldBeQueuedWhenThereIsNoRecipient() {
        assertThat(Disposition.of(List.of())).isEqualTo(QUEUED);
    }

    @ParameterizedTest
    @EnumSource(Disposition.class)
    void ofShouldBeTheStateOfEveryRecipientWhenTheyAgree(Disposition state) {
        assertThat(Disposition.of(List.of(state))).isEqualTo(state);
        assertThat(Disposition.of(List.of(state, state, state))).isEqualTo(state);
    }

    @Test
    void ofShouldFollowTheOtherRecipientsWhenSomeWereRedirected() {
        assertThat(Disposition.of(List.of(Disposition.REDIRECTED, DELIVERED))).isEqualTo(DELIVERED);
        assertThat(Disposition.of(List.of(Disposition.REDIRECTED, QUEUED))).isEqualTo(QUEUED);
        assertThat(Disposition.of(List.of(Disposition.REDIRECTED, Disposition.REDIRECTED))).isEqualTo(Disposition.REDIRECTED);
    }

    @Test
    void ofShouldBeQueuedWhileARecipientIsQueued() {
        assertThat(Disposition.of(List.of(DELIVERED, QUEUED))).isEqualTo(QUEUED);
        assertThat(Disposition.of(List.of(QUEUED, BOUNCED, DELIVERED))).isEqualTo(QUEUED);
    }

    @Test
    void ofShouldBePartiallyDeliveredWhenSomeRecipientsWereDelivered() {
        assertThat(Disposition.of(List.of(DELIVERED, BOUNCED))).isEqualTo(PARTIALLY_DELIVERED);
        assertThat(Disposition.of(List.of(QUARANTINED, DELIVERED))).isEqualTo(PARTIALLY_DELIVERED);
        assertThat(Disposition.of(List.of(DELIVERED, REJECTED, DELIVERED))).isEqualTo(PARTIALLY_DELIVERED);
    }

    @Test
    void ofShouldBeTheMostSevereStateWhenNoRecipientWasDelivered() {
        assertThat(Disposition.of(List.of(BOUNCED, QUARANTINED))).isEqualTo(QUARANTINED);
        assertThat(Disposition.of(List.of(REJECTED, BOUNCED))).isEqualTo(REJECTED);
        assertThat(Disposition.of(List.of(BOUNCED, REJECTED, QUARANTINED))).isEqualTo(QUARANTINED);
    }

    @Test
    void ofShouldNotDependOnTheOrderOfRecipients() {
        assertThat(Disposition.of(List.of(BOUNCED, DELIVERED))).isEqualTo(Disposition.of(List.of(DELIVERED, BOUNCED)));
        assertThat(Disposition.of(List.of(REJECTED, QUARANTINED))).isEqualTo(Disposition.of(List.of(QUARANTINED, REJECTED)));
    }

    @ParameterizedTest
    @EnumSource(Disposition.class)
    void parseShouldReadWhatAsStringWrote(Disposition disposition) {
        assertThat(Disposition.parse(disposition.asString())).isEqualTo(disposition);
    }

    @Test
    void asStringShouldBeLowerCase() {
        assertThat(PARTIALLY_DELIVERED.asString()).isEqualTo("partially_delivered");
    }

    @Test
    void parseShouldIgnoreCase() {
        assertThat(Disposition.parse("Bounced")).isEqualTo(BOUNCED);
    }

    @Test
    void parseShouldThrowWhenValueIsUnknown() {
        assertThatThrownBy(() -> Disposition.parse("lost")).isInstanceOf(IllegalArgumentException.class);
    }
}
