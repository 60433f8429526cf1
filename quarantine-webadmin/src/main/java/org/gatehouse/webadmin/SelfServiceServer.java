package org.gatehouse.webadmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantinePolicies;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.digest.ActionToken;
import org.gatehouse.quarantine.digest.ActionTokens;
import org.gatehouse.quarantine.digest.TokenAction;
import org.gatehouse.quarantine.digest.TokenVerification;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The recipients' self-service quarantine page, on its own port, apart from WebAdmin (which stays on 127.0.0.1 for
 * operators). A signed link from a digest is the only authority:
 * <ul>
 *   <li>{@code GET /quarantine/action?token=} shows what the link would do and a button; a GET never acts, so link
 *   scanners that fetch URLs release nothing;</li>
 *   <li>{@code POST /quarantine/action} (the button) consumes the single-use token and acts, once;</li>
 *   <li>{@code GET /quarantine/self-service?token=} lists the recipient's held messages (not viruses) with buttons:
 *   release, release and always allow, block the sender, report as spam.</li>
 * </ul>
 * Each form carries a CSRF value bound to the action token it posts and to the {@code SameSite=Strict} cookie set
 * with the page: HMAC-SHA256, under a key drawn at each process start, of the token and the cookie's random value. A
 * cookie and form value of the sender's choosing are refused, as is a POST whose Origin (or, without one, Referer) is
 * another site. Every page is escaped, scriptless, uncached and unframeable.
 */
public class SelfServiceServer implements AutoCloseable {
    static final String ACTION_PATH = "/quarantine/action";
    static final String LIST_PATH = "/quarantine/self-service";
    private static final String CSRF_COOKIE = "gh_csrf";
    private static final int MAX_FORM_BYTES = 16 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(SelfServiceServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final QuarantineService service;
    private final QuarantinePolicies policies;
    private final QuarantineSenderLists senderLists;
    private final ActionTokens tokens;
    private final AuthenticationThrottle throttle;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    // a new key at every start: pages served before a restart simply expire
    private final SecretKeySpec csrfKey;

    /**
     * @param throttle counts the links refused (invalid, expired, used) per client IP; too many lock the IP out of the
     *                 page for a while (429), so that tokens cannot be guessed at speed
     */
    public SelfServiceServer(QuarantineService service, QuarantinePolicies policies, QuarantineSenderLists senderLists,
                             ActionTokens tokens, AuthenticationThrottle throttle, Clock clock, InetSocketAddress address) throws IOException {
        this.service = service;
        this.policies = policies;
        this.senderLists = senderLists;
        this.tokens = tokens;
        this.throttle = throttle;
        this.clock = clock;
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        this.csrfKey = new SecretKeySpec(key, HMAC);
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "gatehouse-self-service");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(ACTION_PATH, exchange -> handle(exchange, this::action));
        server.createContext(LIST_PATH, exchange -> handle(exchange, this::list));
        server.createContext("/", exchange -> handle(exchange, ignored -> new Page(404, SelfServicePages.message("Not found",
            "There is nothing here."), Optional.empty())));
    }

    public void start() {
        server.start();
        LOGGER.info("Quarantine self-service page listening on {}", server.getAddress());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Page(int status, String html, Optional<String> csrfCookie) {
    }

    @FunctionalInterface
    private interface Handler {
        Page handle(HttpExchange exchange) throws Exception;
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        Page page;
        String ip = exchange.getRemoteAddress().getAddress().getHostAddress();
        try {
            Optional<Instant> locked = throttle.lockedUntil(ip, Optional.empty());
            page = locked.isPresent()
                ? new Page(429, SelfServicePages.message("Too many attempts", "Too many links from your address were not usable."
                    + " Try again later."), Optional.empty())
                : handler.handle(exchange);
            if (page.status() == 400 || page.status() == 410) {
                throttle.failure(ip, Optional.empty()).forEach(lockout ->
                    LOGGER.warn("Self-service page: {} locked out until {} after too many links that were not usable", ip, lockout.until()));
            }
        } catch (Exception e) {
            LOGGER.warn("Self-service request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            page = new Page(500, SelfServicePages.message("Something went wrong",
                "The request could not be completed. Nothing was changed; try again later."), Optional.empty());
        }
        byte[] body = page.html().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // same-origin: the token in a page URL never leaves in a Referer, and Chrome still sends the Origin the CSRF check reads
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Cache-Control", "no-store");
        page.csrfCookie().ifPresent(value -> headers.add("Set-Cookie",
            CSRF_COOKIE + "=" + value + "; Path=/quarantine; HttpOnly; SameSite=Strict"));
        exchange.sendResponseHeaders(page.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Page action(HttpExchange exchange) throws Exception {
        Instant now = clock.instant();
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                String token = query(exchange).getOrDefault("token", "");
                TokenVerification verification = tokens.verify(token, now);
                if (!verification.isValid() || verification.token().action() == TokenAction.LIST) {
                    return refused(verification);
                }
                if (selfServiceOff(verification.token())) {
                    return off();
                }
                Optional<QuarantineEntry> entry = entryFor(verification.token());
                if (entry.isEmpty()) {
                    return gone(verification.token());
                }
                String cookie = newCookieValue();
                return new Page(200, SelfServicePages.confirmation(entry.get(), question(verification.token().action()),
                    label(verification.token().action()), token, csrf(token, cookie)), Optional.of(cookie));
            }
            case "POST" -> {
                if (!sameOrigin(exchange)) {
                    return new Page(403, SelfServicePages.message("Refused", "This form must be sent from the quarantine page itself."),
                        Optional.empty());
                }
                Map<String, String> form = form(exchange);
                String token = form.getOrDefault("token", "");
                TokenVerification checked = tokens.verify(token, now);
                if (!checked.isValid() || checked.token().action() == TokenAction.LIST) {
                    return refused(checked);
                }
                if (!csrfMatches(token, cookie(exchange, CSRF_COOKIE), form.getOrDefault("csrf", ""))) {
                    return new Page(403, SelfServicePages.message("Refused",
                        "This form has expired. Open the link from your digest again."), Optional.empty());
                }
                if (selfServiceOff(checked.token())) {
                    return off();
                }
                Optional<QuarantineEntry> entry = entryFor(checked.token());
                if (entry.isEmpty()) {
                    return gone(checked.token());
                }
                TokenVerification consumed = tokens.consume(token, now);
                if (!consumed.isValid()) {
                    return refused(consumed);
                }
                return act(consumed.token(), entry.get());
            }
            default -> {
                return new Page(405, SelfServicePages.message("Not allowed", "Use the link or the button."), Optional.empty());
            }
        }
    }

