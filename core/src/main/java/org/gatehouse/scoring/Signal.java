package org.gatehouse.scoring;

import java.util.Optional;

import org.gatehouse.message.ParsedMessage;

/**
 * One piece of spam evidence with a stable rule id: it looks at a parsed message and, when the evidence is there,
 * says why in one human sentence. Its weight is data ({@link ScoringWeights}), not code.
 */
public interface Signal {
    /** Stable upper-snake-case id, documented in docs/scoring.md and never renamed. */
    String ruleId();

    /** What the rule means, for the documentation and the WebAdmin listing. */
    String meaning();

    /** The reason when the evidence is present, empty otherwise. */
    Optional<String> evaluate(ParsedMessage message);

    /** Subjects longer than a header line may be (RFC 5322) are judged every time, not kept as keys with a body. */
    int MAX_REMEMBERED_SUBJECT = 998;

    /**
     * A signal that reads the subject and the body alone (texts, HTML, links, images; no other header): worked out once
     * per body and subject ({@link ParsedMessage#fromBody}), so a newsletter's wording is judged once, not per copy.
     */
    static Signal ofWording(String ruleId, String meaning, java.util.function.Function<ParsedMessage, Optional<String>> check) {
        return of(ruleId, meaning, message -> message.subject().length() > MAX_REMEMBERED_SUBJECT ? check.apply(message)
            : message.fromBody(java.util.List.of(ruleId, message.subject()), () -> check.apply(message)));
    }

    /** A signal from an id, a meaning and a function; the signals here are small enough for this. */
    static Signal of(String ruleId, String meaning, java.util.function.Function<ParsedMessage, Optional<String>> check) {
        return new Signal() {
            @Override
            public String ruleId() {
                return ruleId;
            }

            @Override
            public String meaning() {
                return meaning;
            }

            @Override
            public Optional<String> evaluate(ParsedMessage message) {
                return check.apply(message);
            }

            @Override
            public String toString() {
                return ruleId;
            }
        };
    }
}
