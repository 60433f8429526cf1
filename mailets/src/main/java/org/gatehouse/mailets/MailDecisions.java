package org.gatehouse.mailets;

import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.TenantId;

/** The decisions the end of DATA made for a mail ({@link PipelineAttributes#DECISIONS}), as a part's mailets need them. */
final class MailDecisions {
    static List<Decision> of(Mail mail) {
        return MailAttributes.get(mail, PipelineAttributes.DECISIONS).map(json -> {
            try {
                return Decision.read(json);
            } catch (IllegalArgumentException e) {
                return List.<Decision>of();
            }
        }).orElse(List.of());
    }

    /** The part's direction, as the split set it. */
    static Direction direction(Mail mail) {
        return MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction::parse).orElse(Direction.SYSTEM);
    }

    /**
     * The decision {@code check} made for this part's tenant in this part's direction; empty for a mail that did not
     * come through the end of DATA (its mailet then decides with the tenant's current policy).
     */
    static Optional<Decision> find(Mail mail, String check, TenantId tenant) {
        Direction direction = direction(mail);
        return of(mail).stream()
            .filter(decision -> decision.check().equals(check) && decision.tenant().equals(tenant) && decision.direction() == direction)
            .findFirst();
    }

    /** The policy version the check decided this part under; -1 when it did not decide it (the current policy applies). */
    static int policyVersion(Mail mail, String check, TenantId tenant) {
        return find(mail, check, tenant).map(Decision::policyVersion).orElse(-1);
    }

    private MailDecisions() {
    }
}
