package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocketFactory;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Following shortened links against an in-process HTTP server on loopback. Only this test lets the resolver connect to
 * loopback (an allow-all address predicate and a name table pointing at 127.0.0.1); the real guard's refusal of
 * loopback is tested too, and it refuses before any request reaches the server.
 */
class ShortenerResolverTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            String path = exchange.getRequestURI().toString();
            requests.add(exchange.getRequestMethod() + " " + host + path + (exchange.getRequestHeaders().containsKey("Cookie") ? " cookie" : ""));
            Map<String, String> redirects = Map.of(
                "short.test/abc", "http://mid.test/step",
                "mid.test/step", "/final-path?x=1",
                "loop.test/1", "/2", "loop.test/2", "/3", "loop.test/3", "/4", "loop.test/4", "/5",
                "bit.ly/phish", "http://paypa1.com/login");
            String target = redirects.get(host + path);
            if (path.equals("/huge")) {
                exchange.getResponseHeaders().add("X-Padding", "x".repeat(5000));
                exchange.sendResponseHeaders(200, -1);
            } else if (path.equals("/slow")) {
                try {
                    TimeUnit.SECONDS.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, -1);
            } else if (target != null) {
                exchange.getResponseHeaders().add("Location", target);
                exchange.sendResponseHeaders(301, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ShortenerResolver resolver(ShortenerResolver.Limits limits, java.util.function.Predicate<InetAddress> allowed) {
        return new ShortenerResolver(limits, host -> {
            lookups.add(host);
            return List.of(InetAddress.getLoopbackAddress());
        }, allowed, (SSLSocketFactory) SSLSocketFactory.getDefault(), server.getAddress().getPort(), 1);
    }

    private ShortenerResolver loopbackAllowed() {
        return resolver(ShortenerResolver.Limits.defaults(), address -> true);
    }

    private static long inSeconds(int seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void resolveShouldFollowRedirectsWithHeadRequestsAndNoCookies() {
        ShortenerResolver.Resolution resolution = loopbackAllowed().resolve("http://short.test/abc", inSeconds(5));

        assertThat(resolution.target()).contains("http://mid.test/final-path?x=1");
        assertThat(resolution.hops()).containsExactly("http://short.test/abc", "http://mid.test/step", "http://mid.test/final-path?x=1");
        assertThat(requests).containsExactly("HEAD short.test/abc", "HEAD mid.test/step", "HEAD mid.test/final-path?x=1");
    }

    @Test
    void resolveShouldStopAtTheRedirectLimit() {
        ShortenerResolver.Resolution resolution = resolver(new ShortenerResolver.Limits(Duration.ofSeconds(1), 2, 8192), address -> true)
            .resolve("http://loop.test/1", inSeconds(5));

        assertThat(resolution.target()).isEmpty();
        assertThat(resolution.failure()).contains("more than 2 redirects");
        assertThat(requests).hasSize(3);
    }

    @Test
    void resolveShouldStopAtTheHeaderSizeLimit() {
        ShortenerResolver.Resolution resolution = resolver(new ShortenerResolver.Limits(Duration.ofSeconds(1), 3, 1024), address -> true)
            .resolve("http://big.test/huge", inSeconds(5));

        assertThat(resolution.failure()).hasValueSatisfying(why -> assertThat(why).contains("longer than 1024 bytes"));
    }

    @Test
    void resolveShouldGiveUpWhenTheServerDoesNotAnswerInTime() {
        ShortenerResolver.Resolution resolution = resolver(new ShortenerResolver.Limits(Duration.ofMillis(300), 3, 8192), address -> true)
            .resolve("http://slow.test/slow", inSeconds(5));

        assertThat(resolution.target()).isEmpty();
        assertThat(resolution.failure()).isPresent();
    }

    @Test
    void resolveShouldRefuseCredentialsOtherPortsAndSchemesWithoutAnyRequest() {
        ShortenerResolver resolver = loopbackAllowed();

        assertThat(resolver.resolve("http://user:secret@short.test/abc", inSeconds(5)).failure()).contains("a URL with credentials is never followed");
        assertThat(resolver.resolve("http://short.test:8080/abc", inSeconds(5)).failure())
            .contains("port 8080 is not followed (only 80 for http, 443 for https)");
        assertThat(resolver.resolve("ftp://short.test/abc", inSeconds(5)).failure()).contains("only http and https are followed, not ftp");
        assertThat(resolver.resolve("http://short.test/abc", System.nanoTime() - 1).failure()).isPresent();
        assertThat(requests).isEmpty();
        assertThat(lookups).isEmpty();
    }

    @Test
    void resolveShouldRefuseANameResolvingToLoopbackWithTheRealGuardBeforeConnecting() {
        ShortenerResolver.Resolution resolution = resolver(ShortenerResolver.Limits.defaults(), AddressGuard::isPublic)
            .resolve("http://short.test/abc", inSeconds(5));

        assertThat(resolution.failure()).hasValueSatisfying(why -> assertThat(why).contains("127.0.0.1", "not a public address"));
        assertThat(lookups).containsExactly("short.test");
        assertThat(requests).isEmpty();
    }

    @Test
    void resolveShouldCheckEveryHopWithTheGuard() {
        // the first hop is allowed, the redirect target resolves to a refused address
        ShortenerResolver resolver = new ShortenerResolver(ShortenerResolver.Limits.defaults(), host -> List.of(host.equals("short.test")
            ? InetAddress.getLoopbackAddress() : InetAddress.getByName("10.0.0.7")), address -> address.isLoopbackAddress() || AddressGuard.isPublic(address),
            (SSLSocketFactory) SSLSocketFactory.getDefault(), server.getAddress().getPort(), 1);

        ShortenerResolver.Resolution resolution = resolver.resolve("http://short.test/abc", inSeconds(5));

        assertThat(resolution.failure()).hasValueSatisfying(why -> assertThat(why).contains("10.0.0.7", "not a public address"));
        assertThat(requests).containsExactly("HEAD short.test/abc");
    }

    private static final Tenant TENANT = Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());

    private static ParsedMessage shortenedLinkMessage() {
        return ParsedMessage.parse(("From: news@sender.example\r\nTo: bob@acme.example\r\nSubject: your account\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html\r\n\r\n<p>Check <a href=\"http://bit.ly/phish\">your account</a> today.</p>\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void detectorShouldNeverFollowWhenThePolicyDoesNotAsk() {
        PhishingDetector detector = new PhishingDetector(ImpersonatedBrands.load(), Optional.empty(), List.of(), Duration.ofSeconds(1),
            Optional.of(new PhishingDetector.ShortenerFollowing(loopbackAllowed(), 3, Duration.ofSeconds(3))));

        List<Finding> findings = detector.findings(TENANT, PhishingPolicy.defaults(), shortenedLinkMessage());

        assertThat(findings).extracting(Finding::ruleId).contains("PHISH_URL_SHORTENER")
            .doesNotContain(PhishingDetector.SHORTENER_TARGET, PhishingDetector.SHORTENER_UNRESOLVED);
        assertThat(lookups).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void detectorShouldJudgeWhereAFollowedLinkLeads() {
        // in this test the loopback server plays bit.ly, which redirects to a lookalike of a much-impersonated brand
        PhishingDetector detector = new PhishingDetector(ImpersonatedBrands.load(), Optional.empty(), List.of(), Duration.ofSeconds(1),
            Optional.of(new PhishingDetector.ShortenerFollowing(loopbackAllowed(), 3, Duration.ofSeconds(3))));
        PhishingPolicy following = new PhishingPolicy(Action.QUARANTINE, 40, 1.0, List.of(), List.of(), true, java.util.Set.of(), List.of(), true);

        List<Finding> findings = detector.findings(TENANT, following, shortenedLinkMessage());

        assertThat(requests).containsExactly("HEAD bit.ly/phish", "HEAD paypa1.com/login");
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding.ruleId()).isEqualTo(PhishingDetector.SHORTENER_TARGET);
            assertThat(finding.reason()).isEqualTo("http://bit.ly/phish leads to http://paypa1.com/login (1 redirects)");
            assertThat(finding.score()).isZero();
        });
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding.ruleId()).isEqualTo(PhishingDetector.LOOKALIKE_LINK);
            assertThat(finding.reason()).contains("paypa1.com");
        });
    }
}
