package org.gatehouse.webadmin;

import static org.apache.james.webadmin.authentication.AuthenticationFilter.LOGIN;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.ENDPOINT;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.IP;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.LOGGER;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.METHOD;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.QUERY_PARAMETERS;
import static org.apache.james.webadmin.mdc.LoggingRequestFilter.REQUEST_ID;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;

import org.apache.james.util.MDCStructuredLogger;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.mdc.RequestId;
import org.apache.james.webadmin.mdc.RequestLogger;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import spark.HaltException;
import spark.Request;
import spark.Service;

/**
 * Request hygiene for every WebAdmin route, James's own included: one {@code before} filter without a path (Spark runs
 * every matching before filter ahead of any route, whenever either was defined) that refuses, in this order,
 * <ol>
 *   <li>421 when {@code Host} is not one of {@link Settings#allowedHosts} (DNS rebinding);</li>
 *   <li>403 when a write carries an {@code Origin} (or, without one, a {@code Referer}) outside
 *   {@link Settings#allowedOrigins}; {@code Origin: null} is always foreign;</li>
 *   <li>411 when a body comes without {@code Content-Length} (chunked), 413 when {@code Content-Length} is over the
 *   route's limit: the body is refused from its headers, never kept in memory;</li>
 *   <li>415 when a write's body is not {@code application/json}, except on the {@link #NON_JSON_ROUTES}.</li>
 * </ol>
 * A PublicRoutes, so that WebAdmin installs no authentication filter for it; it defines no endpoint. James's own
 * request logging reads every body into memory before any route filter runs: {@link BodylessRequestLogger} replaces it.
 * See docs/webadmin-security.md.
 */
public class WebAdminRequestHygiene implements PublicRoutes {
    public static final String BASE_PATH = "/gatehouse/request-hygiene";
    public static final String JSON = "application/json";
    public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    public static final long DEFAULT_MAX_IMPORT_BODY_SIZE = 50L * 1024 * 1024;
    public static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");
    // Spark routes X-HTTP-Method-Override as the method: a GET carrying "DELETE" there is a write
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final long DISCARD_FACTOR = 4;
    private static final Logger REFUSALS = LoggerFactory.getLogger(WebAdminRequestHygiene.class);

    /** Which of a body's limits applies to a route. */
    enum BodyLimit {
        STANDARD, IMPORT
    }

    /**
     * A route whose body is not JSON: its method, its path as Spark declares it, the media types it takes, its limit,
     * and the route's own maximum when it has a smaller one.
     */
    record BodyRoute(String method, Pattern path, Set<String> mediaTypes, BodyLimit limit, long routeMaximum) {
        static BodyRoute of(String method, String sparkPath, Set<String> mediaTypes, BodyLimit limit) {
            return of(method, sparkPath, mediaTypes, limit, Long.MAX_VALUE);
        }

        static BodyRoute of(String method, String sparkPath, Set<String> mediaTypes, BodyLimit limit, long routeMaximum) {
            String regex = Stream.of(sparkPath.split("/", -1))
                .map(segment -> segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment))
                .reduce((left, right) -> left + "/" + right)
                .orElseThrow();
            return new BodyRoute(method, Pattern.compile(regex), mediaTypes, limit, routeMaximum);
        }

