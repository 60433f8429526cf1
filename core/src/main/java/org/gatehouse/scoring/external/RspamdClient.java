package org.gatehouse.scoring.external;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An rspamd client: {@code POST <url>/checkv2} with the JDK HttpClient, the reply read with Jackson ({@code score},
 * {@code required_score}, {@code action}, {@code symbols}). The whole request is bounded by the configured timeout.
 * <p>
 * Only what the message itself carries is sent besides it: {@code From} (the envelope sender) from its
 * {@code Return-Path}. The connecting IP, HELO and recipients are not part of {@link
 * org.gatehouse.scoring.ScoreContributor}'s input; rspamd then reads the {@code Received} headers.
 */
public final class RspamdClient implements EngineClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"@]{1,64}@[A-Za-z0-9.-]{1,255}");

    private final RspamdSettings settings;
    private final HttpClient http;

    public RspamdClient(RspamdSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .build();
    }

    @Override
    public EngineVerdict check(byte[] raw, ParsedMessage parsed) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.checkUri())
            .timeout(settings.timeout())
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw));
        parsed.returnPath().filter(sender -> ADDRESS.matcher(sender).matches()).ifPresent(sender -> request.header("From", sender));
        settings.password().ifPresent(password -> request.header("Password", password));
        HttpResponse<byte[]> response = send(request.build());
        if (response.statusCode() != 200) {
            throw new EngineReplyException("rspamd answered HTTP " + response.statusCode());
        }
        return readReply(response.body());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("rspamd did not answer within " + settings.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for rspamd");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("rspamd request failed", e.getCause());
        }
    }

    static EngineVerdict readReply(byte[] body) throws EngineReplyException {
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (IOException e) {
            throw new EngineReplyException("rspamd answered something that is not JSON");
        }
        if (reply == null || !reply.path("score").isNumber() || !reply.path("required_score").isNumber()) {
            throw new EngineReplyException("rspamd answered without a numeric score and required_score");
        }
        return new EngineVerdict(reply.get("score").asDouble(), reply.get("required_score").asDouble(),
            action(reply.path("action").asText("")), symbols(reply.path("symbols")));
    }

    /** rspamd's action as one word: {@code add header} becomes {@code add_header}; anything else is {@code unknown}. */
    private static String action(String action) {
        String word = action.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
        return ACTION.matcher(word).matches() ? word : "unknown";
    }

    /** Symbol names by the weight of their score, largest first (then by name). */
    private static List<String> symbols(JsonNode symbols) {
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        symbols.fields().forEachRemaining(symbol -> scored.add(Map.entry(symbol.getKey(), symbol.getValue().path("score").asDouble(0))));
        return scored.stream()
            .sorted(Comparator.comparing((Map.Entry<String, Double> symbol) -> -Math.abs(symbol.getValue())).thenComparing(Map.Entry::getKey))
            .map(Map.Entry::getKey)
            .toList();
    }
}
