package org.gatehouse.app.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;

import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * James's SMTP server with Gatehouse's channel handler ({@link GatehouseSmtpChannelHandler}): the same protocol, the
 * same handler chain and sessions; only how a line over the limit and a connection reset are handled differs.
 */
class GatehouseSmtpServer extends SMTPServer {
    private final SmtpMetrics metrics;
    private SMTPProtocol protocol;

    GatehouseSmtpServer(SmtpMetrics metrics) {
        super(metrics);
        this.metrics = metrics;
    }

    @Override
    protected void preInit() throws Exception {
        super.preInit();
        SMTPConfiguration configuration = new SMTPHandlerConfigurationDataImpl();
        protocol = new SMTPProtocol(getProtocolHandlerChain(), configuration) {
            @Override
            public ProtocolSession newSession(ProtocolTransport transport) {
                return new ExtendedSMTPSession(configuration, transport);
            }
        };
    }

    @Override
    protected ChannelInboundHandlerAdapter createCoreHandler() {
        return new GatehouseSmtpChannelHandler(protocol, getEncryption(), proxyRequired, metrics);
    }
}
