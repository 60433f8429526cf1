package org.gatehouse.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.submission.SubmissionAuthenticator;
import org.gatehouse.submission.SubmissionPolicy;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated submission (docs/submission.md), for the submission listeners' handler chains only (587, 465):
 * <ul>
 *   <li>AUTH PLAIN/LOGIN against the tenants' submission accounts, only over TLS ({@code 538 5.7.11} before it); a
 *       wrong password {@code 535 5.7.8}; an IP or account locked out after too many failures {@code 454 4.7.0}.
 *       The session then relays as the account's tenant.</li>
 *   <li>MAIL FROM: {@code 530 5.7.0} without AUTH; {@code 553 5.7.1} for an envelope sender outside the tenant's
 *       domains (and its policy's {@code submission.extraSenderDomains}, unless {@code submission.anySender}).</li>
 *   <li>End of DATA: the same {@code 553 5.7.1} for a From address outside them.</li>
 * </ul>
 */
public class SubmissionHook implements AuthHook, MailHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionHook.class);
    /** Rule ids of the refusals in the message log. */
    static final String TLS_RULE = "SUBMISSION_TLS_REQUIRED";
    static final String AUTH_FAILED_RULE = "SUBMISSION_AUTH_FAILED";
    static final String LOCKED_OUT_RULE = "SUBMISSION_LOCKED_OUT";
    static final String AUTH_REQUIRED_RULE = "SUBMISSION_AUTH_REQUIRED";
    static final String SENDER_RULE = "SUBMISSION_SENDER_NOT_ALLOWED";

    private final SubmissionAuthenticator authenticator;
    private final TenantDirectory directory;
    private final TransactionTenants tenants;
    private final ParsedPolicies<SubmissionPolicy> policies;
    private final RefusalRecorder recorder;

    @Inject
    public SubmissionHook(SubmissionAuthenticator authenticator, TenantDirectory directory, TenantPolicies policies, RefusalLog refusalLog) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.tenants = new TransactionTenants(directory);
        this.policies = new ParsedPolicies<>(policies, SubmissionPolicy::of);
        // James hands AUTH's hook results to no HookResultHook, and its reply to the credentials to no result handler:
        // this hook records its own refusals
        this.recorder = new RefusalRecorder(refusalLog, directory);
    }

    /** A refused AUTH, in the message log (stage helo: before any transaction), and its reply. */
    private HookResult refuseAuth(SMTPSession session, HookReturnCode code, String smtpCode, String text, String rule, String reason) {
        recorder.recordRefusal(session, Stage.HELO, smtpCode + " " + text, RefusalDetails.of(rule, reason));
        return reply(code, smtpCode, text);
    }

    private static HookResult reply(HookReturnCode code, String smtpCode, String text) {
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(smtpCode).smtpDescription(text).build();
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        String ip = session.getRemoteAddress().getAddress().getHostAddress();
        String login = username.asString();
        if (!session.isTLSStarted()) {
            return refuseAuth(session, HookReturnCode.deny(), "538", "5.7.11 Encryption required for requested authentication mechanism: STARTTLS first",
                TLS_RULE, TLS_RULE + ": AUTH of " + printable(login) + " from " + ip + " before STARTTLS");
        }
        SubmissionAuthenticator.Outcome outcome = authenticator.authenticate(ip, login, password);
        if (outcome instanceof SubmissionAuthenticator.Outcome.Authenticated authenticated) {
            session.setUsername(Username.of(authenticated.account().login()));
            session.setRelayingAllowed(true);
            TransactionTenants.authenticated(session, authenticated.account().tenant());
            LOGGER.info("SMTP AUTH of {} from {}: tenant {}", authenticated.account().login(), ip, authenticated.account().tenant().asString());
            return reply(HookReturnCode.ok(), "235", "2.7.0 Authentication successful");
        }
        if (outcome instanceof SubmissionAuthenticator.Outcome.LockedOut locked) {
            return refuseAuth(session, HookReturnCode.denySoft(), "454", "4.7.0 Too many failed authentications; try again later",
                LOCKED_OUT_RULE, LOCKED_OUT_RULE + ": " + printable(login) + " from " + ip + " locked out until " + locked.until());
        }
        if (outcome instanceof SubmissionAuthenticator.Outcome.Unavailable) {
            return refuseAuth(session, HookReturnCode.denySoft(), "454", "4.7.0 Temporary authentication failure",
                RefusalRecorder.TEMPORARY_FAILURE_RULE, RefusalRecorder.TEMPORARY_FAILURE_RULE + ": the submission accounts could not be read");
        }
        return refuseAuth(session, HookReturnCode.deny(), "535", "5.7.8 Authentication credentials invalid", AUTH_FAILED_RULE,
            AUTH_FAILED_RULE + ": " + printable(login) + " from " + ip);
    }

    /** No OAuth SASL here: the submission listeners offer PLAIN and LOGIN only. */
    @Override
    public HookResult doSasl(SMTPSession session, org.apache.james.protocols.api.OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            RefusalDetails.attach(session, RefusalDetails.of(AUTH_REQUIRED_RULE, AUTH_REQUIRED_RULE + ": MAIL FROM without AUTH on the submission port"));
            return reply(HookReturnCode.deny(), "530", "5.7.0 Authentication required");
        }
        try {
            Optional<String> refusal = sender.asOptional().flatMap(address -> notAllowed(session, address.getDomain().asString()));
            if (sender.isNullSender()) {
                refusal = Optional.of("the null sender <>");
            }
            if (refusal.isPresent()) {
                return refuseSender(session, "envelope sender " + sender.asString(""), refusal.get());
            }
            return HookResult.DECLINED;
        } catch (RuntimeException e) {
            LOGGER.error("Submission sender check failed at MAIL FROM of {}: answering 451", session.getUsername(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        try {
            String[] froms = mail.getMessage().getHeader("From");
            if (froms == null || froms.length == 0) {
                return refuseSender(session, "the message", "it has no From header");
            }
            List<String> domains = new ArrayList<>();
            for (String from : froms) {
                for (InternetAddress address : InternetAddress.parseHeader(from, false)) {
                    String value = Optional.ofNullable(address.getAddress()).orElse("");
                    domains.add(value.contains("@") ? value.substring(value.lastIndexOf('@') + 1) : "");
                }
            }
            for (String domain : domains) {
                Optional<String> refusal = notAllowed(session, domain);
                if (refusal.isPresent()) {
                    return refuseSender(session, "From address at '" + printable(domain) + "'", refusal.get());
                }
            }
            return HookResult.DECLINED;
        } catch (AddressException e) {
            return refuseSender(session, "the From header", "it does not read as addresses");
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("Submission From check failed for {}: answering 451", session.getUsername(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    /** Why the domain may not be sent as by the session's tenant, if it may not. */
    private Optional<String> notAllowed(SMTPSession session, String domain) {
        TenantId tenantId = tenants.relayTenant(session).orElseThrow();
        Tenant tenant = directory.get(tenantId).orElseThrow(() -> new IllegalStateException("tenant " + tenantId.asString() + " is gone"));
        SubmissionPolicy policy = policies.of(tenantId);
        String lower = domain.toLowerCase(Locale.ROOT);
        if (policy.anySender() || policy.extraSenderDomains().contains(lower)
            || tenant.domains().stream().map(DomainName::asString).anyMatch(lower::equalsIgnoreCase)) {
            return Optional.empty();
        }
        return Optional.of("'" + printable(lower) + "' is not a domain of the account's organisation");
    }

    private static HookResult refuseSender(SMTPSession session, String what, String why) {
        LOGGER.info("Submission by {} refused: {}: {}", session.getUsername().asString(), what, why);
        RefusalDetails.attach(session, RefusalDetails.of(SENDER_RULE, SENDER_RULE + ": " + session.getUsername().asString() + ": " + what
            + ": " + why));
        return reply(HookReturnCode.deny(), "553", "5.7.1 Sender not allowed: " + what + ": " + why);
    }

    /** Client-given text in a reply or log line: printable ASCII only, at most 100 characters. */
    private static String printable(String value) {
        String cleaned = value.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) + "..." : cleaned;
    }
}
