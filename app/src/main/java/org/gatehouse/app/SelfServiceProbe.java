package org.gatehouse.app;

import java.net.InetSocketAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.gatehouse.webadmin.SelfServiceServer;

/** Where the recipients' self-service page listens, for the start-up lines of {@code ./gatehouse run}. */
public class SelfServiceProbe implements GuiceProbe {
    private final Optional<SelfServiceServer> server;

    @Inject
    public SelfServiceProbe(Optional<SelfServiceServer> server) {
        this.server = server;
    }

    public Optional<InetSocketAddress> address() {
        return server.map(SelfServiceServer::address);
    }
}
