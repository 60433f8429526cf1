package org.gatehouse.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.store.QuarantineAttributes;

/**
 * How a check holds a message for the quarantine, and how a released message skips the check that held it (and only
 * that one): the check and its rule ids travel with the mail as attributes, so the quarantine files the message under
 * the right family and a release can name the check to skip. The attributes are the quarantine's
 * ({@link QuarantineAttributes}).
 */
public final class Hold {
    static void hold(Mail mail, HoldingCheck check, Collection<String> ruleIds, String because, String processor) {
        MailAttributes.set(mail, QuarantineAttributes.CHECK, check.asString());
        MailAttributes.set(mail, QuarantineAttributes.RULES, String.join(",", ruleIds.stream().distinct().toList()));
        mail.setErrorMessage(because);
        mail.setState(processor);
    }

    static boolean isReleasedFrom(Mail mail, HoldingCheck check) {
        return QuarantineAttributes.releasedFrom(mail).filter(check::equals).isPresent();
    }

    static Optional<HoldingCheck> check(Mail mail) {
        return QuarantineAttributes.check(mail);
    }

    static List<String> rules(Mail mail) {
        return QuarantineAttributes.rules(mail);
    }

    private Hold() {
    }
}