        boolean matches(String requestMethod, String uri) {
            return method.equals(requestMethod) && path.matcher(uri).matches();
        }
    }

    /** The routes that take other bodies than JSON: messages to learn, CSV imports, and James's domain mappings. */
    static final List<BodyRoute> NON_JSON_ROUTES = ImmutableList.<BodyRoute>builder()
        .add(BodyRoute.of("POST", LearningRoutes.LEARN_PATH, LearningRoutes.MESSAGE_TYPES, BodyLimit.IMPORT, LearningRoutes.MAX_MESSAGE_BYTES))
        .addAll(Stream.concat(SenderListEndpoints.importPaths(SenderListRoutes.SENDERS_PATH).stream(),
                SenderListEndpoints.importPaths(GlobalSenderListRoutes.SENDERS_PATH).stream())
            .map(path -> BodyRoute.of("POST", path, Set.of(SenderListEndpoints.CSV), BodyLimit.IMPORT))
            .toList())
        .add(BodyRoute.of("POST", RecipientRoutes.IMPORT_PATH, Set.of(SenderListEndpoints.CSV), BodyLimit.IMPORT))
        // James's /domainMappings/{from} takes the target domain as a bare text body
        .add(BodyRoute.of("PUT", "/domainMappings/:from", Set.of("text/plain"), BodyLimit.STANDARD))
        .add(BodyRoute.of("DELETE", "/domainMappings/:from", Set.of("text/plain"), BodyLimit.STANDARD))
        .build();

    /** A name in a {@code Host} header: a host name or address, with a port or without. */
    record HostName(String name, Optional<Integer> port) {
        /** Empty for anything but {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}. */
        static Optional<HostName> parse(String value) {
            String host = value.trim().toLowerCase(Locale.ROOT);
            String name;
            String rest;
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                if (end < 0) {
                    return Optional.empty();
                }
                name = host.substring(0, end + 1);
                rest = host.substring(end + 1);
            } else {
                int colon = host.indexOf(':');
                if (colon != host.lastIndexOf(':')) {
                    return Optional.empty();
                }
                name = colon < 0 ? host : host.substring(0, colon);
                rest = colon < 0 ? "" : host.substring(colon);
            }
            if (name.isEmpty() || name.equals("[]")) {
                return Optional.empty();
            }
            if (rest.isEmpty()) {
                return Optional.of(new HostName(name, Optional.empty()));
            }
            if (!rest.matches(":[0-9]{1,5}")) {
                return Optional.empty();
            }
            return Optional.of(new HostName(name, Optional.of(Integer.parseInt(rest.substring(1)))));
        }

        /** An allowed name without a port accepts the header without one or with the port WebAdmin listens on. */
        boolean accepts(HostName header, int localPort) {
            if (!name.equals(header.name)) {
                return false;
            }
            return port.map(allowed -> header.port.equals(Optional.of(allowed)))
                .orElseGet(() -> header.port.isEmpty() || header.port.get() == localPort);
        }
    }

    /**
     * The operator's settings (conf/gatehouse.properties {@code webadmin.*}).
     *
     * @param allowedHosts names a {@code Host} header may carry, each {@code name} or {@code name:port}
     * @param allowedOrigins origins ({@code scheme://host[:port]}) whose pages may write; none by default
     * @param maxBodySize the largest body, in bytes, of a JSON route
     * @param maxImportBodySize the largest body of the routes taking messages or CSV
     */
    public record Settings(List<String> allowedHosts, List<String> allowedOrigins, long maxBodySize, long maxImportBodySize) {
        public Settings {
            allowedHosts = List.copyOf(allowedHosts);
            allowedOrigins = List.copyOf(allowedOrigins);
            if (allowedHosts.isEmpty()) {
                throw new IllegalArgumentException("webadmin.allowedHosts must name at least one host");
            }
            for (String host : allowedHosts) {
                if (HostName.parse(host).isEmpty()) {
                    throw new IllegalArgumentException("webadmin.allowedHosts: '" + host + "' is not a host name, an address or"
                        + " host:port (write an IPv6 address in brackets)");
                }
            }
            for (String origin : allowedOrigins) {
                if (originOf(origin).isEmpty()) {
                    throw new IllegalArgumentException("webadmin.allowedOrigins: '" + origin + "' is not an origin such as"
                        + " https://admin.example.net");
                }
            }
            if (maxBodySize < 1 || maxImportBodySize < 1) {
                throw new IllegalArgumentException("webadmin.maxBodySize and webadmin.maxImportBodySize must be positive");
            }
        }

        /**
         * The default names: loopback, and the address WebAdmin listens on when it is one address (not 0.0.0.0 or ::).
         */
        public static List<String> defaultHosts(String webAdminHost) {
            Set<String> hosts = new LinkedHashSet<>(LOOPBACK_HOSTS);
            String host = webAdminHost.trim().toLowerCase(Locale.ROOT);
            if (!host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
                hosts.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
            }
            return List.copyOf(hosts);
        }

        public static Settings defaults(String webAdminHost) {
            return new Settings(defaultHosts(webAdminHost), List.of(), DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_IMPORT_BODY_SIZE);
        }
    }

    private final Settings settings;
    private final ImmutableList<HostName> allowedHosts;
    private final ImmutableSet<String> allowedOrigins;

    @Inject
    public WebAdminRequestHygiene(Settings settings) {
        this.settings = settings;
        this.allowedHosts = settings.allowedHosts().stream().map(host -> HostName.parse(host).orElseThrow())
            .collect(ImmutableList.toImmutableList());
        this.allowedOrigins = settings.allowedOrigins().stream().map(origin -> originOf(origin).orElseThrow())
            .collect(ImmutableSet.toImmutableSet());
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.before((request, response) -> check(request));
    }

    void check(Request request) {
        checkHost(request);
        String method = Optional.ofNullable(request.headers(METHOD_OVERRIDE)).orElse(request.requestMethod()).toUpperCase(Locale.ROOT);
        boolean write = !READS.contains(method);
        if (write) {
            checkOrigin(request);
        }
        if (request.headers("Transfer-Encoding") != null) {
            throw refuse(request, HttpStatus.LENGTH_REQUIRED_411, "A request body must come with a Content-Length header;"
                + " chunked bodies are refused");
        }
        long length = request.raw().getContentLengthLong();
        if (length <= 0) {
            return;
        }
        String uri = request.uri();
        Optional<BodyRoute> bodyRoute = NON_JSON_ROUTES.stream().filter(route -> route.matches(method, uri)).findFirst();
        boolean imports = bodyRoute.map(route -> route.limit() == BodyLimit.IMPORT).orElse(false);
        long max = Math.min(imports ? settings.maxImportBodySize() : settings.maxBodySize(),
            bodyRoute.map(BodyRoute::routeMaximum).orElse(Long.MAX_VALUE));
        if (length > max) {
            discardIfModest(request, length, max);
            throw refuse(request, HttpStatus.PAYLOAD_TOO_LARGE_413, "The request body is " + length + " bytes; this route accepts at most "
                + max + " (" + (imports ? "webadmin.maxImportBodySize" : "webadmin.maxBodySize") + ")");
        }
        if (write) {
            Set<String> accepted = bodyRoute.map(BodyRoute::mediaTypes).orElse(Set.of(JSON));
            String type = mediaType(request.contentType());
            if (!accepted.contains(type)) {
                throw refuse(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "This route takes a body of type " + String.join(" or ",
                    accepted.stream().sorted().toList()) + ", not " + (type.isEmpty() ? "a body without Content-Type" : printable(type)));
            }
        }
    }

    /**
     * Reads and drops a body at most {@link #DISCARD_FACTOR} times over the limit, 64 KiB at a time, so that a client
     * that does not wait for an early answer (no {@code Expect: 100-continue}) still reads its 413 rather than a reset
     * connection. Larger bodies are answered at once and the connection closed. Reads below Spark's request wrapper,
     * which would keep the whole body in memory.
     */
    private static void discardIfModest(Request request, long length, long max) {
        if (length > DISCARD_FACTOR * max || "100-continue".equalsIgnoreCase(request.headers("Expect"))) {
            return;
        }
        ServletRequest servletRequest = request.raw();
        while (servletRequest instanceof ServletRequestWrapper wrapper) {
            servletRequest = wrapper.getRequest();
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = servletRequest.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // dropped
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    private void checkHost(Request request) {
        Optional<String> header = Optional.ofNullable(request.headers("Host"));
        int localPort = request.raw().getLocalPort();
        boolean allowed = header.flatMap(HostName::parse)
            .map(host -> allowedHosts.stream().anyMatch(name -> name.accepts(host, localPort)))
            .orElse(false);
        if (!allowed) {
            throw refuse(request, HttpStatus.MISDIRECTED_REQUEST_421, "This WebAdmin server does not answer for the host "
                + header.map(host -> "'" + printable(host) + "'").orElse("(no Host header)") + " (webadmin.allowedHosts)");
        }
    }

    private void checkOrigin(Request request) {
        Optional<String> origin = Optional.ofNullable(request.headers("Origin"));
        // the Referer speaks for the page only when the browser sent no Origin
        Optional<String> header = origin.isPresent() ? origin : Optional.ofNullable(request.headers("Referer"));
        if (header.isEmpty()) {
            return;
        }
        boolean allowed = originOf(header.get()).map(allowedOrigins::contains).orElse(false);
        if (!allowed) {
            throw refuse(request, HttpStatus.FORBIDDEN_403, "A write from the web page at " + (origin.isPresent() ? "Origin" : "Referer")
                + " '" + printable(header.get()) + "' is refused (webadmin.allowedOrigins)");
        }
    }

    /** {@code scheme://host[:port]} of an http(s) URL, lower case, without the scheme's default port; empty for {@code null}. */
    static Optional<String> originOf(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = Optional.ofNullable(uri.getScheme()).map(value -> value.toLowerCase(Locale.ROOT)).orElse("");
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String mediaType(String contentType) {
        return Optional.ofNullable(contentType).map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** A request's value in an answer: at most 100 characters. */
    private static String printable(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }

    private static HaltException refuse(Request request, int status, String message) {
        // an attack in progress is worth a line in the log
        REFUSALS.info("WebAdmin refused {} {}: {} {}", request.requestMethod(), printable(request.uri()), status, message);
        return ErrorResponder.builder()
            .statusCode(status)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    /**
     * James's request log without the body: James's default logs every body, reading it whole into memory before any
     * route filter can refuse it (and it would log passwords, messages and CSV files). This one logs the body's length
     * and type, and the raw query string (parsing parameters would read a form-encoded body).
     */
    public static class BodylessRequestLogger implements RequestLogger {
        @Override
        public boolean applies(Request request) {
            return true;
        }

        @Override
        public void log(Request request, RequestId requestId) {
            List<String> body = new ArrayList<>();
            body.add(request.raw().getContentLengthLong() + " bytes");
            Optional.ofNullable(request.contentType()).ifPresent(body::add);
            MDCStructuredLogger.forLogger(LOGGER)
                .field(REQUEST_ID, requestId.asString())
                .field(IP, request.ip())
                .field(ENDPOINT, request.url())
                .field(METHOD, request.requestMethod())
                .field(LOGIN, request.attribute(LOGIN))
                .field(QUERY_PARAMETERS, Optional.ofNullable(request.queryString()).orElse(""))
                .field("request-body", String.join(", ", body))
                .log(logger -> logger.info("WebAdmin request received"));
        }
    }
}
