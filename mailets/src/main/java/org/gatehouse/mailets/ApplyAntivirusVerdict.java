package org.gatehouse.mailets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicy;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;

import com.google.common.collect.ImmutableList;

/**
 * Applies the antivirus verdict made at the end of DATA to each part: the findings go to the message log, and a part
 * with a virus (or one the operator chose to hold when the scan failed or the message was too large to scan) goes to
 * the virus quarantine, never to its recipients. A found virus is notified as the tenant's
 * {@code content.virusNotifications} says. Parameter: {@code virusProcessor} (default {@code virus-quarantine}).
 */
public class ApplyAntivirusVerdict extends GenericMailet {
    private final TenantDirectory directory;
    private final ContentPolicies policies;
    private final ActionExecutor executor;
    private String virusProcessor;

    @Inject
    public ApplyAntivirusVerdict(TenantDirectory directory, ContentPolicies policies, ActionExecutor executor) {
        this.directory = directory;
        this.policies = policies;
        this.executor = executor;
    }

    @Override
    public void init() {
        virusProcessor = Optional.ofNullable(getInitParameter("virusProcessor")).orElse("virus-quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(virusProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Verdict> verdict = MailAttributes.get(mail, PipelineAttributes.ANTIVIRUS)
            .map(VerdictJson::read)
            .map(verdicts -> verdicts.getOrDefault(AntivirusFindings.CHECK, Verdict.empty()));
        if (verdict.isEmpty() || verdict.get().findings().isEmpty()) {
            return;
        }
        Optional<TenantId> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of);
        List<String> reasons = new ArrayList<>(verdict.get().explanation());
        boolean holding = verdict.get().action().compareTo(Action.QUARANTINE) >= 0;
        if (holding && !Hold.isReleasedFrom(mail, HoldingCheck.ANTIVIRUS) && verdict.get().ruleIds().contains(AntivirusFindings.VIRUS_FOUND)) {
            reasons.addAll(notify(mail, tenant, verdict.get()));
        }
        // every antivirus hold goes to the virus family; a block is a hold too (accepted mail is never dropped)
        ActionPlan plan = ActionPlan.builder(HoldingCheck.ANTIVIRUS, holding ? Action.QUARANTINE : Action.PASS, verdict.get().ruleIds(),
                "antivirus: " + String.join("; ", verdict.get().explanation()))
            .reasons(reasons)
            .holdProcessor(virusProcessor)
            .build();
        executor.execute(mail, tenant, plan, getMailetContext(), "transport");
    }

    /**
     * Tells whom the tenant's {@code content.virusNotifications} names: the recipients (inbound only: outbound, they are
     * outside the tenant), the tenant's administrator, and the sender only when authenticated (an outbound relay
     * client, or SPF or DKIM passing for the envelope sender's domain): a forged sender is never told (no backscatter).
     * Notices go with an empty envelope sender, so they never bounce back.
     */
    private List<String> notify(Mail mail, Optional<TenantId> tenant, Verdict verdict) {
        if (tenant.isEmpty()) {
            return List.of();
        }
        // the notifications of the policy version the scan's decision was made under
        int version = MailDecisions.policyVersion(mail, AntivirusFindings.CHECK, tenant.get());
        ContentPolicy policy = (version < 0 ? policies.versioned(tenant.get()) : policies.at(tenant.get(), version)).policy();
        ContentPolicy.VirusNotifications wanted = policy.virusNotifications();
        if (!wanted.any()) {
            return List.of();
        }
        boolean outbound = MailAttributes.get(mail, PipelineAttributes.DIRECTION).filter("outbound"::equals).isPresent();
        List<String> reasons = new ArrayList<>();
        String viruses = verdict.findings().stream().filter(finding -> finding.ruleId().equals(AntivirusFindings.VIRUS_FOUND))
            .map(Finding::reason).collect(Collectors.joining("; "));
        String logId = MailAttributes.get(mail, PipelineAttributes.LOG_ID).orElse("none");
        if (wanted.recipients()) {
            if (outbound) {
                reasons.add("VIRUS NOTICE: recipients not told (they are outside the tenant)");
            } else {
                reasons.add(send(List.copyOf(mail.getRecipients()), "[Gatehouse] A message to you was stopped: virus found",
                    "A message addressed to you contained a virus and was not delivered.", mail, viruses, logId));
            }
        }
        if (wanted.admin()) {
            Optional<MailAddress> admin = policy.adminAddress()
                .filter(address -> directory.ownerOf(address.substring(address.lastIndexOf('@') + 1))
                    .map(owner -> owner.id().equals(tenant.get())).orElse(false))
                .flatMap(ApplyAntivirusVerdict::address);
            reasons.add(admin.map(address -> send(List.of(address), "[Gatehouse] Virus held for tenant " + tenant.get().asString(),
                    "A message for your organisation contained a virus and is held in the virus quarantine (release by an administrator only).",
                    mail, viruses, logId))
                .orElse("VIRUS NOTICE: the administrator address is not in a domain of the tenant, nobody was told"));
        }
        if (wanted.sender()) {
            Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
            if (sender.isEmpty()) {
                reasons.add("VIRUS NOTICE: no sender to tell (empty envelope sender)");
            } else if (!outbound && !authenticated(mail, sender.get())) {
                reasons.add("VIRUS NOTICE: sender " + sender.get().asString() + " not told: neither SPF nor DKIM passed for its domain");
            } else {
                reasons.add(send(List.of(sender.get()), "[Gatehouse] Your message was not delivered: virus found",
                    "A message you sent contained a virus and was not delivered.", mail, viruses, logId));
            }
        }
        return reasons;
    }

