package org.gatehouse.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.scoring.CategoryClassifier;
import org.gatehouse.scoring.Classification;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.scoring.ScoringPolicy;
import org.gatehouse.scoring.SpamScore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Scores the part for its tenant and acts: the message is parsed once, scored with the tenant's weights, the score
 * contributions of the tenant's sender findings are added (clamped to 0–100), and the category is classified. Writes
 * {@code X-Gatehouse-Score}, {@code X-Gatehouse-Category} and {@code X-Gatehouse-Verdict} (replacing any the sender
 * wrote), records the explanation in the message log, then applies the most severe of the threshold action and the
 * tenant's category action: tag (headers only), tag the subject, redirect (to the tenant's redirect address, only
 * when its domain is the tenant's), quarantine, or block. The message has been accepted by then and accepted mail
 * is never dropped, so a block holds the part in the quarantine with a {@code BLOCKED} reason (refusing it at the
 * end of DATA, before the 250, is for a later step).
 * Parameter: {@code quarantineProcessor} (default {@code quarantine}).
 */
public class ScoreMessage extends GenericMailet {
    public static final String SCORE_HEADER = "X-Gatehouse-Score";
    public static final String CATEGORY_HEADER = "X-Gatehouse-Category";
    public static final String VERDICT_HEADER = "X-Gatehouse-Verdict";
    /** What may go into a header: rule ids are upper snake case by construction; checked again all the same. */
    private static final Pattern SAFE_RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");

    private final MessageLog messageLog;
    private final ScoringPolicies policies;
    private final TenantDirectory directory;
    private final CategoryClassifier classifier = new CategoryClassifier();
    private String quarantineProcessor;

    @Inject
    public ScoreMessage(MessageLog messageLog, ScoringPolicies policies, TenantDirectory directory) {
        this.messageLog = messageLog;
        this.policies = policies;
        this.directory = directory;
    }

    @Override
    public void init() {
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenantName = MailAttributes.get(mail, PipelineAttributes.TENANT);
        if (tenantName.isEmpty()) {
            return;
        }
        TenantId tenant = TenantId.of(tenantName.get());
        ScoringPolicy policy = policies.policyOf(tenant);
        MimeMessage message = mail.getMessage();
        ParsedMessage parsed = ParsedMessage.parse(raw(message));
        SpamScore spamScore = policy.engine().score(parsed);
        Classification classification = classifier.classify(parsed);
        List<Finding> senderContributions = MailAttributes.get(mail, PipelineAttributes.SENDER_VERDICTS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(tenant.asString(), Verdict.empty()))
            .map(verdict -> verdict.findings().stream().filter(finding -> finding.score() != 0).toList())
            .orElse(List.of());
        List<Finding> findings = Stream.concat(spamScore.findings().stream(), senderContributions.stream()).toList();
        int score = total(spamScore, senderContributions);
        Action action = policy.thresholds().actionFor(score)
            .mostSevere(policy.categoryAction(classification.category()).action());
        String rules = findings.stream().map(Finding::ruleId).filter(id -> SAFE_RULE_ID.matcher(id).matches())
            .distinct().collect(Collectors.joining(","));
        String category = classification.category().asString();

        message.setHeader(SCORE_HEADER, String.valueOf(score));
        message.setHeader(CATEGORY_HEADER, category);
        message.setHeader(VERDICT_HEADER, action.asString() + "; rules=" + rules);
        Optional<String> logId = MailAttributes.get(mail, PipelineAttributes.LOG_ID);
        String summary = "SCORE " + score + " (category " + category + ", action " + action.asString() + "): "
            + findings.stream().map(ScoreMessage::contribution).collect(Collectors.joining(", "));
        List<String> reasons = new ArrayList<>();
        reasons.add(summary);
        spamScore.findings().forEach(finding -> reasons.add(finding.explain()));
        if (!classification.evidence().isEmpty()) {
            reasons.add("CATEGORY " + category + ": " + String.join("; ", classification.evidence()));
        }
        String because = "spam score " + score + " (category " + category + "), rules " + (rules.isEmpty() ? "none" : rules);
        switch (action) {
            case PASS, TAG -> { }
            case TAG_SUBJECT -> prefixSubject(message, policy.subjectPrefix());
            case REDIRECT -> redirect(mail, tenant, policy, reasons);
            case QUARANTINE -> {
                mail.setErrorMessage(because);
                mail.setState(quarantineProcessor);
            }
            default -> {
                reasons.add("BLOCKED: " + because);
                mail.setErrorMessage("blocked: " + because);
                mail.setState(quarantineProcessor);
            }
        }
        logId.ifPresent(id -> messageLog.addReasons(id, reasons));
        message.saveChanges();
    }

    private static int total(SpamScore spamScore, List<Finding> senderContributions) {
        double sum = spamScore.score() + senderContributions.stream().mapToDouble(Finding::score).sum();
        return (int) Math.max(0, Math.min(100, Math.round(sum)));
    }

    private static String contribution(Finding finding) {
        double weight = finding.score();
        String formatted = weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
        return finding.ruleId() + " (" + (weight >= 0 ? "+" : "") + formatted + ")";
    }

    private static byte[] raw(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message to score it", e);
        }
        return out.toByteArray();
    }

    private static void prefixSubject(MimeMessage message, String prefix) throws MessagingException {
        String subject = Optional.ofNullable(message.getSubject()).orElse("");
        if (!subject.startsWith(prefix)) {
            message.setSubject(prefix + " " + subject, "UTF-8");
        }
    }

    /** Redirects to the tenant's address; an address outside the tenant's domains is ignored (never relayed). */
    private void redirect(Mail mail, TenantId tenant, ScoringPolicy policy, List<String> reasons) throws AddressException {
        Optional<ScoringPolicy.RedirectAddress> target = policy.redirectTo()
            .filter(address -> directory.ownerOf(address.domain().asString())
                .map(owner -> owner.id().equals(tenant)).orElse(false));
        if (target.isEmpty()) {
            reasons.add("REDIRECT ignored: " + policy.redirectTo().map(ScoringPolicy.RedirectAddress::address).orElse("no address")
                + " is not in a domain of tenant " + tenant.asString());
            return;
        }
        reasons.add("REDIRECTED to " + target.get().address() + " (was " + mail.getRecipients().stream()
            .map(MailAddress::asString).collect(Collectors.joining(", ")) + ")");
        mail.setRecipients(List.of(new MailAddress(target.get().address())));
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse spam score";
    }
}
