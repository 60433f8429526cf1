package org.gatehouse.scoring.learning;

/**
 * In how many learnt messages of each label one token appeared (each message counts a token once).
 *
 * @param spam spam messages holding the token
 * @param ham ham messages holding the token
 */
public record TokenCounts(int spam, int ham) {
    public TokenCounts {
        if (spam < 0 || ham < 0) {
            throw new IllegalArgumentException("Token counts are never negative: " + spam + "/" + ham);
        }
    }
}
