package org.gatehouse.reports;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.Stage;

/**
 * Which {@link Outcome} a message-log record counts as (the table is in docs/reports.md). A refusal in the SMTP
 * dialogue is classified by its deciding rule id (the first) and its reply; a message the gateway accepted by its
 * disposition and, for held and tagged mail, by the reasons the checks wrote.
 */
public final class OutcomeClassifier {
    private static final Pattern HELD_AS = Pattern.compile("^quarantine: held as \\S+ \\(([a-z]+),");
    private static final Pattern SCORE_TAGGED = Pattern.compile("^SCORE -?\\d+ \\(category [^,]*, action (tag|tag_subject|redirect)\\)");
    private static final List<String> SPAM_PREFIXES = List.of("SPAM_", "GTUBE", "SPAMD_", "RSPAMD_", "BAYES_");
    private static final List<String> SENDER_PREFIXES = List.of("SENDER_", "DNSBL_", "GEOIP_", "SPF_", "DKIM_", "DMARC_", "PTR_",
        "FCRDNS", "HELO_", "ARC_");

    private OutcomeClassifier() {
    }

    /**
     * @param ruleIds the refusal's rule ids, the deciding one first (empty for accepted mail)
     * @param reply the refusal's SMTP reply (empty for accepted mail)
     * @param reasons the record's reasons in order
     */
    public static Outcome classify(Stage stage, Disposition disposition, List<String> ruleIds, Optional<String> reply,
                                   List<String> reasons) {
        if (stage != Stage.QUEUE) {
            return refusal(ruleIds.isEmpty() ? "" : ruleIds.get(0), reply.orElse(""));
        }
        return switch (disposition) {
            case QUEUED -> Outcome.DEFERRED;
            case BOUNCED -> reasons.stream().anyMatch(reason -> reason.startsWith("BLOCKED, bounced to the sender: "))
                ? blocked(reasons) : Outcome.BOUNCED;
            case REJECTED -> reasons.stream().anyMatch(reason -> reason.contains("relaying denied"))
                ? Outcome.RELAY_DENIED : Outcome.CONTENT_POLICY;
            case QUARANTINED -> held(reasons);
            default -> reasons.stream().anyMatch(OutcomeClassifier::isTag) ? Outcome.TAGGED : Outcome.DELIVERED_CLEAN;
        };
    }

    private static Outcome refusal(String rule, String reply) {
        if (rule.startsWith("RATE_LIMIT") || rule.equals("SMTP_TOO_MANY_RECIPIENTS") || rule.equals("RECIPIENT_HARVEST")) {
            return Outcome.RATE_LIMITED;
        }
        if (rule.equals("SMTP_RELAY_DENIED") || rule.equals("RECIPIENT_DOMAIN_NOT_SERVED")) {
            return Outcome.RELAY_DENIED;
        }
        if (reply.startsWith("4")) {
            return Outcome.DEFERRED;
        }
        Outcome family = familyOf(rule);
        return family == Outcome.SPAM_QUARANTINED ? Outcome.SPAM_BLOCKED : family;
    }

    /** The outcome of a rule's family; spam rules give SPAM_QUARANTINED, which a refusal or a block makes SPAM_BLOCKED. */
    static Outcome familyOf(String rule) {
        String upper = rule.toUpperCase(Locale.ROOT);
        if (SPAM_PREFIXES.stream().anyMatch(upper::startsWith)) {
            return Outcome.SPAM_QUARANTINED;
        }
        if (upper.startsWith("VIRUS_")) {
            return Outcome.VIRUS;
        }
        if (upper.startsWith("PHISH_")) {
            return Outcome.PHISHING;
        }
        if (upper.startsWith("DLP_")) {
            return Outcome.DLP;
        }
        if (SENDER_PREFIXES.stream().anyMatch(upper::startsWith)) {
            return Outcome.SENDER_REFUSED;
        }
        return Outcome.CONTENT_POLICY;
    }

    /** A held message: by the quarantine family it was filed under; spam that was blocked rather than held is blocked. */
    private static Outcome held(List<String> reasons) {
        Optional<String> family = reasons.stream().map(HELD_AS::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).findFirst();
        boolean blocked = reasons.stream().anyMatch(reason -> reason.startsWith("BLOCKED"));
        return switch (family.orElse("")) {
            case "virus" -> Outcome.VIRUS;
            case "phishing" -> Outcome.PHISHING;
            case "dlp" -> Outcome.DLP;
            case "spam" -> blocked ? Outcome.SPAM_BLOCKED : Outcome.SPAM_QUARANTINED;
            default -> Outcome.CONTENT_POLICY;
        };
    }

    /** A block that bounced to the sender: by the family of the first rule that named an action. */
    private static Outcome blocked(List<String> reasons) {
        for (String reason : reasons) {
            if (reason.startsWith("SCORE ")) {
                return Outcome.SPAM_BLOCKED;
            }
        }
        String because = reasons.stream().filter(reason -> reason.startsWith("BLOCKED, bounced to the sender: ")).findFirst()
            .map(reason -> reason.substring("BLOCKED, bounced to the sender: ".length())).orElse("");
        Outcome family = because.startsWith("DLP") ? Outcome.DLP : familyOf(because);
        return family == Outcome.SPAM_QUARANTINED ? Outcome.SPAM_BLOCKED : family;
    }

    private static boolean isTag(String reason) {
        return reason.startsWith("TAGGED") || SCORE_TAGGED.matcher(reason).find();
    }
}
