package org.gatehouse.phishing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where a shortened link leads, found without trusting it: only when a tenant's policy enables it, only http and https
 * on their standard ports, never a URL with credentials; the host is resolved first and every address it resolves to
 * must be public ({@link AddressGuard}), then the connection goes to that checked address (no second resolution a
 * rebinding name could change); one {@code HEAD} request per hop without cookies or credentials, at most
 * {@code maxHeaderBytes} of the answer read and no body; only the {@code Location} of a 301, 302, 303, 307 or 308 is
 * followed, at most {@code maxRedirects} times, each hop checked the same way, all within the caller's budget.
 */
public final class ShortenerResolver {
    /** Limits of one resolution. */
    public record Limits(Duration timeout, int maxRedirects, int maxHeaderBytes) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(1), 3, 8192);
        }
    }

    /** What became of one shortened link: the hops visited, the final URL, or why it stopped. */
    public record Resolution(String start, List<String> hops, Optional<String> target, Optional<String> failure) {
        public Resolution {
            hops = List.copyOf(hops);
        }
    }

    /** Resolves a host name to its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface HostResolver {
        List<InetAddress> resolve(String host) throws IOException;
    }

    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-shortener-dns");
        thread.setDaemon(true);
        return thread;
    });

    private final Limits limits;
    private final HostResolver resolver;
    private final Predicate<InetAddress> allowed;
    private final SSLSocketFactory tls;
    private final int httpPort;
    private final int httpsPort;

    /** The production resolver: the system's name resolution and the public-address guard. */
    public static ShortenerResolver create(Limits limits) {
        return new ShortenerResolver(limits, host -> List.of(InetAddress.getAllByName(host)), AddressGuard::isPublic,
            (SSLSocketFactory) SSLSocketFactory.getDefault(), 80, 443);
    }

    /**
     * Every dependency given: tests use a loopback server on a free port, which the real guard would rightly refuse.
     * The ports are where the connection goes; a URL naming any port but the standard one is still refused.
     */
    ShortenerResolver(Limits limits, HostResolver resolver, Predicate<InetAddress> allowed, SSLSocketFactory tls, int httpPort,
                      int httpsPort) {
        this.limits = limits;
        this.resolver = resolver;
        this.allowed = allowed;
        this.tls = tls;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** Follows the link until it stops redirecting, or until a limit, a refusal or the deadline (nanoTime) stops it. */
    public Resolution resolve(String url, long deadlineNanos) {
        List<String> hops = new ArrayList<>();
        String current = url;
        for (int redirects = 0; ; redirects++) {
            hops.add(current);
            URI uri;
            try {
                uri = new URI(current);
            } catch (URISyntaxException e) {
                return failed(url, hops, "not a valid URL: " + abbreviate(current));
            }
            Optional<String> refused = refusal(uri);
            if (refused.isPresent()) {
                return failed(url, hops, refused.get());
            }
            Hop hop;
            try {
                hop = request(uri, deadlineNanos);
            } catch (IOException | RuntimeException e) {
                return failed(url, hops, uri.getHost() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            if (hop.location().isEmpty()) {
                return new Resolution(url, hops, Optional.of(current), Optional.empty());
            }
            if (redirects >= limits.maxRedirects()) {
                return failed(url, hops, "more than " + limits.maxRedirects() + " redirects");
            }
            try {
                current = uri.resolve(hop.location().get().strip()).toString();
            } catch (IllegalArgumentException e) {
                return failed(url, hops, "unreadable Location: " + abbreviate(hop.location().get()));
            }
        }
    }

    private static Resolution failed(String start, List<String> hops, String why) {
        return new Resolution(start, hops, Optional.empty(), Optional.of(why));
    }

    /** Why this URL is not fetched at all, before any lookup. */
    private static Optional<String> refusal(URI uri) {
        String scheme = Optional.ofNullable(uri.getScheme()).map(value -> value.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https are followed, not " + (scheme.isEmpty() ? "a relative URL" : scheme));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a URL with credentials is never followed");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("no host");
        }
        int port = uri.getPort();
        if (port != -1 && port != (scheme.equals("https") ? 443 : 80)) {
            return Optional.of("port " + port + " is not followed (only 80 for http, 443 for https)");
        }
        return Optional.empty();
    }

    private record Hop(int status, Optional<String> location) {
    }

    private Hop request(URI uri, long deadlineNanos) throws IOException {
        String host = uri.getHost();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        InetAddress address = checkedAddress(host, deadlineNanos);
        int timeout = timeoutMillis(deadlineNanos);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, https ? httpsPort : httpPort), timeout);
            plain.setSoTimeout(timeout);
            Socket socket = https ? tls(plain, host, uri) : plain;
            try {
                String target = Optional.ofNullable(uri.getRawPath()).filter(path -> !path.isEmpty()).orElse("/")
                    + Optional.ofNullable(uri.getRawQuery()).map(query -> "?" + query).orElse("");
                String request = "HEAD " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Gatehouse-link-check\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n";
                if (request.chars().anyMatch(c -> c < 0x20 && c != '\r' && c != '\n' || c > 0x7e)) {
                    throw new IOException("the URL has characters that cannot go in a request");
                }
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return parse(readHeader(socket.getInputStream(), deadlineNanos));
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        }
    }

    /** Resolves within the time left; refuses the name when any address it gives is not allowed. */
    private InetAddress checkedAddress(String host, long deadlineNanos) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int wait = timeoutMillis(deadlineNanos);
        Future<List<InetAddress>> lookup = LOOKUPS.submit(() -> resolver.resolve(bare));
        List<InetAddress> addresses;
        try {
            addresses = lookup.get(wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            lookup.cancel(true);
            throw new IOException("name resolution took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new IOException("does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed.test(address)) {
                throw new IOException("resolves to " + address.getHostAddress() + ", which is not a public address: not followed");
            }
        }
        return addresses.get(0);
    }

    private Socket tls(Socket plain, String host, URI uri) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, httpsPort, false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && host.chars().anyMatch(Character::isLetter)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Reads the status line and headers, up to the blank line, never more than the limit. */
    private String readHeader(InputStream in, long deadlineNanos) throws IOException {
        byte[] buffer = new byte[limits.maxHeaderBytes()];
        int used = 0;
        while (true) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException("no answer within the budget");
            }
            int read = in.read(buffer, used, buffer.length - used);
            if (read < 0) {
                break;
            }
            used += read;
            String text = new String(buffer, 0, used, StandardCharsets.ISO_8859_1);
            if (text.contains("\r\n\r\n") || text.contains("\n\n")) {
                return text;
            }
            if (used == buffer.length) {
                throw new IOException("the answer's header is longer than " + limits.maxHeaderBytes() + " bytes");
            }
        }
        return new String(buffer, 0, used, StandardCharsets.ISO_8859_1);
    }

    private static Hop parse(String header) throws IOException {
        String[] lines = header.split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer");
        }
        int code = Integer.parseInt(status[1]);
        Optional<String> location = Optional.empty();
        if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("location")) {
                    location = Optional.of(lines[i].substring(colon + 1).trim()).filter(value -> !value.isEmpty());
                }
            }
        }
        return new Hop(code, location);
    }

    private int timeoutMillis(long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new IOException("the budget for following links is used up");
        }
        return (int) Math.min(left, limits.timeout().toMillis());
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
