package org.gatehouse.app;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;

/**
 * Where the submission listeners listen, for the start-up lines of {@code ./gatehouse run}: the one offering AUTH after
 * STARTTLS (587) and the one with implicit TLS (465), as smtpserver.xml configures them.
 */
public class SubmissionProbe implements GuiceProbe {
    private final SMTPServerFactory servers;

    @Inject
    public SubmissionProbe(SMTPServerFactory servers) {
        this.servers = servers;
    }

    public Optional<InetSocketAddress> startTls() {
        return find(server -> !server.getSocketType().equals("secure")
            && ((SMTPServer) server).getAuthRequired() == SMTPServer.AuthenticationAnnounceMode.ALWAYS);
    }

    public Optional<InetSocketAddress> implicitTls() {
        return find(server -> server.getSocketType().equals("secure"));
    }

    private Optional<InetSocketAddress> find(Predicate<AbstractConfigurableAsyncServer> filter) {
        return servers.getServers().stream().filter(filter).findFirst().flatMap(server -> server.getListenAddresses().stream().findFirst());
    }
}
