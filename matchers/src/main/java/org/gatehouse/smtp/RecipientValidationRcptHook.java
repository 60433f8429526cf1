package org.gatehouse.smtp;

import java.time.Clock;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.rate.RateCounter;
import org.gatehouse.recipient.HarvestSettings;
import org.gatehouse.recipient.RecipientCheck;
import org.gatehouse.recipient.RecipientPolicy;
import org.gatehouse.recipient.RecipientValidator;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recipient validation at RCPT TO (docs/recipients.md): a recipient at a tenant's domain is checked against the
 * tenant's {@code recipients} policy (its list, its LDAP directory or a callout to its server). Unknown:
 * {@code 550 5.1.1}; a directory that cannot be asked: {@code 451 4.4.3}, never a guess either way. A client IP that
 * names more unknown recipients than the operator allows in a window ({@link HarvestSettings}) gets {@code 421} for
 * each further one and is disconnected: directory-harvest protection, recorded as a rate-limited attempt.
 * {@code postmaster} is always accepted (RFC 5321 4.5.1), and so are recipients named by the tenant's own relay
 * clients (its own servers).
 */
public class RecipientValidationRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientValidationRcptHook.class);
    /** Rule ids of the refusals in the message log. */
    static final String UNKNOWN_RULE = "RECIPIENT_UNKNOWN";
    static final String UNAVAILABLE_RULE = "RECIPIENT_DIRECTORY_UNAVAILABLE";
    static final String HARVEST_RULE = "RECIPIENT_HARVEST";
    static final HookResult UNKNOWN = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.1.1 Recipient address rejected: no such user here")
        .build();
    static final HookResult UNAVAILABLE = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("451")
        .smtpDescription("4.4.3 Recipient directory unavailable, please try again later")
        .build();

    private final TransactionTenants tenants;
    private final TenantDirectory directory;
    private final ParsedPolicies<RecipientPolicy> policies;
    private final RecipientValidator validator;
    private final RateCounter counter;
    private final HarvestSettings harvest;
    private final RateLimitedAttempts attempts;
    private final Clock clock;

    @Inject
    public RecipientValidationRcptHook(TenantDirectory directory, TenantPolicies policies, RecipientValidator validator, RateCounter counter,
                                       HarvestSettings harvest, RateLimitedAttempts attempts) {
        this(directory, policies, validator, counter, harvest, attempts, Clock.systemUTC());
    }

    public RecipientValidationRcptHook(TenantDirectory directory, TenantPolicies policies, RecipientValidator validator, RateCounter counter,
                                       HarvestSettings harvest, RateLimitedAttempts attempts, Clock clock) {
        this.tenants = new TransactionTenants(directory);
        this.directory = directory;
        // parsed once per policy version, not at every RCPT
        this.policies = new ParsedPolicies<>(policies, RecipientPolicy::of);
        this.validator = validator;
        this.counter = counter;
        this.harvest = harvest;
        this.attempts = attempts;
        this.clock = clock;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        String ip = session.getRemoteAddress().getAddress().getHostAddress();
        try {
            Optional<TenantId> owner = tenants.ownerOf(session, rcpt);
            if (owner.isEmpty() || GatewayDomainRcptHook.isPostmaster(rcpt) || tenants.trustedBy(session, owner.get())) {
                return HookResult.DECLINED;
            }
            Optional<Tenant> tenant = directory.get(owner.get());
            if (tenant.isEmpty()) {
                return HookResult.DECLINED;
            }
            RecipientPolicy policy = policies.of(owner.get());
            if (policy.mode() == RecipientPolicy.Mode.ACCEPT_ALL) {
                return HookResult.DECLINED;
            }
            RecipientCheck check = validator.check(tenant.get(), policy, rcpt.asString());
            return switch (check.outcome()) {
                case KNOWN -> HookResult.DECLINED;
                case UNKNOWN -> unknown(session, ip, owner.get(), rcpt, policy, check);
                case UNAVAILABLE -> {
                    LOGGER.warn("RCPT {} from {}: the recipient directory of {} is unavailable ({}): answering 451", rcpt.asString(), ip,
                        owner.get().asString(), check.detail());
                    RefusalDetails.attach(session, RefusalDetails.of(UNAVAILABLE_RULE, UNAVAILABLE_RULE + " (" + policy.mode().asString()
                        + "): " + rcpt.asString() + ": " + check.detail()));
                    yield UNAVAILABLE;
                }
            };
        } catch (RuntimeException e) {
            LOGGER.error("Recipient validation failed at RCPT {} from {}: answering 451", rcpt, ip, e);
            RefusalDetails.attach(session, RefusalDetails.of(UNAVAILABLE_RULE, UNAVAILABLE_RULE + ": " + rcpt.asString()
                + ": the check failed (" + e.getClass().getSimpleName() + ")"));
            return UNAVAILABLE;
        }
    }

    private HookResult unknown(SMTPSession session, String ip, TenantId tenant, MailAddress rcpt, RecipientPolicy policy, RecipientCheck check) {
        if (harvest.limit().isPresent() && !counter.tryAcquire("harvest|" + ip, harvest.limit().get(), clock.instant())) {
            LOGGER.info("RCPT {} from {} refused: more than {} unknown recipients (directory harvest)", rcpt.asString(), ip,
                harvest.limit().get().describe());
            attempts.record(ip, Direction.INBOUND, Optional.empty(), clock.instant());
            RefusalDetails.attach(session, RefusalDetails.of(HARVEST_RULE, HARVEST_RULE + ": " + ip + " named more than "
                + harvest.limit().get().describe().replace("messages", "unknown recipients") + " (recipients.harvest); last "
                + rcpt.asString()));
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT))
                .smtpReturnCode("421")
                .smtpDescription("4.7.0 Too many unknown recipients from " + ip + ", closing connection")
                .build();
        }
        LOGGER.info("RCPT {} from {} refused: unknown recipient of {} ({})", rcpt.asString(), ip, tenant.asString(), check.detail());
        RefusalDetails.attach(session, RefusalDetails.of(UNKNOWN_RULE, UNKNOWN_RULE + " (" + policy.mode().asString() + "): "
            + rcpt.asString() + ": " + check.detail()));
        return UNKNOWN;
    }
}