    private Page list(HttpExchange exchange) throws Exception {
        if (!exchange.getRequestMethod().equals("GET")) {
            return new Page(405, SelfServicePages.message("Not allowed", "Use the link from your digest."), Optional.empty());
        }
        Instant now = clock.instant();
        TokenVerification verification = tokens.verify(query(exchange).getOrDefault("token", ""), now);
        if (!verification.isValid() || verification.token().action() != TokenAction.LIST) {
            return refused(verification);
        }
        if (selfServiceOff(verification.token())) {
            return off();
        }
        ActionToken token = verification.token();
        QuarantinePage page = service.search(QuarantineQuery.all().withTenant(token.tenant())
            .withRecipient(token.recipient().toLowerCase(Locale.ROOT)).page(0, QuarantineQuery.MAX_LIMIT));
        Instant expiry = token.expiresAt();
        String cookie = newCookieValue();
        List<SelfServicePages.Row> rows = new ArrayList<>();
        for (QuarantineEntry entry : page.items()) {
            if (entry.family() == QuarantineFamily.VIRUS) {
                continue;
            }
            List<SelfServicePages.Button> buttons = new ArrayList<>();
            for (TokenAction action : List.of(TokenAction.RELEASE, TokenAction.RELEASE_AND_ALLOW, TokenAction.BLOCK_SENDER,
                TokenAction.REPORT_SPAM)) {
                String actionToken = tokens.issue(token.tenant(), entry.id(), token.recipient(), action, expiry);
                buttons.add(new SelfServicePages.Button(label(action), actionToken, Optional.of(csrf(actionToken, cookie))));
            }
            rows.add(new SelfServicePages.Row(entry, buttons));
        }
        // every button carries its own value, bound to its token: no value serves the whole page
        return new Page(200, SelfServicePages.list(token.recipient(), rows, ""), Optional.of(cookie));
    }

    private Page act(ActionToken token, QuarantineEntry entry) throws Exception {
        String actor = "self-service:" + token.recipient();
        switch (token.action()) {
            case RELEASE, RELEASE_AND_ALLOW -> {
                QuarantineService.Outcome outcome = service.release(entry.id(), new QuarantineService.ReleaseRequest(Optional.empty(),
                    token.action() == TokenAction.RELEASE_AND_ALLOW, false), actor);
                return switch (outcome.status()) {
                    case RELEASED -> new Page(200, SelfServicePages.message("Released", "The message is on its way to your mailbox."
                        + (token.action() == TokenAction.RELEASE_AND_ALLOW ? " Its sender will not be held again." : "")), Optional.empty());
                    case ALREADY_DONE -> new Page(410, SelfServicePages.message("Already done", outcome.message()), Optional.empty());
                    case VIRUS_FOUND -> new Page(409, SelfServicePages.message("Not released",
                        "The message now contains a virus and stays in the quarantine."), Optional.empty());
                    default -> new Page(503, SelfServicePages.message("Not released",
                        "The message could not be released now; try again later."), Optional.empty());
                };
            }
            case REPORT_SPAM -> {
                QuarantineService.Outcome outcome = service.reportSpam(entry.id(), actor);
                return switch (outcome.status()) {
                    case DELETED -> new Page(200, SelfServicePages.message("Reported as spam",
                        "The message is deleted, and the spam filter learns from it. Thank you."), Optional.empty());
                    case ALREADY_DONE -> new Page(410, SelfServicePages.message("Already done", outcome.message()), Optional.empty());
                    default -> new Page(410, SelfServicePages.message("Nothing to do", "This message is no longer in the quarantine."),
                        Optional.empty());
                };
            }
            case BLOCK_SENDER -> {
                QuarantineSenderLists.Outcome outcome = senderLists.block(entry.tenant(), entry.sender(), actor);
                return new Page(200, SelfServicePages.message("Sender blocked", switch (outcome) {
                    case ADDED -> "Mail from " + entry.sender() + " will be refused from now on.";
                    case ALREADY_LISTED -> entry.sender() + " was already blocked.";
                    case IN_OTHER_LIST -> entry.sender() + " is on your organisation's allow list; ask your administrator.";
                }), Optional.empty());
            }
            default -> {
                return new Page(400, SelfServicePages.message("Refused", "This link does not act on a message."), Optional.empty());
            }
        }
    }

