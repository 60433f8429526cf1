package org.gatehouse.smtp;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;

/**
 * Why a Gatehouse SMTP hook refused: the stable rule ids (the first decides) and the reasons, attached to the session
 * right before the hook returns its deny, for {@link RefusalRecorder} to write to the message log. It belongs to that one
 * hook result: the recorder takes it after every hook result, refusing or not.
 */
public record RefusalDetails(List<String> ruleIds, List<String> reasons) {
    private static final ProtocolSession.AttachmentKey<RefusalDetails> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.refusalDetails", RefusalDetails.class);

    public RefusalDetails {
        ruleIds = List.copyOf(ruleIds);
        reasons = List.copyOf(reasons);
    }

    public static RefusalDetails of(String ruleId, String reason) {
        return new RefusalDetails(List.of(ruleId), List.of(reason));
    }

    /** The findings that refused: of each verdict that rejects or tempfails, those whose action it is (rejecting ones first). */
    public static RefusalDetails of(Collection<Verdict> verdicts) {
        Set<String> ruleIds = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (Action decisive : List.of(Action.BLOCK, Action.TEMPFAIL)) {
            verdicts.stream()
                .filter(verdict -> verdict.action() == decisive)
                .flatMap(verdict -> verdict.findings().stream())
                .filter(finding -> finding.action().filter(decisive::equals).isPresent())
                .forEach(finding -> {
                    ruleIds.add(finding.ruleId());
                    reasons.add(finding.explain());
                });
        }
        return new RefusalDetails(List.copyOf(ruleIds), List.copyOf(reasons));
    }

    public static void attach(ProtocolSession session, RefusalDetails details) {
        if (!details.ruleIds().isEmpty()) {
            session.setAttachment(KEY, details, ProtocolSession.State.Transaction);
        }
    }

    /** Attaches the findings of this verdict that refuse (nothing when it neither rejects nor tempfails). */
    public static void attach(ProtocolSession session, Verdict verdict) {
        attach(session, of(List.of(verdict)));
    }

    /** Attaches the refusing findings of these verdicts (one per tenant). */
    public static void attach(ProtocolSession session, Collection<Verdict> verdicts) {
        attach(session, of(verdicts));
    }

    /** The details the last hook attached, removed from the session. */
    static Optional<RefusalDetails> take(ProtocolSession session) {
        return session.removeAttachment(KEY, ProtocolSession.State.Transaction);
    }
}
