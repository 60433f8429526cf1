package org.gatehouse.scoring.spamassassin;

/** The kinds of SpamAssassin rule Gatehouse runs: what part of the message a rule's test reads. */
public enum RuleType {
    /** A header field (or a pseudo-header such as {@code ALL}, {@code ToCc}, {@code MESSAGEID}, {@code EnvelopeFrom}). */
    HEADER,
    /** The rendered text, one paragraph per line, the Subject first. */
    BODY,
    /** The decoded, unrendered text parts. */
    RAWBODY,
    /** Each link of the message. */
    URI,
    /** The whole message as received. */
    FULL,
    /** A boolean or arithmetic expression over other rules. */
    META,
    /** A header of any MIME part (Plugin::MIMEHeader). */
    MIMEHEADER;

    static java.util.Optional<RuleType> ofKeyword(String keyword) {
        return switch (keyword) {
            case "header" -> java.util.Optional.of(HEADER);
            case "body" -> java.util.Optional.of(BODY);
            case "rawbody" -> java.util.Optional.of(RAWBODY);
            case "uri" -> java.util.Optional.of(URI);
            case "full" -> java.util.Optional.of(FULL);
            case "meta" -> java.util.Optional.of(META);
            case "mimeheader" -> java.util.Optional.of(MIMEHEADER);
            default -> java.util.Optional.empty();
        };
    }
}
