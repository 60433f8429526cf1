package org.gatehouse.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.outbound.JdbcOutboundVolumes;
import org.gatehouse.outbound.OutboundAnomaly;
import org.gatehouse.outbound.OutboundPolicy;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreDecision;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;

import com.google.common.collect.ImmutableList;

/**
 * Outbound abuse control on a tenant's outbound part (docs/outbound-abuse.md): the message is scored by the same
 * scorer as inbound mail and judged by the tenant's {@code outbound.spam} thresholds (tag: {@code X-Gatehouse-Outbound-Spam};
 * quarantine: held for the tenant administrator; block: a bounce to the sender with the reason), and counted for the
 * compromised-account guard ({@code outbound.anomaly}): a sender far above its own hourly baseline has its further
 * mail held, and the administrators in {@code notifyTo} are told once. The sender is the SMTP AUTH login when the
 * message was submitted, else the envelope sender.
 * Parameters: {@code bounceProcessor} (default {@code bounces}), {@code quarantineProcessor} (default {@code quarantine}),
 * {@code deferDelay} and {@code maxDeferrals} for an outage of the policy database ({@link StoreOutageDeferral}).
 */
public class CheckOutboundAbuse extends GenericMailet {
    public static final String HEADER = "X-Gatehouse-Outbound-Spam";
    static final String CHECK = "outbound-abuse";
    static final String SPAM_RULE = "OUTBOUND_SPAM";

    private final ParsedPolicies<OutboundPolicy> policies;
    private final TenantDirectory directory;
    private final MessageScorer scorer;
    private final OutboundAnomaly anomaly;
    private final ActionExecutor executor;
    private final Clock clock;
    private String bounceProcessor;
    private String quarantineProcessor;
    private StoreOutageDeferral storeOutage;

    @Inject
    public CheckOutboundAbuse(TenantPolicies policies, TenantDirectory directory, MessageScorer scorer, JdbcOutboundVolumes volumes,
                              ActionExecutor executor) {
        this.policies = new ParsedPolicies<>(policies, OutboundPolicy::of);
        this.directory = directory;
        this.scorer = scorer;
        this.anomaly = new OutboundAnomaly(volumes);
        this.executor = executor;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void init() throws MessagingException {
        storeOutage = StoreOutageDeferral.from(getMailetConfig());
        bounceProcessor = Optional.ofNullable(getInitParameter("bounceProcessor")).orElse("bounces");
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(bounceProcessor), new ProcessingState(quarantineProcessor));
    }

