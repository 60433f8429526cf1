package org.gatehouse.smtp;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * SMTP answers for a verdict, Postfix style: an enhanced status code and a text a remote administrator can act
 * on. The text names the rule ids and results that decided, never a tenant's list comments, and nothing that
 * could break the reply line.
 */
final class SmtpReplies {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:@/+=-]");

    static HookResult refuse(Verdict verdict) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription("5.7.1 Message refused by the recipient's policy: " + decidedBy(verdict, Action.BLOCK))
            .build();
    }

    static HookResult tempfail(Verdict verdict) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("451")
            .smtpDescription("4.7.0 Sender checks could not complete, please try again later: " + decidedBy(verdict, Action.TEMPFAIL))
            .build();
    }

    static String decidedBy(Verdict verdict, Action action) {
        return verdict.findings().stream()
            .filter(finding -> finding.action().filter(action::equals).isPresent())
            .map(SmtpReplies::describe)
            .collect(Collectors.joining(", "));
    }

    private static String describe(Finding finding) {
        return finding.ruleId() + " (" + UNSAFE.matcher(finding.result()).replaceAll("_") + ")";
    }

    private SmtpReplies() {
    }
}
