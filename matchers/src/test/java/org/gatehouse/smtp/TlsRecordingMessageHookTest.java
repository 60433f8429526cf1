package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.junit.jupiter.api.Test;

class TlsRecordingMessageHookTest {
    private static final AttributeName TLS = AttributeName.of(PipelineAttributes.TLS);

    private final TlsRecordingMessageHook hook = new TlsRecordingMessageHook();

    /** What the transport reports of a negotiated TLS session: only its protocol and cipher are read. */
    private static SSLSession negotiated(String protocol, String cipherSuite) {
        return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] {SSLSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getProtocol" -> protocol;
                case "getCipherSuite" -> cipherSuite;
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static Optional<String> recorded(FakeMail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, TLS, String.class);
    }

    @Test
    void onMessageShouldRecordTheProtocolAndCipherWhenTheSessionIsTls() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session()
            .withTls(Optional.of(negotiated("TLSv1.3", "TLS_AES_256_GCM_SHA384")));

        HookResult result = hook.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(recorded(mail)).contains("TLSv1.3 TLS_AES_256_GCM_SHA384");
    }

    @Test
    void onMessageShouldRecordNoneWhenTheSessionIsPlaintext() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();

        HookResult result = hook.onMessage(new SmtpTestFixtures.Session(), mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(recorded(mail)).contains(TlsRecordingMessageHook.PLAINTEXT).contains("none");
    }

    @Test
    void onMessageShouldRecordTlsWhenStartedButTheTransportReportsNoSession() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();

        hook.onMessage(new SmtpTestFixtures.Session().withTls(Optional.empty()), mail);

        assertThat(recorded(mail)).contains("TLS");
    }
}
