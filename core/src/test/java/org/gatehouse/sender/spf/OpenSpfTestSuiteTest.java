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

import com.google.common.net.InetAddresses;

/**
 * Runs every test of the openspf RFC 7208 suite (src/test/resources/spf-openspf-testsuite) through {@link SpfCheck}:
 * the result must be one the suite allows, and a fail must carry the suite's explanation. All of them pass: where jSPF
 * 1.0.3 follows RFC 4408 instead, {@link Rfc7208TermsFactory} and {@link Rfc7208MacroExpand} put RFC 7208 back.
 */
class OpenSpfTestSuiteTest {
    private static final String SUITE = "/spf-openspf-testsuite/rfc7208-tests.yml";
    private static final int SUITE_SIZE = 203;
    /** The zone answers at once; the budget only guards against a hang. */
    private static final Duration BUDGET = Duration.ofSeconds(30);

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
    void suiteShouldHoldAllItsTests() {
        assertThat(suite).hasSize(SUITE_SIZE);
    }

    private static void verify(SuiteTest test) {
        SpfResult result = new SpfCheck(test.zone(), BUDGET)
            .check(InetAddresses.forString(test.host()), test.mailFrom(), test.helo());

        assertThat(result.result()).as(test.id()).isIn(test.allowed());
        if (result.result() == Result.FAIL && test.explanation().isPresent()) {
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
