package org.gatehouse.phishing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phishing as part of the spam score: the tenant's phishing findings add their scores, and when their sum reaches the
 * tenant's phishing threshold they carry its phishing action, which the score decision then applies.
 */
public class PhishingContributor implements ScoreContributor {
    private static final Logger LOGGER = LoggerFactory.getLogger(PhishingContributor.class);

    public static final String FIRST_TIME_SENDER = "PHISH_FIRST_TIME_SENDER";
    static final double FIRST_TIME_SENDER_WEIGHT = 3;

    private final TenantDirectory directory;
    private final PhishingPolicies policies;
    private final PhishingDetector detector;
    private final MessageLog messageLog;

    @Inject
    public PhishingContributor(TenantDirectory directory, PhishingPolicies policies, PhishingDetector detector, MessageLog messageLog) {
        this.directory = directory;
        this.policies = policies;
        this.detector = detector;
        this.messageLog = messageLog;
    }

    /** A weak signal: the message log has no earlier message from this envelope sender to this tenant. */
    private Optional<Finding> firstTimeSender(Tenant tenant, ParsedMessage parsed) {
        Optional<String> sender = parsed.returnPath().filter(address -> address.contains("@"));
        if (sender.isEmpty() || tenant.domains().stream().anyMatch(domain -> sender.get().endsWith("@" + domain.asString()))) {
            return Optional.empty();
        }
        try {
            boolean known = messageLog.hasMessageFrom(sender.get(), tenant.id());
            return known ? Optional.empty() : Optional.of(new Finding(FIRST_TIME_SENDER, PhishingDetector.CHECK, "hit",
                FIRST_TIME_SENDER_WEIGHT, Optional.empty(), sender.get() + " has not written to this organisation before"));
        } catch (RuntimeException e) {
            LOGGER.warn("Cannot look up earlier mail from {} in the message log; no first-time-sender signal", sender.get(), e);
            return Optional.empty();
        }
    }

    @Override
    public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
        try {
            Optional<Tenant> found = directory.get(tenant);
            if (found.isEmpty()) {
                return List.of();
            }
            PhishingPolicy policy = policies.policyOf(tenant);
            List<Finding> findings = new ArrayList<>(detector.findings(found.get(), policy, parsed, senderVerdict));
            // weak, and only in company: a new correspondent alone is no sign of phishing
            if (findings.stream().anyMatch(finding -> finding.score() > 0)) {
                firstTimeSender(found.get(), parsed).map(finding -> finding.withScore(finding.score() * policy.weight()))
                    .ifPresent(findings::add);
            }
            return findings;
        } catch (RuntimeException e) {
            LOGGER.warn("Phishing checks failed for a message to tenant {}; scored without them", tenant.asString(), e);
            return List.of(new Finding("PHISH_ERROR", PhishingDetector.CHECK, "error", 0, Optional.empty(),
                "the phishing checks failed: " + e.getClass().getSimpleName()));
        }
    }
}
