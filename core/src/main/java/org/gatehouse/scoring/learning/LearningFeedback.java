package org.gatehouse.scoring.learning;

import org.gatehouse.tenant.TenantId;

/**
 * The hook a person's decision about a message goes through to train the tenant's token classifier and the operator's
 * model: the quarantine calls it on a release (ham), a delete of held spam or phishing and a recipient's report
 * (spam), WebAdmin on an explicit submission. Learning the same message twice does not count it twice; learning it
 * with the other label moves it.
 */
public interface LearningFeedback {
    /**
     * @param tenant the tenant whose statistics learn
     * @param raw the RFC 5322 message as received or held (trace and X-Gatehouse headers added on the way do not make
     *     it another message)
     * @param label what the message is
     * @throws org.gatehouse.tenant.TenantService.UnknownTenantException when the tenant does not exist
     * @throws org.gatehouse.store.StoreException when the database failed; nothing was learnt then
     */
    LearnOutcome learn(TenantId tenant, byte[] raw, Label label);
}