    /** The policy database unavailable (the volumes cannot be counted): the mail waits in the queue, never leaves unchecked. */
    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            check(mail);
        } catch (org.gatehouse.store.StoreException e) {
            storeOutage.defer(mail, getMailetContext(), e);
        }
    }

    private void check(Mail mail) throws MessagingException {
        Optional<TenantId> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of);
        Direction direction = MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction::parse).orElse(Direction.SYSTEM);
        if (tenant.isEmpty() || direction != Direction.OUTBOUND || Hold.isReleasedFrom(mail, HoldingCheck.SCORING)) {
            return;
        }
        ParsedPolicies.Versioned<OutboundPolicy> versioned = policies.versioned(tenant.get());
        OutboundPolicy policy = versioned.policy();
        if (!policy.spam().any() && policy.anomaly().isEmpty()) {
            return;
        }
        // scored only when the tenant set outbound thresholds
        Optional<ScoreDecision> decided = Optional.empty();
        if (policy.spam().any()) {
            byte[] raw = AdministratorNotice.raw(mail, "outbound abuse control");
            decided = Optional.of(scorer.decide(Map.of(tenant.get(), Verdict.empty()), raw, ParsedMessage.parse(raw)).get(tenant.get()));
        }
        int score = decided.map(ScoreDecision::score).orElse(0);
        List<String> scoreRules = decided.map(ScoreDecision::ruleIds).orElse(List.of());
        Action action = policy.spam().actionFor(score);
        List<String> ruleIds = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (action != Action.PASS) {
            ruleIds.add(SPAM_RULE);
            ruleIds.addAll(scoreRules);
            reasons.add(SPAM_RULE + " (" + action.name().toLowerCase(java.util.Locale.ROOT) + "): outbound score " + score
                + " (outbound.spam thresholds), rules " + String.join(",", scoreRules));
        }
        String sender = mail.getAttribute(Mail.SMTP_AUTH_USER).map(attribute -> String.valueOf(attribute.getValue().value()))
            .orElseGet(() -> mail.getMaybeSender().asString("<>"));
        Optional<OutboundAnomaly.Finding> unusual = anomaly.count(tenant.get(), sender, clock.instant(), score >= policy.spam().spamFrom(),
            policy.anomaly());
        if (unusual.isPresent()) {
            action = action.mostSevere(Action.QUARANTINE);
            ruleIds.add(0, unusual.get().ruleId());
            reasons.add(unusual.get().explanation() + " (sender " + printable(sender) + "): held for the tenant administrator");
            if (unusual.get().first()) {
                reasons.add(notifyAdministrators(tenant.get(), policy.anomaly().orElseThrow(), sender, unusual.get()));
            }
        }
        if (action == Action.PASS) {
            return;
        }
        record(mail, Decision.of(CHECK, Stage.QUEUE, tenant.get(), direction, versioned.version(), action,
            List.copyOf(ruleIds)));
        String rules = String.join(",", ruleIds);
        ActionPlan.Builder plan = ActionPlan.builder(HoldingCheck.SCORING, action, List.copyOf(ruleIds), "outbound abuse control " + rules)
            .holdProcessor(quarantineProcessor);
        if (action == Action.BLOCK) {
            plan.bounce("Message refused by your organisation's outbound spam policy (score " + score + ", rules "
                + String.join(",", scoreRules) + ").", bounceProcessor);
        } else if (action == Action.TAG) {
            plan.marks(HeaderEdits.none().set(HEADER, "score=" + score + "; rules=" + rules));
        }
        executor.execute(mail, tenant.get(), plan.reasons(reasons).build(), getMailetContext(), "transport");
    }

    private static void record(Mail mail, Decision decision) {
        List<Decision> all = new ArrayList<>(MailDecisions.of(mail));
        all.add(decision);
        MailAttributes.set(mail, PipelineAttributes.DECISIONS, Decision.write(all));
    }

    /** Tells the tenant's administrators ({@code outbound.anomaly.notifyTo}, in its own domains only) that a sender is held. */
    private String notifyAdministrators(TenantId tenant, OutboundPolicy.Anomaly guard, String sender, OutboundAnomaly.Finding finding) {
        List<MailAddress> recipients = AdministratorNotice.inTenantDomains(directory, tenant, guard.notifyTo());
        if (recipients.isEmpty()) {
            return "OUTBOUND NOTIFY: no outbound.anomaly.notifyTo address in the tenant's domains, nobody was told";
        }
        try {
            AdministratorNotice.send(getMailetContext(), recipients, "[Gatehouse] Outbound mail of " + printable(sender) + " held: " + finding.ruleId(),
                "Outbound mail of " + printable(sender) + " is far above its own usual volume, as a compromised account's is:\n\n"
                + printable(finding.explanation()) + "\n\nIts further mail this hour is held in the quarantine (family spam) for you to"
                + " release or delete. Check the account, and change its password if it is not its owner sending.\n");
            return "OUTBOUND NOTIFY: told " + recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
        } catch (MessagingException | RuntimeException e) {
            log("Could not send the outbound anomaly notification for tenant " + tenant.asString(), e);
            return "OUTBOUND NOTIFY: the notification could not be sent: " + e.getClass().getSimpleName();
        }
    }

    private static String printable(String value) {
        return AdministratorNotice.printable(value);
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse outbound abuse control";
    }
}
