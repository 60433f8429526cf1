package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.content.StripsJson;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the tenant's content-policy verdict made at the end of DATA to its part: the findings go to the message log;
 * quarantine holds the part; block (when another tenant of the message accepted it, so it was accepted) holds it too,
 * marked {@code BLOCKED} — accepted mail is never dropped; redirect sends it to the tenant's {@code content.adminAddress}
 * instead of its recipients; copy sends that address a copy of the original (straight to delivery); strip keeps the
 * original in the quarantine and delivers the message without the offending attachments, with a note part; tag adds
 * {@code X-Gatehouse-Content}. A message released from the quarantine is delivered as it is.
 * Parameters: {@code quarantineProcessor} (default {@code quarantine}), {@code copyProcessor} (default {@code transport}).
 */
public class ApplyContentVerdict extends GenericMailet {
    public static final String HEADER = "X-Gatehouse-Content";
    public static final String COPY_HEADER = "X-Gatehouse-Content-Copy";
    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9._,:@ -]");

    private final MessageLog messageLog;
    private final TenantDirectory directory;
    private final ContentPolicies policies;
    private final QuarantineRepositories quarantine;
    private String quarantineProcessor;
    private String copyProcessor;

    @Inject
    public ApplyContentVerdict(MessageLog messageLog, TenantDirectory directory, ContentPolicies policies, QuarantineRepositories quarantine) {
        this.messageLog = messageLog;
        this.directory = directory;
        this.policies = policies;
        this.quarantine = quarantine;
    }

    @Override
    public void init() {
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
        copyProcessor = Optional.ofNullable(getInitParameter("copyProcessor")).orElse("transport");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor), new ProcessingState(copyProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT);
        Optional<Verdict> verdict = tenant.flatMap(id -> MailAttributes.get(mail, PipelineAttributes.CONTENT_VERDICTS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(id, Verdict.empty())));
        if (verdict.isEmpty() || verdict.get().findings().isEmpty()) {
            return;
        }
        TenantId tenantId = TenantId.of(tenant.get());
        List<String> reasons = new ArrayList<>(verdict.get().explanation());
        List<Finding> acting = verdict.get().findings().stream().filter(finding -> finding.action().isPresent()).toList();
        String rules = verdict.get().ruleIds().stream().distinct().collect(Collectors.joining(","));
        String because = "content policy: " + acting.stream().map(Finding::ruleId).distinct().collect(Collectors.joining(","));
        Action action = verdict.get().action();
        if (action != Action.PASS && Hold.isReleasedFrom(mail, HoldingCheck.CONTENT)) {
            reasons.add("released from the quarantine: content policy not applied again");
        } else if (action == Action.BLOCK || action == Action.QUARANTINE) {
            if (action == Action.BLOCK) {
                reasons.add("BLOCKED: " + because);
            }
            Hold.hold(mail, HoldingCheck.CONTENT, acting.stream().map(Finding::ruleId).toList(),
                (action == Action.BLOCK ? "blocked: " : "held: ") + because, quarantineProcessor);
        } else {
            ContentPolicy policy = policies.policyOf(tenantId);
            if (has(acting, Action.COPY)) {
                reasons.add(copyToAdmin(mail, tenantId, policy, rules));
            }
            if (action == Action.REDIRECT) {
                reasons.add(redirectToAdmin(mail, tenantId, policy));
            } else if (has(acting, Action.STRIP)) {
                Optional<String> unstrippable = trialStrip(mail, tenantId);
                if (unstrippable.isPresent()) {
                    reasons.add("STRIP failed, held instead: " + unstrippable.get());
                    Hold.hold(mail, HoldingCheck.CONTENT, acting.stream().map(Finding::ruleId).toList(),
                        "held: the attachments could not be removed (" + unstrippable.get() + "): " + because, quarantineProcessor);
                    MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id -> messageLog.addReasons(id, reasons));
                    return;
                }
                reasons.add(strip(mail, tenantId, acting, because));
            }
            if (action != Action.PASS) {
                HeaderEditing.apply(mail, HeaderEdits.none().set(HEADER, action.asString() + "; rules=" + safe(rules)),
                    HoldingCheck.CONTENT, quarantineProcessor);
            }
        }
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id -> messageLog.addReasons(id, reasons));
    }

    private static boolean has(List<Finding> findings, Action action) {
        return findings.stream().anyMatch(finding -> finding.action().filter(action::equals).isPresent());
    }

    /** The tenant's administrator address, when it is in one of the tenant's domains (never relayed elsewhere). */
    private Optional<MailAddress> admin(TenantId tenant, ContentPolicy policy) {
        return policy.adminAddress()
            .filter(address -> directory.ownerOf(address.substring(address.lastIndexOf('@') + 1))
                .map(owner -> owner.id().equals(tenant)).orElse(false))
            .flatMap(address -> {
                try {
                    return Optional.of(new MailAddress(address));
                } catch (javax.mail.internet.AddressException e) {
                    return Optional.empty();
                }
            });
    }

    private String copyToAdmin(Mail mail, TenantId tenant, ContentPolicy policy, String rules) throws MessagingException {
        Optional<MailAddress> admin = admin(tenant, policy);
        if (admin.isEmpty()) {
            return "COPY not sent: " + policy.adminAddress().orElse("no content.adminAddress") + " is not in a domain of tenant " + tenant.asString();
        }
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(List.of(admin.get()));
            HeaderEditing.apply(copy, HeaderEdits.none().set(COPY_HEADER, "rules=" + safe(rules) + "; recipients="
                + safe(mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.joining(",")))),
                HoldingCheck.CONTENT, quarantineProcessor);
            MailAttributes.set(copy, PipelineAttributes.DIRECTION, "inbound");
            copy.removeAttribute(org.apache.mailet.AttributeName.of(PipelineAttributes.LOG_ID));
            getMailetContext().sendMail(copy, copyProcessor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
        return "COPY sent to " + admin.get().asString();
    }

    private String redirectToAdmin(Mail mail, TenantId tenant, ContentPolicy policy) {
        Optional<MailAddress> admin = admin(tenant, policy);
        if (admin.isEmpty()) {
            return "REDIRECT ignored: " + policy.adminAddress().orElse("no content.adminAddress") + " is not in a domain of tenant "
                + tenant.asString();
        }
        List<String> originals = mail.getRecipients().stream().map(MailAddress::asString).toList();
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id ->
            messageLog.redirectRecipients(id, originals, admin.get().asString(), "redirected to " + admin.get().asString()));
        mail.setRecipients(List.of(admin.get()));
        // an outbound message redirected to the tenant's own administrator goes to the tenant's server, not out by MX
        MailAttributes.set(mail, PipelineAttributes.DIRECTION, "inbound");
        return "REDIRECTED to " + admin.get().asString() + " (was " + String.join(", ", originals) + ")";
    }

    /**
     * Strips a copy first: a message whose MIME cannot be rewritten is held whole with the reason instead of being
     * half-stripped or failing in the pipeline.
     */
    private Optional<String> trialStrip(Mail mail, TenantId tenant) {
        try {
            List<ContentPolicy.Strip> strips = strips(mail, tenant);
            AttachmentStripping.strip(new javax.mail.internet.MimeMessage(mail.getMessage()), strips, "(trial)");
            return Optional.empty();
        } catch (MessagingException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
            return Optional.of(reason.replaceAll("\\p{Cntrl}", " ").substring(0, Math.min(reason.length(), 200)));
        }
    }

    private static List<ContentPolicy.Strip> strips(Mail mail, TenantId tenant) {
        return MailAttributes.get(mail, PipelineAttributes.CONTENT_STRIPS)
            .map(StripsJson::read)
            .map(all -> all.getOrDefault(tenant.asString(), List.of()))
            .orElse(List.of());
    }

    /** Keeps the original in the quarantine, then removes the offending parts and adds the note. */
    private String strip(Mail mail, TenantId tenant, List<Finding> acting, String because) throws MessagingException {
        List<ContentPolicy.Strip> strips = strips(mail, tenant);
        if (strips.isEmpty()) {
            return "STRIP: nothing to remove";
        }
        Mail original = mail.duplicate();
        QuarantineEntry entry;
        try {
            entry = quarantine.hold(original, tenant, HoldingCheck.CONTENT, acting.stream()
                .filter(finding -> finding.action().filter(Action.STRIP::equals).isPresent()).map(Finding::ruleId).distinct().toList(),
                List.of("original of a message delivered without " + strips.size() + " attachment(s): " + because));
        } finally {
            LifecycleUtil.dispose(original);
        }
        int removed = AttachmentStripping.strip(mail.getMessage(), strips, entry.id());
        return "STRIPPED " + removed + " part(s): " + strips.stream().map(ContentPolicy.Strip::path).collect(Collectors.joining(", "))
            + "; the original is held as " + entry.id();
    }

    /** Header values built from rule ids and addresses: only safe characters, bounded. */
    private static String safe(String value) {
        String clean = UNSAFE.matcher(value).replaceAll("_");
        return clean.length() > 500 ? clean.substring(0, 500) : clean;
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse content policy verdict";
    }
}
