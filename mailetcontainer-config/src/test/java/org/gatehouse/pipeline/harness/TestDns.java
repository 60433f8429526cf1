package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.nio.file.Files;

import org.gatehouse.dns.LoopbackDnsServer;

/** One empty DNS server on loopback for every whole-server test of this JVM that brings no zone data of its own. */
public final class TestDns {
    private static LoopbackDnsServer shared;

    public static synchronized LoopbackDnsServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            LoopbackDnsServer server = LoopbackDnsServer.builder().start(Files.createTempDirectory("gatehouse-test-dns"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            shared = server;
        }
        return shared;
    }

    private TestDns() {
    }
}
