package org.gatehouse.app.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPChannelInboundHandler;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.gatehouse.smtp.OverlongLines;
import org.gatehouse.smtp.RefusalDetails;
import org.gatehouse.smtp.RefusalRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;

/**
 * James's SMTP channel handler with two changes. A line over the limit inside DATA is not answered on the spot (James
 * answers {@code 500} mid-DATA and then {@code 250} at its end, delivering the message without the line): the
 * transaction is marked, and {@link org.gatehouse.smtp.MessageStructureHook} gives the one reply at the end of DATA.
 * An over-long command line gets James's {@code 500}, and is in the message log ({@code SMTP_LINE_TOO_LONG}) when the
 * handler chain records refusals ({@link RefusalRecorder}). An I/O failure of the connection (a reset, a broken pipe)
 * is one log line, not a stack trace.
 */
class GatehouseSmtpChannelHandler extends SMTPChannelInboundHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatehouseSmtpChannelHandler.class);
    private static final String LINE_TOO_LONG = "SMTP_LINE_TOO_LONG";

    private final Optional<RefusalRecorder> refusals;

    GatehouseSmtpChannelHandler(Protocol protocol, Encryption encryption, boolean proxyRequired, SmtpMetrics metrics) {
        super(protocol, encryption, proxyRequired, metrics);
        this.refusals = protocol.getProtocolChain().getHandlers(RefusalRecorder.class).stream().findFirst();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Object session = ctx.channel().attr(SESSION_ATTRIBUTE_KEY).get();
        if (cause instanceof TooLongFrameException && session instanceof ExtendedSMTPSession smtp && smtp.getMimeMessageWriter() != null) {
            OverlongLines.mark((ProtocolSession) smtp);
            return;
        }
        if (cause instanceof TooLongFrameException && session instanceof ExtendedSMTPSession smtp && refusals.isPresent()) {
            Response response = smtp.newLineTooLongResponse();
            String reply = response == null ? "500 Line length exceeded" : response.getRetCode() + " " + String.join(" ",
                response.getLines().stream().map(line -> line.toString().replaceFirst("^\\d{3}[ -]", "")).toList());
            refusals.get().recordRefusal(smtp, RefusalRecorder.stageReached(smtp), reply, RefusalDetails.of(LINE_TOO_LONG,
                "REJECTED " + RefusalRecorder.stageReached(smtp).describe() + ": " + LINE_TOO_LONG + " (a command line over the server's limit)"));
        }
        if (cause instanceof IOException) {
            LOGGER.info("SMTP connection from {} ended: {}", client(ctx), cause.getMessage());
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private static String client(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }
}
