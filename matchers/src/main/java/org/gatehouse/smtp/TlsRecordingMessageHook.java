package org.gatehouse.smtp;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.PipelineAttributes;

/**
 * Records on every accepted message how it reached the gateway, which James does not keep: the TLS protocol and
 * cipher of the SMTP session ({@code TLSv1.3 TLS_AES_256_GCM_SHA384}), or {@code none}. The message log shows it.
 */
public class TlsRecordingMessageHook implements JamesMessageHook {
    public static final String PLAINTEXT = "none";

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        String transport = session.getSSLSession()
            .map(ssl -> ssl.getProtocol() + " " + ssl.getCipherSuite())
            .orElse(session.isTLSStarted() ? "TLS" : PLAINTEXT);
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TLS), AttributeValue.of(transport)));
        return HookResult.DECLINED;
    }
}