    /** The entry a token names, if it is still held, belongs to the token's tenant and recipient, and is not a virus. */
    private Optional<QuarantineEntry> entryFor(ActionToken token) throws Exception {
        Optional<QuarantineRepositories.Stored> stored = service.find(token.entryId().orElse(""));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        LifecycleUtil.dispose(stored.get().mail());
        QuarantineEntry entry = stored.get().entry();
        boolean theirs = entry.tenant().equals(token.tenant())
            && entry.recipients().stream().anyMatch(recipient -> recipient.equalsIgnoreCase(token.recipient()));
        if (!theirs || entry.family() == QuarantineFamily.VIRUS) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    private Page gone(ActionToken token) {
        String text = service.actionOn(token.entryId().orElse(""))
            .map(action -> "This message was already " + action.kind().asString() + ".")
            .orElse("This message is no longer in the quarantine.");
        return new Page(410, SelfServicePages.message("Nothing to do", text), Optional.empty());
    }

    private boolean selfServiceOff(ActionToken token) {
        return !policies.policyOf(token.tenant()).selfService();
    }

    private static Page off() {
        return new Page(403, SelfServicePages.message("Not available",
            "Your organisation handles its quarantine itself: ask your administrator."), Optional.empty());
    }

    private static Page refused(TokenVerification verification) {
        String text = verification.failure().map(failure -> switch (failure) {
            case EXPIRED -> "This link has expired. Ask for a new digest or your administrator.";
            case ALREADY_USED -> "This link has already been used.";
            default -> "This link is not valid.";
        }).orElse("This link does not fit this page.");
        int status = verification.failure().map(failure -> switch (failure) {
            case EXPIRED, ALREADY_USED -> 410;
            default -> 400;
        }).orElse(400);
        return new Page(status, SelfServicePages.message("Link not usable", text), Optional.empty());
    }

    private static String question(TokenAction action) {
        return switch (action) {
            case RELEASE -> "Release this message to its recipients?";
            case RELEASE_AND_ALLOW -> "Release this message and never hold mail from this sender again?";
            case BLOCK_SENDER -> "Block all future mail from this sender?";
            case REPORT_SPAM -> "Report this message as spam? It is deleted, and the spam filter learns from it.";
            default -> "";
        };
    }

    private static String label(TokenAction action) {
        return switch (action) {
            case RELEASE -> "Release";
            case RELEASE_AND_ALLOW -> "Release and always allow the sender";
            case BLOCK_SENDER -> "Block the sender";
            case REPORT_SPAM -> "Report as spam";
            default -> "Open";
        };
    }

    private static String newCookieValue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The form's CSRF value: HMAC-SHA256 of the action token and the page's cookie value, under this process's key. */
    private String csrf(String token, String cookie) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(csrfKey);
            mac.update(token.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(cookie.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private boolean csrfMatches(String token, Optional<String> cookie, String formValue) {
        return cookie.filter(value -> !value.isEmpty())
            .map(value -> MessageDigest.isEqual(csrf(token, value).getBytes(StandardCharsets.US_ASCII),
                formValue.getBytes(StandardCharsets.US_ASCII)))
            .orElse(false);
    }

    /**
     * A POST naming no page is allowed (older browsers, privacy settings); its Origin, or without one its Referer,
     * must be this server.
     */
    private static boolean sameOrigin(HttpExchange exchange) {
        String origin = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Origin"))
            .orElse(exchange.getRequestHeaders().getFirst("Referer"));
        if (origin == null) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return decode(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                return Map.of();
            }
            return decode(new String(body, StandardCharsets.US_ASCII));
        }
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                try {
                    values.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed pair is ignored: the token check then refuses the request
                }
            }
        }
        return values;
    }

    private static Optional<String> cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] pair = part.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(name)) {
                    return Optional.of(pair[1]);
                }
            }
        }
        return Optional.empty();
    }
}
