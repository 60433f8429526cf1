package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Verdict;

/**
 * The one place that decides what the client is told at the end of DATA. Each check (antivirus, content, sender
 * authentication, spam score, in smtpserver.xml's order) hands over its decisions for every tenant and role, and for
 * each tenant that blocks, the reply that says why. The blocks of all checks together decide: a block by the outbound
 * tenant stops the whole message; a block by a recipient's tenant stops that tenant's recipients; when nothing is left
 * to deliver the client gets the refusal (the outbound tenant's, else the first), otherwise the message is accepted and
 * the blocked parts are held after the queue. A check that cannot complete answers 451 itself. Every decision, with the
 * policy version it was made under, is carried by one attribute ({@link PipelineAttributes#DECISIONS}).
 */
public final class EndOfDataDecision {
    private static final ProtocolSession.AttachmentKey<EndOfDataDecision> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.endOfDataDecision", EndOfDataDecision.class);

    /** A tenant's block: the reply that says why, and the rule ids and reasons the message log records. */
    public record Block(HookResult reply, RefusalDetails details) {
        public Block(HookResult reply, Verdict verdict) {
            this(reply, RefusalDetails.of(List.of(verdict)));
        }
    }

    private final List<Decision> decisions = new ArrayList<>();
    private final Map<TenantId, Block> refusals = new LinkedHashMap<>();

    /** The decision of the message being received; a new transaction starts afresh. */
    public static EndOfDataDecision of(SMTPSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).orElseGet(() -> {
            EndOfDataDecision created = new EndOfDataDecision();
            session.setAttachment(KEY, created, ProtocolSession.State.Transaction);
            return created;
        });
    }

    /**
     * Adds one check's decisions and the replies of the tenants it blocks for; answers the refusal when the blocks of
     * every check so far leave nothing to deliver, else {@link HookResult#DECLINED}.
     */
    public HookResult add(SMTPSession session, Mail mail, MessageTenants tenants, List<Decision> made, Map<TenantId, Block> blocks) {
        decisions.addAll(made);
        blocks.forEach(refusals::putIfAbsent);
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DECISIONS), AttributeValue.of(Decision.write(decisions))));
        Optional<HookResult> refusal = refusal(tenants);
        if (refusal.isPresent()) {
            // the message log's record of the refusal names the rules of every blocking tenant
            List<String> ruleIds = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            refusals.values().forEach(block -> {
                block.details().ruleIds().stream().filter(rule -> !ruleIds.contains(rule)).forEach(ruleIds::add);
                reasons.addAll(block.details().reasons());
            });
            RefusalDetails.attach(session, new RefusalDetails(ruleIds, reasons));
        }
        return refusal.orElse(HookResult.DECLINED);
    }

    /** Whether the blocks so far already leave nothing to deliver (later checks need not run). */
    public boolean decided(MessageTenants tenants) {
        return refusal(tenants).isPresent();
    }

    private Optional<HookResult> refusal(MessageTenants tenants) {
        if (refusals.isEmpty() || tenants.deliversAnythingWhenBlockedBy(refusals.keySet())) {
            return Optional.empty();
        }
        return Optional.of(tenants.outboundTenant().map(refusals::get).orElse(refusals.values().iterator().next()).reply());
    }

    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }
}
