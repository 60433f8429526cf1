package org.gatehouse.smtp;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.AbstractHookableCmdHandler;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.Mail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.messagelog.SmtpRefusal;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refusal of the SMTP dialogue into the message log ({@link RefusalLog}: one record per SMTP transaction, flood
 * control per client IP). List it in smtpserver.xml's handler chain; James then shows it:
 * <ul>
 *   <li>every hook result ({@link HookResultHook}: HELO, MAIL, RCPT and end-of-DATA hooks, Gatehouse's and James's):
 *       a deny or denySoft is a refusal, named by the {@link RefusalDetails} the hook attached, or for a hook that
 *       attaches none (James's own) by a rule id derived from the hook ({@code SMTP_RELAY_DENIED}...);</li>
 *   <li>every connect handler's answer and every command's reply ({@link ProtocolHandlerResultHandler}): a refusal no
 *       hook made (the 421 of the connection limit, James's {@code 552} to a {@code SIZE=} over the server's limit).
 *       Syntax and sequence errors ({@code 500}–{@code 504}) are not refusals.</li>
 * </ul>
 * What refuses outside both (the SMTP server's over-long command line) calls {@link #recordRefusal}. Recording never
 * changes the answer and never fails the command: a failure is a warning in the log.
 */
public class RefusalRecorder implements HookResultHook, ProtocolHandlerResultHandler<Response, ProtocolSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RefusalRecorder.class);
    private static final ProtocolSession.AttachmentKey<String> TRANSACTION_RECORD =
        ProtocolSession.AttachmentKey.of("org.gatehouse.refusalRecord", String.class);
    /** The current command was refused by a hook, and recorded then: its reply is not a second refusal. */
    private static final ProtocolSession.AttachmentKey<Boolean> RECORDED =
        ProtocolSession.AttachmentKey.of("org.gatehouse.refusalRecorded", Boolean.class);
    /** Rule ids of James's own hooks, which attach no details. */
    private static final Map<String, String> JAMES_RULES = Map.of(
        "AuthRequiredToRelayRcptHook", "SMTP_RELAY_DENIED",
        "MaxRcptHandler", "SMTP_TOO_MANY_RECIPIENTS",
        "MailSizeEsmtpExtension", "SMTP_MESSAGE_TOO_LARGE",
        "SendMailHandler", "SMTP_QUEUE_UNAVAILABLE");
    static final String TEMPORARY_FAILURE_RULE = "GATEWAY_TEMPORARY_FAILURE";
    static final String MESSAGE_TOO_LARGE_RULE = "SMTP_MESSAGE_TOO_LARGE";

    private final RefusalLog refusalLog;
    private final TenantDirectory directory;
    private final Clock clock;

    @Inject
    public RefusalRecorder(RefusalLog refusalLog, TenantDirectory directory) {
        this(refusalLog, directory, Clock.systemUTC());
    }

    public RefusalRecorder(RefusalLog refusalLog, TenantDirectory directory, Clock clock) {
        this.refusalLog = refusalLog;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        try {
            Optional<RefusalDetails> details = RefusalDetails.take(session);
            if (result == null || !refuses(result.getResult())) {
                return result;
            }
            SMTPResponse response = AbstractHookableCmdHandler.calcDefaultSMTPResponse(result);
            String reply = reply(response);
            Stage stage = stageOf(session, hook);
            recordRefusal(session, stage, reply, details.orElseGet(() -> derived(hook, result, stage, reply)));
            if (stage != Stage.DATA) {
                session.setAttachment(RECORDED, Boolean.TRUE, ProtocolSession.State.Connection);
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record the refusal of {} in the message log", hook.getClass().getSimpleName(), e);
        }
        return result;
    }

    @Override
    public Response onResponse(ProtocolSession protocolSession, Response response, long executionTime, ProtocolHandler handler) {
        if (!(protocolSession instanceof SMTPSession session)) {
            return response;
        }
        try {
            if (handler instanceof ConnectHandler) {
                Optional<RefusalDetails> details = RefusalDetails.take(session);
                if (isRefusal(response)) {
                    String reply = reply(response);
                    recordRefusal(session, Stage.CONNECT, reply, details.orElseGet(() -> derived(handler, Stage.CONNECT, reply)));
                }
            } else if (handler instanceof CommandHandler<?> command) {
                boolean recorded = session.removeAttachment(RECORDED, ProtocolSession.State.Connection).orElse(false);
                if (!recorded && isRefusal(response)) {
                    String reply = reply(response);
                    Stage stage = stageOf(command);
                    String rule = reply.startsWith("552") ? MESSAGE_TOO_LARGE_RULE
                        : "SMTP_" + command.getImplCommands().stream().findFirst().orElse("COMMAND").toUpperCase(Locale.ROOT) + "_REFUSED";
                    recordRefusal(session, stage, reply, summary(rule, stage, reply));
                }
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record the refusal of {} in the message log", handler.getClass().getSimpleName(), e);
        }
        return response;
    }

    /**
     * Records a refusal of the SMTP dialogue: the transaction's record is created by its first refusal and extended by
     * the later ones (a refusal at connect, HELO or MAIL FROM ends its record: the client's next attempt is a new one).
     */
    public void recordRefusal(SMTPSession session, Stage stage, String reply, RefusalDetails why) {
        try {
            String id = session.getAttachment(TRANSACTION_RECORD, ProtocolSession.State.Transaction).orElseGet(() -> {
                String created = UUID.randomUUID().toString();
                session.setAttachment(TRANSACTION_RECORD, created, ProtocolSession.State.Transaction);
                return created;
            });
            InetAddress client = session.getRemoteAddress().getAddress();
            Optional<Mail> mail = stage == Stage.DATA
                ? session.getAttachment(SMTPConstants.MAIL, ProtocolSession.State.Transaction) : Optional.empty();
            Map<String, MessageRecord.RecipientState> recipients = recipients(session, stage, mail, reply);
            Optional<TenantId> relayTenant = relayTenant(client);
            boolean outbound = session.isRelayingAllowed() || relayTenant.isPresent();
            RefusalDetails details = why.ruleIds().isEmpty() ? summary("SMTP_REFUSED", stage, reply) : why;
            refusalLog.record(new SmtpRefusal(id, clock.instant(), client.getHostAddress(),
                session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection),
                outbound ? Direction.OUTBOUND : Direction.INBOUND,
                outbound ? relayTenant.stream().toList() : tenantsOf(recipients),
                sender(session, mail), stage, reply, details.ruleIds(),
                details.reasons().isEmpty() ? summary(details.ruleIds().get(0), stage, reply).reasons() : details.reasons(),
                recipients, tls(session), mail.map(RefusalRecorder::size).orElse(0L), mail.flatMap(RefusalRecorder::messageId)));
            if (stage == Stage.CONNECT || stage == Stage.HELO || stage == Stage.MAIL) {
                session.removeAttachment(TRANSACTION_RECORD, ProtocolSession.State.Transaction);
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Could not record a refusal ({}) in the message log", reply, e);
        }
    }

    /** The step of the dialogue the client is at: what an over-long command line most likely was. */
    public static Stage stageReached(SMTPSession session) {
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent()) {
            return Stage.RCPT;
        }
        if (session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).isPresent()) {
            return Stage.MAIL;
        }
        return Stage.HELO;
    }

    private static boolean refuses(HookReturnCode code) {
        return code.getAction() == HookReturnCode.Action.DENY || code.getAction() == HookReturnCode.Action.DENYSOFT;
    }

    /** A 4xx or 5xx that refuses something; not a syntax or sequence error (500–504). */
    private static boolean isRefusal(Response response) {
        String code = response == null ? null : response.getRetCode();
        if (code == null || code.length() != 3 || !(code.startsWith("4") || code.startsWith("5"))) {
            return false;
        }
        return !(code.compareTo("500") >= 0 && code.compareTo("504") <= 0);
    }

    /** {@code 550 5.7.1 text}: the code once, then the lines' text (the code and separator of each line dropped). */
    private static String reply(Response response) {
        String code = response.getRetCode();
        return code + " " + String.join(" ", response.getLines().stream().map(CharSequence::toString)
            .map(line -> line.startsWith(code) && line.length() >= code.length() + 1 ? line.substring(code.length() + 1) : line)
            .toList());
    }

    /**
     * The command a hook answered: the end of DATA while the message is in the session; RCPT while a recipient is being
     * checked; otherwise what the hook is for.
     */
    private static Stage stageOf(SMTPSession session, Hook hook) {
        if (session.getAttachment(SMTPConstants.MAIL, ProtocolSession.State.Transaction).isPresent()) {
            return Stage.DATA;
        }
        if (hook instanceof RcptHook && session.getAttachment(RcptCmdHandler.CURRENT_RECIPIENT, ProtocolSession.State.Transaction).isPresent()) {
            return Stage.RCPT;
        }
        if (hook instanceof MailHook || hook instanceof MailParametersHook) {
            return Stage.MAIL;
        }
        if (hook instanceof HeloHook) {
            return Stage.HELO;
        }
        return stageReached(session);
    }

    private static Stage stageOf(CommandHandler<?> command) {
        List<String> commands = command.getImplCommands().stream().map(name -> name.toUpperCase(Locale.ROOT)).toList();
        if (commands.contains("MAIL")) {
            return Stage.MAIL;
        }
        if (commands.contains("RCPT")) {
            return Stage.RCPT;
        }
        if (commands.contains("DATA")) {
            return Stage.DATA;
        }
        return Stage.HELO;
    }

    /** For a hook that attached no details: James's own get a fixed rule id, others one named after the hook. */
    private static RefusalDetails derived(Hook hook, HookResult result, Stage stage, String reply) {
        if (result == TenantSessionHook.TEMPORARY_FAILURE) {
            return new RefusalDetails(List.of(TEMPORARY_FAILURE_RULE),
                List.of("DEFERRED " + stage.describe() + ": " + TEMPORARY_FAILURE_RULE + " (" + hook.getClass().getSimpleName()
                    + " could not complete: " + reply + ")"));
        }
        return derived((Object) hook, stage, reply);
    }

    private static RefusalDetails derived(Object handler, Stage stage, String reply) {
        String name = handler.getClass().getSimpleName();
        String rule = Optional.ofNullable(JAMES_RULES.get(name)).orElseGet(() ->
            (handler.getClass().getName().startsWith("org.apache.james.") ? "SMTP_" : "")
                + name.replaceFirst("(Hook|Handler)$", "").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)
                + (handler.getClass().getName().startsWith("org.apache.james.") ? "" : "_REFUSED"));
        return summary(rule, stage, reply);
    }

    /** {@code REJECTED at RCPT TO: SMTP_RELAY_DENIED (550 5.7.1 ...)}, or {@code DEFERRED} for a 4xx. */
    private static RefusalDetails summary(String rule, Stage stage, String reply) {
        return RefusalDetails.of(rule, (reply.startsWith("4") ? "DEFERRED " : "REJECTED ") + stage.describe() + ": " + rule
            + " (" + reply + ")");
    }

    /** RCPT: the refused recipient and those accepted so far; DATA: every recipient of the message; none before. */
    private static Map<String, MessageRecord.RecipientState> recipients(SMTPSession session, Stage stage, Optional<Mail> mail,
                                                                         String reply) {
        Map<String, MessageRecord.RecipientState> recipients = new LinkedHashMap<>();
        MessageRecord.RecipientState refused = new MessageRecord.RecipientState(Disposition.REJECTED, Optional.of(reply));
        if (stage == Stage.DATA) {
            mail.ifPresent(message -> message.getRecipients().forEach(recipient -> recipients.put(recipient.asString(), refused)));
        } else if (stage == Stage.RCPT) {
            session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction).orElse(List.of()).forEach(recipient ->
                recipients.put(recipient.asString(), new MessageRecord.RecipientState(Disposition.ACCEPTED, Optional.empty())));
            session.getAttachment(RcptCmdHandler.CURRENT_RECIPIENT, ProtocolSession.State.Transaction)
                .ifPresent(recipient -> recipients.put(recipient.asString(), refused));
        }
        return recipients;
    }

    /** The tenants of the refused recipients (inbound). */
    private List<TenantId> tenantsOf(Map<String, MessageRecord.RecipientState> recipients) {
        Set<TenantId> tenants = new LinkedHashSet<>();
        try {
            recipients.forEach((recipient, state) -> {
                if (state.disposition() == Disposition.REJECTED) {
                    int at = recipient.lastIndexOf('@');
                    if (at > 0) {
                        directory.ownerOf(recipient.substring(at + 1)).map(Tenant::id).ifPresent(tenants::add);
                    }
                }
            });
        } catch (RuntimeException e) {
            LOGGER.debug("Tenant store unavailable: a refusal recorded without its tenants", e);
        }
        return new ArrayList<>(tenants);
    }

    private Optional<TenantId> relayTenant(InetAddress client) {
        try {
            return directory.relayClientTenant(client).map(Tenant::id);
        } catch (RuntimeException e) {
            LOGGER.debug("Tenant store unavailable: a refusal recorded without its relay client's tenant", e);
            return Optional.empty();
        }
    }

    private static String sender(SMTPSession session, Optional<Mail> mail) {
        return mail.map(Mail::getMaybeSender)
            .or(() -> session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction))
            .map(sender -> sender.asString(""))
            .orElse("");
    }

    private static Optional<String> tls(SMTPSession session) {
        return Optional.of(session.getSSLSession().map(ssl -> ssl.getProtocol() + " " + ssl.getCipherSuite())
            .orElse(session.isTLSStarted() ? "TLS" : TlsRecordingMessageHook.PLAINTEXT));
    }

    private static long size(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (Exception e) {
            return 0;
        }
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
