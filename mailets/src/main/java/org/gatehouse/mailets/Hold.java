package org.gatehouse.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.gatehouse.quarantine.HoldingCheck;

/**
 * How a check holds a message for the quarantine, and how a released message skips the check that held it (and only
 * that one): the check and its rule ids travel with the mail as attributes, so the quarantine files the message under
 * the right family and a release can name the check to skip.
 */
public final class Hold {
    /** The check that held the message ({@link HoldingCheck#asString()}). */
    public static final String CHECK = "org.gatehouse.quarantine.check";
    /** The rule ids that held it, comma-separated. */
    public static final String RULES = "org.gatehouse.quarantine.rules";
    /** Set on a released message: the check it was released from, which lets it through this time. */
    public static final String RELEASED_FROM = "org.gatehouse.quarantine.releasedFrom";

    static void hold(Mail mail, HoldingCheck check, Collection<String> ruleIds, String because, String processor) {
        MailAttributes.set(mail, CHECK, check.asString());
        MailAttributes.set(mail, RULES, String.join(",", ruleIds.stream().distinct().toList()));
        mail.setErrorMessage(because);
        mail.setState(processor);
    }

    static boolean isReleasedFrom(Mail mail, HoldingCheck check) {
        return releasedFrom(mail).filter(check::equals).isPresent();
    }

    static Optional<HoldingCheck> releasedFrom(Mail mail) {
        return MailAttributes.get(mail, RELEASED_FROM).flatMap(HoldingCheck::parse);
    }

    static Optional<HoldingCheck> check(Mail mail) {
        return MailAttributes.get(mail, CHECK).flatMap(HoldingCheck::parse);
    }

    static List<String> rules(Mail mail) {
        return MailAttributes.get(mail, RULES).stream()
            .flatMap(text -> java.util.Arrays.stream(text.split(",")))
            .filter(rule -> !rule.isBlank())
            .toList();
    }

    private Hold() {
    }
}
