package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;

/**
 * The one place a decision is applied to a tenant's part after the split: every check's mailet turns its decision
 * (made at the end of DATA, or after the queue for DLP) into an {@link ActionPlan} under the policy version the decision
 * was made under, and this applies it, the same way for every check:
 * <ul>
 *   <li>released from the quarantine by this check: the action is not applied again (its headers still are);</li>
 *   <li>{@code pass}: headers only; {@code tag}: the check's mark too; {@code tag_subject}: and the subject prefix;</li>
 *   <li>{@code copy} (as the action or next to it): a copy to the tenant's address, straight to delivery;</li>
 *   <li>{@code redirect}: the tenant's address instead of the recipients; {@code strip}: the original is kept in the
 *       quarantine and the part goes on without the offending attachments (held whole when they cannot be removed);</li>
 *   <li>{@code quarantine}: held; {@code block}: accepted mail is never dropped, so the part is held marked
 *       {@code BLOCKED}, or bounced to the sender when the check says so (outbound DLP); {@code tempfail} after the
 *       queue is a hold too.</li>
 * </ul>
 * An address to redirect or copy to is used only when it is in one of the tenant's domains (the gateway never relays
 * a tenant's mail elsewhere). Reasons go to the part's message-log record, in one write where the part leaves the
 * checks ({@link PendingReasons}).
 */
