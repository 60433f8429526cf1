package org.gatehouse.quarantine.store;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.gatehouse.quarantine.HoldingCheck;

/**
 * The attributes that say why a message is held: set by the check that holds it, stored with the quarantine entry,
 * and on a released copy the check it was released from (which lets it through that check, and only that one, once).
 */
public final class QuarantineAttributes {
    /** The check that held the message ({@link HoldingCheck#asString()}). */
    public static final String CHECK = "org.gatehouse.quarantine.check";
    /** The rule ids that held it, comma-separated. */
    public static final String RULES = "org.gatehouse.quarantine.rules";
    /** Set on a released message: the check it was released from. */
    public static final String RELEASED_FROM = "org.gatehouse.quarantine.releasedFrom";

    /** The check that held the mail, if one is named. */
    public static Optional<HoldingCheck> check(Mail mail) {
        return string(mail, CHECK).flatMap(HoldingCheck::parse);
    }

    /** The check the mail was released from, if it is a released copy. */
    public static Optional<HoldingCheck> releasedFrom(Mail mail) {
        return string(mail, RELEASED_FROM).flatMap(HoldingCheck::parse);
    }

    /** The rule ids that held the mail, in order, blanks dropped. */
    public static List<String> rules(Mail mail) {
        return string(mail, RULES).stream()
            .flatMap(text -> Arrays.stream(text.split(",")))
            .filter(rule -> !rule.isBlank())
            .toList();
    }

    private static Optional<String> string(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(name), String.class);
    }

    private QuarantineAttributes() {
    }
}