    private static Optional<MailAddress> address(String value) {
        try {
            return Optional.of(new MailAddress(value));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /** SPF passed for the envelope sender's domain, or DKIM passed for it or a parent domain (relaxed alignment). */
    static boolean authenticated(Mail mail, MailAddress sender) {
        String domain = sender.getDomain().asString().toLowerCase(Locale.ROOT);
        List<String> methods = MailAttributes.get(mail, PipelineAttributes.AUTHENTICATION_RESULTS)
            .map(lines -> Arrays.stream(lines.split("\n")).map(String::trim).toList())
            .orElse(List.of());
        for (String method : methods) {
            List<String> words = Arrays.asList(method.toLowerCase(Locale.ROOT).split("\\s+"));
            if (words.contains("spf=pass") && words.contains("smtp.mailfrom=" + domain)) {
                return true;
            }
            if (words.contains("dkim=pass") && words.stream().filter(word -> word.startsWith("header.d="))
                    .map(word -> word.substring("header.d=".length()))
                    .anyMatch(signer -> domain.equals(signer) || domain.endsWith("." + signer))) {
                return true;
            }
        }
        return false;
    }

    private String send(List<MailAddress> recipients, String subject, String opening, Mail mail, String viruses, String logId) {
        try {
            MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
            notice.setFrom(getMailetContext().getPostmaster().toInternetAddress().orElseThrow());
            notice.setRecipients(Message.RecipientType.TO,
                recipients.stream().map(address -> address.toInternetAddress().orElseThrow()).toArray(Address[]::new));
            notice.setSubject(subject, "UTF-8");
            notice.setHeader("Auto-Submitted", "auto-generated");
            String originalSubject = Optional.ofNullable(mail.getMessage().getSubject()).orElse("");
            StringBuilder text = new StringBuilder(opening).append("\n\n")
                .append("Virus: ").append(printable(viruses)).append('\n')
                .append("Sender: ").append(printable(mail.getMaybeSender().asString("<>"))).append('\n')
                .append("Recipients: ").append(printable(mail.getRecipients().stream().map(MailAddress::asString)
                    .collect(Collectors.joining(", ")))).append('\n')
                .append("Subject: ").append(printable(originalSubject)).append('\n')
                .append("Message log id: ").append(printable(logId)).append("\n\n")
                .append("The message itself is not attached.\n");
            notice.setText(text.toString(), "UTF-8");
            notice.saveChanges();
            getMailetContext().sendMail(null, recipients, notice);
            return "VIRUS NOTICE sent to " + recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
        } catch (MessagingException | RuntimeException e) {
            log("Could not send a virus notice", e);
            return "VIRUS NOTICE could not be sent: " + e.getClass().getSimpleName();
        }
    }

    /** Text from the message: no control characters, bounded. */
    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse antivirus verdict";
    }
}
