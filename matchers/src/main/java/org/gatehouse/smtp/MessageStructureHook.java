package org.gatehouse.smtp;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.gatehouse.message.MimeStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first check at the end of DATA, before any other reads the message: a message with a line longer than the
 * server reads gets {@code 500 5.5.2}, one whose MIME structure crosses a bound ({@code smtp.mime.maxDepth},
 * {@code maxParts}, {@code maxHeaderFields}) gets {@code 554 5.6.0} with the bound it crossed. Either way the message
 * is not accepted, and the refusal ({@code SMTP_LINE_TOO_LONG}, {@code MIME_STRUCTURE_LIMIT}) is in the message log
 * ({@link RefusalRecorder}). The structure it measured (the nesting depth) is kept for the antivirus, which holds a
 * message nested deeper than clamd opens.
 */
public class MessageStructureHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageStructureHook.class);
    private static final ProtocolSession.AttachmentKey<MimeStructure> STRUCTURE =
        ProtocolSession.AttachmentKey.of("org.gatehouse.mimeStructure", MimeStructure.class);
    static final String LINE_TOO_LONG = "SMTP_LINE_TOO_LONG";
    static final String STRUCTURE_LIMIT = "MIME_STRUCTURE_LIMIT";

    private final MimeStructure.Limits limits;

    @Inject
    public MessageStructureHook(MimeStructure.Limits limits) {
        this.limits = limits;
    }

    /** The structure measured for this transaction's message; empty when this hook did not run. */
    static Optional<MimeStructure> measured(SMTPSession session) {
        return session.getAttachment(STRUCTURE, ProtocolSession.State.Transaction);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (OverlongLines.seen(session)) {
            String reply = "5.5.2 Message refused: a line is too long (RFC 5321 section 4.5.3.1.6)";
            return refuse(session, mail, "500", reply, LINE_TOO_LONG, "a line over the server's limit");
        }
        try {
            MimeStructure structure = MimeStructure.scan(new ByteArrayInputStream(ReceivedBytes.of(session, mail)), limits);
            session.setAttachment(STRUCTURE, structure, ProtocolSession.State.Transaction);
            if (structure.exceeds()) {
                String because = structure.violation().orElseThrow();
                return refuse(session, mail, "554", "5.6.0 Message refused: " + because, STRUCTURE_LIMIT, because);
            }
            return HookResult.DECLINED;
        } catch (Exception e) {
            LOGGER.error("The MIME structure of a message from {} could not be measured: answering 451", session.getRemoteAddress(), e);
            return TenantSessionHook.TEMPORARY_FAILURE;
        }
    }

    private HookResult refuse(SMTPSession session, Mail mail, String code, String reply, String rule, String because) {
        LOGGER.info("Message from {} ({}) refused at the end of DATA: {}", session.getRemoteAddress().getAddress().getHostAddress(),
            mail.getMaybeSender().asString("<>"), reply);
        RefusalDetails.attach(session, new RefusalDetails(List.of(rule), List.of("REJECTED at the end of DATA: " + rule + " (" + because + ")")));
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(reply)
            .build();
    }
}
