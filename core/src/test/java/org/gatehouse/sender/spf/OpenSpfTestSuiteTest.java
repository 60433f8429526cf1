package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gatehouse.dns.ZoneDnsLookup;
import org.gatehouse.sender.spf.SpfResult.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.google.common.collect.ImmutableMap;
import com.google.common.net.InetAddresses;

/**
 * Runs every test of the openspf RFC 7208 suite (src/test/resources/spf-openspf-testsuite) through {@link SpfCheck}:
 * the result must be one the suite allows, and a fail must carry the suite's explanation. Tests that jSPF gets wrong
 * are listed in {@link #KNOWN_DEVIATIONS} and must keep failing the same way, so that a fix is noticed.
 */
class OpenSpfTestSuiteTest {
    private static final String SUITE = "/spf-openspf-testsuite/rfc7208-tests.yml";
    private static final int SUITE_SIZE = 203;
    /** The zone answers at once; the budget only guards against a hang. */
    private static final Duration BUDGET = Duration.ofSeconds(30);

    /** What jSPF 1.0.3 answers instead of what the suite expects (a result, or a fail's explanation), and why. */
    private record Deviation(Optional<Result> result, Optional<String> explanation, String reason) {
        static Deviation result(Result actual, String reason) {
            return new Deviation(Optional.of(actual), Optional.empty(), reason);
        }

        static Deviation explanation(String actual, String reason) {
            return new Deviation(Optional.empty(), Optional.of(actual), reason);
        }
    }

    private static final ImmutableMap<String, Deviation> KNOWN_DEVIATIONS = ImmutableMap.<String, Deviation>builder()
        .put("PTR mechanism syntax/ptr-case-change", Deviation.result(Result.FAIL,
            "jSPF matches a validated PTR name against ptr:<domain> case-sensitively (DNS names are not, RFC 4343)"))
        .put("PTR mechanism syntax/ptr-cname-loop", Deviation.result(Result.TEMPERROR,
            "jSPF makes a DNS error on a PTR name's address lookup a temperror; RFC 7208 5.5 says skip that name"))
        .put("Processing limits/mx-limit", Deviation.result(Result.PASS,
            "jSPF does not make more than 10 MX names a permerror (RFC 7208 4.6.4)"))
        .put("Processing limits/void-over-limit", Deviation.result(Result.NEUTRAL,
            "jSPF has no limit of two void lookups (RFC 7208 4.6.4)"))
        .put("Macro expansion rules/v-macro-ip6", Deviation.explanation(
            "cafe:babe:0:0:0:0:0:1 is queried as 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.E.B.A.B.E.F.A.C.ip6.arpa",
            "jSPF writes %{c} of an IPv6 client without :: compression"))
        .put("Macro expansion rules/upper-macro", Deviation.explanation(
            "http://example.com/why.html?l=%7Ejack%26jill%3Dup-a_b3.c",
            "jSPF URL-escapes '~' in upper-case macros, which RFC 3986 counts as unreserved (RFC 7208 7.3)"))
        .build();

    private record SuiteTest(String scenario, String name, String helo, String host, String mailFrom,
                             Set<Result> allowed, Optional<String> explanation, ZoneDnsLookup zone) {
        String id() {
            return scenario + "/" + name;
        }
    }

    private static List<SuiteTest> suite;

    @BeforeAll
    static void loadSuite() throws IOException {
        suite = load();
    }

    @TestFactory
    Stream<DynamicTest> checkShouldGiveAResultTheSuiteAllowsForEveryRfc7208Test() {
        return suite.stream().map(test -> dynamicTest(test.id(), () -> verify(test)));
    }

    @Test
    void suiteShouldHoldAllItsTestsAndEveryKnownDeviationShouldNameOne() {
        assertThat(suite).hasSize(SUITE_SIZE);
        assertThat(suite.stream().map(SuiteTest::id)).containsAll(KNOWN_DEVIATIONS.keySet());
    }

    private static void verify(SuiteTest test) {
        SpfResult result = new SpfCheck(test.zone(), BUDGET)
            .check(InetAddresses.forString(test.host()), test.mailFrom(), test.helo());

        Optional<Deviation> deviation = Optional.ofNullable(KNOWN_DEVIATIONS.get(test.id()));
        String fixed = "known deviation, fixed now? " + deviation.map(Deviation::reason).orElse("");
        Optional<Result> wrongResult = deviation.flatMap(Deviation::result);
        if (wrongResult.isPresent()) {
            assertThat(test.allowed()).doesNotContain(wrongResult.get());
            assertThat(result.result()).as(fixed).isEqualTo(wrongResult.get());
            return;
        }
        assertThat(result.result()).as(test.id()).isIn(test.allowed());

        Optional<String> wrongExplanation = deviation.flatMap(Deviation::explanation);
        if (wrongExplanation.isPresent()) {
            assertThat(test.explanation()).isPresent().isNotEqualTo(wrongExplanation);
            assertThat(result.explanation()).as(fixed).isEqualTo(wrongExplanation);
        } else if (result.result() == Result.FAIL && test.explanation().isPresent()) {
            // DEFAULT stands for the receiver's own text: SpfCheck has none
            String expected = test.explanation().get();
            assertThat(result.explanation()).as("explanation of " + test.id())
                .isEqualTo(expected.equals("DEFAULT") ? Optional.empty() : Optional.of(expected));
        }
    }

    private static List<SuiteTest> load() throws IOException {
        List<SuiteTest> tests = new ArrayList<>();
        try (InputStream yaml = OpenSpfTestSuiteTest.class.getResourceAsStream(SUITE)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
                Map<?, ?> scenario = (Map<?, ?>) document;
                String description = String.valueOf(scenario.get("description"));
                ZoneDnsLookup zone = ZoneDnsLookup.fromZonedata((Map<?, ?>) scenario.get("zonedata"));
                ((Map<?, ?>) scenario.get("tests")).forEach((name, fields) ->
                    tests.add(suiteTest(description, String.valueOf(name), (Map<?, ?>) fields, zone)));
            }
        }
        return tests;
    }

    private static SuiteTest suiteTest(String scenario, String name, Map<?, ?> fields, ZoneDnsLookup zone) {
        Object result = fields.get("result");
        Set<Result> allowed = (result instanceof List<?> results ? results.stream() : Stream.of(result))
            .map(word -> Result.parse(String.valueOf(word)))
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Result.class)));
        return new SuiteTest(scenario, name, String.valueOf(fields.get("helo")), String.valueOf(fields.get("host")),
            String.valueOf(fields.get("mailfrom")), allowed,
            Optional.ofNullable(fields.get("explanation")).map(String::valueOf), zone);
    }
}
