package org.gatehouse.scoring.external;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** An in-process rspamd for unit tests: the JDK's HttpServer on loopback answering {@code /checkv2} with a fixed reply. */
final class FakeRspamd implements AutoCloseable {
    /** One request as received: method, path, headers and the message. */
    record Request(String method, String path, Map<String, List<String>> headers, byte[] message) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static FakeRspamd replying(int status, String body) throws IOException {
        return new FakeRspamd(status, body, false);
    }

    /** Reads the request and answers nothing until closed. */
    static FakeRspamd silent() throws IOException {
        return new FakeRspamd(0, "", true);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeRspamd(int status, String body, boolean silent) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(exchange, status, body, silent));
        server.start();
    }

    private void serve(HttpExchange exchange, int status, String body, boolean silent) throws IOException {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
            exchange.getRequestBody().readAllBytes()));
        if (silent) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    RspamdSettings settings() {
        return RspamdSettings.forUrl(url());
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
