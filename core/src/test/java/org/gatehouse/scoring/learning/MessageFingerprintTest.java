package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.learning.MessageTokenizerTest.message;

import org.junit.jupiter.api.Test;

class MessageFingerprintTest {
    private static final String MESSAGE = """
            Date: Mon, 23 Nov 2026 10:00:00 +0000
            Message-ID: <1@example.com>
            From: alice@example.com
            To: bob@example.org
            Subject: Quarterly figures

            The figures are in.
            """;

    @Test
    void ofShouldBeSixtyFourHexDigits() {
        assertThat(MessageFingerprint.of(message(MESSAGE))).matches("[0-9a-f]{64}");
    }

    @Test
    void ofShouldIgnoreFieldsAddedOnTheWay() {
        String delivered = """
                Return-Path: <alice@example.com>
                Delivered-To: bob@example.org
                Received: from gateway.example.org by mailbox.example.org
                X-Gatehouse-Score: 12
                X-Gatehouse-Verdict: pass; rules=
                """ + MESSAGE;

        assertThat(MessageFingerprint.of(message(delivered))).isEqualTo(MessageFingerprint.of(message(MESSAGE)));
    }

    @Test
    void ofShouldDifferWhenTheTextDiffers() {
        assertThat(MessageFingerprint.of(message(MESSAGE.replace("are in", "are late"))))
            .isNotEqualTo(MessageFingerprint.of(message(MESSAGE)));
    }

    @Test
    void ofShouldDifferWhenTheMessageIdDiffers() {
        assertThat(MessageFingerprint.of(message(MESSAGE.replace("<1@", "<2@"))))
            .isNotEqualTo(MessageFingerprint.of(message(MESSAGE)));
    }

    @Test
    void ofShouldDifferWhenTextMovesFromTheSubjectToTheBody() {
        // same characters in the same order, only the boundary between subject and text moved
        String moved = MESSAGE.replace("Subject: Quarterly figures\n\nThe figures", "Subject: Quarterly\n\n figuresThe figures");

        assertThat(MessageFingerprint.of(message(moved))).isNotEqualTo(MessageFingerprint.of(message(MESSAGE)));
    }
}
