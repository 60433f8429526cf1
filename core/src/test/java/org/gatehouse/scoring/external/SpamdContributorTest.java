package org.gatehouse.scoring.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SpamdContributorTest {
    static final TenantId TENANT = TenantId.of("acme");
    static final byte[] MESSAGE = "From: a@example.com\r\nSubject: hello\r\n\r\nHello there.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ExternalEngineContributor.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    static String ok(String spamHeader, String symbols) {
        return "SPAMD/1.1 0 EX_OK\r\nContent-length: " + symbols.length() + "\r\nSpam: " + spamHeader + "\r\n\r\n" + symbols;
    }

    static List<Finding> contribute(ExternalEngineContributor contributor, byte[] message) {
        return contributor.contribute(TENANT, message, ParsedMessage.parse(message), Verdict.empty());
    }

    @Test
    void contributeShouldMapTheScoreAndNameTheSymbolsWhenSpamdAnswers() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 7.5 / 5.0", "BAYES_99,URIBL_BLACK"))) {
            List<Finding> findings = contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_SCORE");
                assertThat(finding.check()).isEqualTo("spamd");
                assertThat(finding.result()).isEqualTo("spam");
                assertThat(finding.score()).isEqualTo(37.5);
                assertThat(finding.reason()).isEqualTo("spamd score 7.5 (required 5.0): BAYES_99, URIBL_BLACK");
            });
        }
    }

    @Test
    void contributeShouldSendSymbolsWithContentLengthAndUserWhenAUserIsSet() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("False ; 0.1 / 5.0", ""))) {
            contribute(ExternalEngineContributor.spamd(spamd.settings().withUser("gatehouse")), MESSAGE);

            assertThat(spamd.requests()).singleElement().satisfies(request -> {
                assertThat(request.line()).isEqualTo("SYMBOLS SPAMC/1.5");
                assertThat(request.headers()).containsEntry("content-length", String.valueOf(MESSAGE.length)).containsEntry("user", "gatehouse");
                assertThat(request.message()).isEqualTo(MESSAGE);
            });
        }
    }

    @Test
    void contributeShouldSendNoUserWhenNoneIsSet() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("False ; 0.1 / 5.0", ""))) {
            List<Finding> findings = contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE);

            assertThat(spamd.requests()).singleElement().satisfies(request -> assertThat(request.headers()).doesNotContainKey("user"));
            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.result()).isEqualTo("ham");
                assertThat(finding.score()).isEqualTo(0.5);
                assertThat(finding.reason()).isEqualTo("spamd score 0.1 (required 5.0)");
            });
        }
    }

    @Test
    void contributeShouldCapTheContributionWhenTheEngineScoreIsHuge() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 1000.0 / 5.0", "GTUBE"))) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE))
                .singleElement().extracting(Finding::score).isEqualTo(60.0);
        }
    }

    @Test
    void contributeShouldLowerTheScoreDownToTheFloorWhenTheEngineScoreIsNegative() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("False ; -7.0 / 5.0", "RCVD_IN_DNSWL_HI"))) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE))
                .singleElement().extracting(Finding::score).isEqualTo(-20.0);
        }
    }

    @Test
    void contributeShouldUseTheConfiguredMappingWhenOneIsGiven() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 6.0 / 5.0", ""))) {
            SpamdSettings settings = spamd.settings().withMapping(new EngineScoreMapping(10, 0, 40));

            assertThat(contribute(ExternalEngineContributor.spamd(settings), MESSAGE)).singleElement().extracting(Finding::score).isEqualTo(40.0);
        }
    }

    @Test
    void contributeShouldKeepOnlyPlainSymbolNamesAndAtMostTenWhenSpamdListsOthers() throws Exception {
        String many = IntStream.rangeClosed(1, 12).mapToObj(i -> "RULE_" + i).collect(Collectors.joining(","));
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 9.0 / 5.0", "<b>evil</b>,lower_case,TWO WORDS," + many))) {
            Finding finding = contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE).get(0);

            assertThat(finding.reason()).isEqualTo("spamd score 9.0 (required 5.0): RULE_1, RULE_2, RULE_3, RULE_4, RULE_5, RULE_6, "
                + "RULE_7, RULE_8, RULE_9, RULE_10 and 2 more");
        }
    }

    @Test
    void contributeShouldReportTheExitCodeAndNotTheEngineTextWhenSpamdAnswersAnError() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.0 76 Bad header line: <script>evil</script>\r\n")) {
            List<Finding> findings = contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
                assertThat(finding.check()).isEqualTo("spamd");
                assertThat(finding.result()).isEqualTo("error");
                assertThat(finding.score()).isZero();
                assertThat(finding.reason()).isEqualTo("spamd answered EX_PROTOCOL (76)");
            });
        }
    }

    @Test
    void contributeShouldTimeEachCallAndKeepWhetherSpamdAnswered() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GatehouseMetrics metrics = new GatehouseMetrics(meters);
        try (FakeSpamd spamd = FakeSpamd.replying(ok("False ; 1.0 / 5.0", "ALL_TRUSTED"))) {
            contribute(ExternalEngineContributor.spamd(spamd.settings(), metrics), MESSAGE);
        }
        assertThat(metrics.engineUp("spamd")).contains(true);
        try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.0 75 EX_TEMPFAIL\r\n")) {
            contribute(ExternalEngineContributor.spamd(spamd.settings(), metrics), MESSAGE);
        }

        assertThat(metrics.engineUp("spamd")).contains(false);
        assertThat(meters.get(GatehouseMetrics.ENGINE_UP).tag("engine", "spamd").gauge().value()).isZero();
        assertThat(meters.get(GatehouseMetrics.ENGINE_CALLS).tags("engine", "spamd", "result", "answered").timer().count()).isEqualTo(1);
        assertThat(meters.get(GatehouseMetrics.ENGINE_CALLS).tags("engine", "spamd", "result", "failed").timer().count()).isEqualTo(1);
    }

    @Test
    void contributeShouldLogAWarningWhenSpamdFails() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.0 75 EX_TEMPFAIL\r\n")) {
            contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE);

            assertThat(log.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("spamd at 127.0.0.1:" + spamd.port(), "acme", "EX_TEMPFAIL (75)");
            });
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenTheReplyIsNotSpamc() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying("HTTP/1.1 400 Bad Request\r\n\r\n")) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
                assertThat(finding.reason()).isEqualTo("spamd answered with an unreadable status line");
            });
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenTheReplyHasNoSpamHeader() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n")) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
                assertThat(finding.reason()).isEqualTo("spamd answered without a Spam header");
            });
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenTheSpamHeaderIsUnreadable() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("maybe ; lots / 5", ""))) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE)).singleElement()
                .extracting(Finding::reason).isEqualTo("spamd answered an unreadable Spam header");
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenSpamdClosesWithoutAnswering() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying("")) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings()), MESSAGE)).singleElement()
                .extracting(Finding::reason).isEqualTo("spamd closed the connection without an answer");
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        List<Finding> findings = contribute(ExternalEngineContributor.spamd(SpamdSettings.forAddress("127.0.0.1:" + port)), MESSAGE);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
            assertThat(finding.result()).isEqualTo("error");
            assertThat(finding.score()).isZero();
            assertThat(finding.reason()).isEqualTo("spamd refused the connection or cannot be reached");
        });
    }

    @Test
    @Timeout(60)
    void contributeShouldReportATimeoutWhenSpamdDoesNotAnswer() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.silent()) {
            SpamdSettings settings = spamd.settings().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));

            assertThat(contribute(ExternalEngineContributor.spamd(settings), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
                assertThat(finding.reason()).isEqualTo("spamd did not answer within 300 ms");
            });
            assertThat(spamd.requests()).hasSize(1);
        }
    }

    @Test
    @Timeout(60)
    void contributeShouldReportATimeoutWhenSpamdStopsReadingALargeMessage() throws Exception {
        byte[] large = new byte[32 * 1024 * 1024];
        Arrays.fill(large, (byte) 'x');
        try (FakeSpamd spamd = FakeSpamd.notReading()) {
            SpamdSettings settings = spamd.settings().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)).withMaxSize(large.length);

            assertThat(ExternalEngineContributor.spamd(settings).contribute(TENANT, large, ParsedMessage.parse(MESSAGE), Verdict.empty()))
                .singleElement().extracting(Finding::reason).isEqualTo("spamd did not answer within 500 ms");
        }
    }

    @Test
    void contributeShouldSkipTheMessageWhenItIsOverTheMaximumSize() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 7.5 / 5.0", ""))) {
            List<Finding> findings = contribute(ExternalEngineContributor.spamd(spamd.settings().withMaxSize(MESSAGE.length - 1)), MESSAGE);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_SKIPPED");
                assertThat(finding.result()).isEqualTo("skipped");
                assertThat(finding.score()).isZero();
                assertThat(finding.reason()).isEqualTo("not sent to spamd: " + MESSAGE.length + " bytes, over its limit of " + (MESSAGE.length - 1));
            });
            assertThat(spamd.requests()).isEmpty();
        }
    }

    @Test
    void contributeShouldSendTheMessageWhenItIsExactlyTheMaximumSize() throws Exception {
        try (FakeSpamd spamd = FakeSpamd.replying(ok("True ; 7.5 / 5.0", ""))) {
            assertThat(contribute(ExternalEngineContributor.spamd(spamd.settings().withMaxSize(MESSAGE.length)), MESSAGE))
                .singleElement().extracting(Finding::ruleId).isEqualTo("SPAMD_SCORE");
        }
    }
}
