package org.gatehouse.quarantine;

import java.util.Optional;

import org.gatehouse.scoring.learning.Label;

/**
 * A person's final decision on a held message, and what it teaches the token classifier (docs/learning.md): a release
 * says the message was wanted, a delete of what the spam or phishing checks held and a recipient's report say it was
 * spam. A delete of a policy, DLP or virus hold says nothing about the words (an attachment or a leak was the reason),
 * and the retention purge is nobody's decision.
 */
public enum QuarantineDecision {
    RELEASE, DELETE, REPORT_SPAM, PURGE;

    /** The label the classifier learns the held bytes with; empty when this decision teaches nothing. */
    public Optional<Label> teaches(QuarantineFamily family) {
        return switch (this) {
            // a release with the antivirus override trusts an attachment, not the words
            case RELEASE -> family == QuarantineFamily.VIRUS ? Optional.empty() : Optional.of(Label.HAM);
            case DELETE -> family == QuarantineFamily.SPAM || family == QuarantineFamily.PHISHING ? Optional.of(Label.SPAM) : Optional.empty();
            case REPORT_SPAM -> Optional.of(Label.SPAM);
            case PURGE -> Optional.empty();
        };
    }
}