public class ActionExecutor {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._,:@ -]");

    private final MessageLog messageLog;
    private final TenantDirectory directory;
    private final QuarantineRepositories quarantine;

    @Inject
    public ActionExecutor(MessageLog messageLog, TenantDirectory directory, QuarantineRepositories quarantine) {
        this.messageLog = messageLog;
        this.directory = directory;
        this.quarantine = quarantine;
    }

    /**
     * Applies the plan to the part.
     *
     * @param tenant the part's tenant: redirect, copy and strip need one
     * @param copyProcessor where a copy goes (straight to delivery)
     */
    public void execute(Mail mail, TenantId tenant, ActionPlan plan, MailetContext context, String copyProcessor) throws MessagingException {
        execute(mail, Optional.of(tenant), plan, context, copyProcessor);
    }

    /** Applies the plan to a part that may have no tenant: redirect, copy and strip are then not done. */
    public void execute(Mail mail, Optional<TenantId> tenant, ActionPlan plan, MailetContext context, String copyProcessor)
        throws MessagingException {
        List<String> reasons = new ArrayList<>(plan.reasons());
        HeaderEdits edits = plan.headers();
        Action action = plan.action();
        if (action != Action.PASS && Hold.isReleasedFrom(mail, plan.check())) {
            reasons.add("released from the quarantine: the " + plan.check().asString() + " decision is not applied again");
            finish(mail, plan, reasons, edits);
            return;
        }
        if (action != Action.PASS) {
            edits = edits.then(plan.marks());
        }
        switch (action) {
            case BLOCK -> {
                if (plan.bounce().isPresent()) {
                    reasons.add("BLOCKED, bounced to the sender: " + plan.because());
                    bounce(mail, plan.bounce().get());
                } else {
                    reasons.add("BLOCKED: " + plan.because());
                    Hold.hold(mail, plan.check(), plan.ruleIds(), "blocked: " + plan.because(), plan.holdProcessor());
                }
            }
            case QUARANTINE, TEMPFAIL -> Hold.hold(mail, plan.check(), plan.ruleIds(), "held: " + plan.because(), plan.holdProcessor());
            default -> {
                if (plan.asks(Action.COPY)) {
                    reasons.add(copy(mail, tenant, plan, context, copyProcessor));
                }
                if (action == Action.TAG || action == Action.TAG_SUBJECT) {
                    // the reports count tagged mail by this line (docs/reports.md)
                    reasons.add("TAGGED (" + plan.check().asString() + ", " + action.name().toLowerCase(Locale.ROOT) + "): "
                        + plan.because());
                }
                if (action == Action.TAG_SUBJECT && plan.subjectPrefix().isPresent()) {
                    edits = edits.prefixSubject(plan.subjectPrefix().get());
                }
                if (action == Action.REDIRECT) {
                    reasons.add(redirect(mail, tenant, plan));
                } else if (plan.asks(Action.STRIP)) {
                    Optional<String> unstrippable = trialStrip(mail, plan);
                    if (unstrippable.isPresent()) {
                        reasons.add("STRIP failed, held instead: " + unstrippable.get());
                        Hold.hold(mail, plan.check(), plan.ruleIds(),
                            "held: the attachments could not be removed (" + unstrippable.get() + "): " + plan.because(), plan.holdProcessor());
                        log(mail, reasons);
                        return;
                    }
                    reasons.add(strip(mail, tenant, plan));
                }
            }
        }
        finish(mail, plan, reasons, edits);
    }

    private void finish(Mail mail, ActionPlan plan, List<String> reasons, HeaderEdits edits) throws MessagingException {
        log(mail, reasons);
        HeaderEditing.apply(mail, edits, plan.check(), plan.holdProcessor());
    }

    /** Kept with the part, written to its record in one write where it leaves the checks ({@link PendingReasons}). */
    private static void log(Mail mail, List<String> reasons) {
        PendingReasons.add(mail, reasons);
    }

    private static void bounce(Mail mail, ActionPlan.Bounce bounce) {
        mail.setErrorMessage(bounce.text());
        MailAttributes.set(mail, MailAttributes.DELIVERY_ERROR, bounce.text());
        mail.setState(bounce.processor());
    }

    /** The plan's address, when it is in one of the tenant's domains (never relayed elsewhere). */
    private Optional<MailAddress> tenantAddress(Optional<TenantId> tenant, ActionPlan plan) {
        return plan.redirectTo()
            .filter(address -> directory.ownerOf(address.substring(address.lastIndexOf('@') + 1))
                .map(owner -> tenant.filter(owner.id()::equals).isPresent()).orElse(false))
            .flatMap(address -> {
                try {
                    return Optional.of(new MailAddress(address));
                } catch (AddressException e) {
                    return Optional.empty();
                }
            });
    }

    private String notInTenant(Optional<TenantId> tenant, ActionPlan plan) {
        return plan.redirectTo().orElse("no address") + " is not in a domain of tenant " + tenant.map(TenantId::asString).orElse("(none)");
    }

    private String copy(Mail mail, Optional<TenantId> tenant, ActionPlan plan, MailetContext context, String copyProcessor) throws MessagingException {
        Optional<MailAddress> target = tenantAddress(tenant, plan);
        if (target.isEmpty()) {
            return "COPY not sent: " + notInTenant(tenant, plan);
        }
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(List.of(target.get()));
            HeaderEditing.apply(copy, HeaderEdits.none().set(copyHeader(plan), "rules="
                + safe(String.join(",", plan.ruleIds().stream().distinct().toList())) + "; recipients="
                + safe(mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.joining(",")))),
                plan.check(), plan.holdProcessor());
            MailAttributes.set(copy, PipelineAttributes.DIRECTION, "inbound");
            // the copy is not the part: no record of its own, and the part's reasons are written once, by the part
            copy.removeAttribute(AttributeName.of(PipelineAttributes.LOG_ID));
            copy.removeAttribute(AttributeName.of(PipelineAttributes.LOG_IDS));
            PendingReasons.clear(copy);
            PendingRecords.clear(copy);
            context.sendMail(copy, copyProcessor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
        return "COPY sent to " + target.get().asString();
    }

    private String redirect(Mail mail, Optional<TenantId> tenant, ActionPlan plan) {
        Optional<MailAddress> target = tenantAddress(tenant, plan);
        if (target.isEmpty()) {
            return "REDIRECT ignored: " + notInTenant(tenant, plan);
        }
        List<String> originals = mail.getRecipients().stream().map(MailAddress::asString).toList();
        // the records the redirect changes must be on file first
        PendingRecords.write(mail, messageLog);
        MailAttributes.get(mail, PipelineAttributes.LOG_ID).ifPresent(id ->
            messageLog.redirectRecipients(id, originals, target.get().asString(), "redirected to " + target.get().asString()));
        // a relay tenant's mail to another tenant, redirected by the sender's outbound policy to the sender's own address:
        // the recipients' tenant no longer gets it, so it does not go on to that tenant's inbound checks, and that
        // tenant's record says where its recipients' message went
        MailAttributes.get(mail, PipelineAttributes.THEN_INBOUND).ifPresent(next -> {
            String[] tenantAndLogId = next.split(" ", 2);
            if (tenantAndLogId.length == 2) {
                messageLog.redirectRecipients(tenantAndLogId[1], originals, target.get().asString(),
                    "redirected by the sending tenant's " + plan.check().asString() + " policy to its own address");
            }
            mail.removeAttribute(AttributeName.of(PipelineAttributes.THEN_INBOUND));
        });
        mail.setRecipients(List.of(target.get()));
        // the tenant's own address: delivered to the tenant's server, also when the part was outbound
        MailAttributes.set(mail, PipelineAttributes.DIRECTION, "inbound");
        return "REDIRECTED to " + target.get().asString() + " (was " + String.join(", ", originals) + ")";
    }

    /** Strips a copy first: a message whose MIME cannot be rewritten is held whole instead of half-stripped. */
    private static Optional<String> trialStrip(Mail mail, ActionPlan plan) {
        try {
            AttachmentStripping.strip(new MimeMessage(mail.getMessage()), plan.strips(), "(trial)");
            return Optional.empty();
        } catch (MessagingException | RuntimeException e) {
            String reason = (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\p{Cntrl}", " ");
            return Optional.of(reason.substring(0, Math.min(reason.length(), 200)));
        }
    }

    /** Keeps the original in the quarantine, then removes the offending parts and adds the note. */
    private String strip(Mail mail, Optional<TenantId> tenant, ActionPlan plan) throws MessagingException {
        if (plan.strips().isEmpty() || tenant.isEmpty()) {
            return "STRIP: nothing to remove";
        }
        QuarantineEntry entry = quarantine.hold(mail, tenant.get(), plan.check(), plan.ruleIds(),
            List.of("original of a message delivered without " + plan.strips().size() + " attachment(s): " + plan.because()));
        int removed = AttachmentStripping.strip(mail.getMessage(), plan.strips(), entry.id());
        return "STRIPPED " + removed + " part(s): " + plan.strips().stream().map(strip -> strip.path()).collect(Collectors.joining(", "))
            + "; the original is held as " + entry.id();
    }

    /** {@code X-Gatehouse-Content-Copy} for the content policy's copies, and so on. */
    static String copyHeader(ActionPlan plan) {
        String check = plan.check().asString();
        return "X-Gatehouse-" + Character.toUpperCase(check.charAt(0)) + check.substring(1) + "-Copy";
    }

    /** Header values built from rule ids and addresses: only safe characters, bounded. */
    static String safe(String value) {
        String clean = UNSAFE.matcher(value).replaceAll("_");
        return clean.length() > 500 ? clean.substring(0, 500) : clean;
    }
}
