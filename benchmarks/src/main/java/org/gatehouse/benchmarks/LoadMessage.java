package org.gatehouse.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.james.jdkim.DKIMSigner;
import org.gatehouse.dns.LoopbackDnsServer;

/**
 * The benchmark's message, as a legitimate sender sends it: DKIM-signed by its domain, from a client its SPF
 * record authorizes, under a DMARC policy; and the DNS server on loopback that publishes those records.
 */
final class LoadMessage {
    static final String SENDER = "newsletter@sender.bench.example";
    private static final String DOMAIN = "sender.bench.example";

    static LoadMessage create(int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        StringBuilder body = new StringBuilder();
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (body.length() < size) {
            body.append(line);
        }
        String unsigned = "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nFrom: " + SENDER + "\r\nTo: load@bench.test\r\n"
            + "Subject: load test\r\nMessage-ID: <load@" + DOMAIN + ">\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body;
        String signature = new DKIMSigner("v=1; s=bench; d=" + DOMAIN + "; h=from:to:subject:date:message-id; a=rsa-sha256; "
            + "bh=; b=; c=relaxed/relaxed;", key.getPrivate())
            .sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.UTF_8)));
        return new LoadMessage(signature + "\r\n" + unsigned, Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
    }

    private final String message;
    private final String publicKey;
    private String dnsAddress;

    private LoadMessage(String message, String publicKey) {
        this.message = message;
        this.publicKey = publicKey;
    }

    String message() {
        return message;
    }

    LoopbackDnsServer startDns(Path directory) throws Exception {
        List<String> parts = new ArrayList<>();
        String key = "v=DKIM1; k=rsa; p=" + publicKey;
        for (int i = 0; i < key.length(); i += 200) {
            parts.add("\"" + key.substring(i, Math.min(key.length(), i + 200)) + "\"");
        }
        return LoopbackDnsServer.builder()
            .record(DOMAIN + ". IN TXT \"v=spf1 ip4:127.0.0.1 -all\"")
            .record("bench._domainkey." + DOMAIN + ". IN TXT " + String.join(" ", parts))
            .record("_dmarc." + DOMAIN + ". IN TXT \"v=DMARC1; p=reject\"")
            .start(directory);
    }

    void useDns(LoopbackDnsServer dns) {
        this.dnsAddress = dns.address();
    }

    String dnsAddress() {
        return dnsAddress;
    }
}
