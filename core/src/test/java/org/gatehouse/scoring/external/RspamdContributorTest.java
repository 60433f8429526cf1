package org.gatehouse.scoring.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.external.SpamdContributorTest.MESSAGE;
import static org.gatehouse.scoring.external.SpamdContributorTest.contribute;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RspamdContributorTest {
    static final String REPLY = """
        {"is_skipped":false,"score":7.2,"required_score":15.0,"action":"add header",
         "symbols":{"MIME_GOOD":{"name":"MIME_GOOD","score":-0.1},"BAYES_SPAM":{"name":"BAYES_SPAM","score":5.1},
                    "ARC_NA":{"name":"ARC_NA","score":0.0},"R_SPF_FAIL":{"name":"R_SPF_FAIL","score":1.0},
                    "<b>bad name</b>":{"score":9.0}},
         "messages":{"smtp_message":"<script>engine text</script>"}}""";

    @Test
    void contributeShouldMapTheScoreAndNameTheHeaviestSymbolsWhenRspamdAnswers() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, REPLY)) {
            List<Finding> findings = contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("RSPAMD_SCORE");
                assertThat(finding.check()).isEqualTo("rspamd");
                assertThat(finding.result()).isEqualTo("add_header");
                assertThat(finding.score()).isEqualTo(28.8);
                assertThat(finding.reason()).isEqualTo("rspamd score 7.2 (required 15.0): BAYES_SPAM, R_SPF_FAIL, MIME_GOOD, ARC_NA");
            });
        }
    }

    @Test
    void contributeShouldPostTheMessageToCheckv2WithThePasswordAndTheEnvelopeSender() throws Exception {
        byte[] message = ("Return-Path: <Bounce@Example.com>\r\n" + new String(MESSAGE, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        try (FakeRspamd rspamd = FakeRspamd.replying(200, REPLY)) {
            contribute(ExternalEngineContributor.rspamd(RspamdSettings.forUrl(rspamd.url() + "/").withPassword("s3cret")), message);

            assertThat(rspamd.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/checkv2");
                assertThat(request.header("Password")).isEqualTo("s3cret");
                assertThat(request.header("From")).isEqualTo("bounce@example.com");
                assertThat(request.message()).isEqualTo(message);
            });
        }
    }

    @Test
    void contributeShouldSendNeitherPasswordNorSenderWhenThereAreNone() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, REPLY)) {
            contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE);

            assertThat(rspamd.requests()).singleElement().satisfies(request -> {
                assertThat(request.header("Password")).isNull();
                assertThat(request.header("From")).isNull();
            });
        }
    }

    @Test
    void contributeShouldCapTheContributionAndCallAnOddActionUnknown() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, "{\"score\":40,\"required_score\":15,\"action\":\"<b>drop!</b>\"}")) {
            assertThat(contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.score()).isEqualTo(60.0);
                assertThat(finding.result()).isEqualTo("unknown");
                assertThat(finding.reason()).isEqualTo("rspamd score 40.0 (required 15.0)");
            });
        }
    }

    @Test
    void contributeShouldReportTheStatusAndNotTheEngineTextWhenRspamdAnswersAnHttpError() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(500, "{\"error\":\"<script>engine text</script>\"}")) {
            assertThat(contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("RSPAMD_ERROR");
                assertThat(finding.check()).isEqualTo("rspamd");
                assertThat(finding.result()).isEqualTo("error");
                assertThat(finding.score()).isZero();
                assertThat(finding.reason()).isEqualTo("rspamd answered HTTP 500");
            });
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenTheReplyIsNotJson() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, "<html>proxy error</html>")) {
            assertThat(contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE)).singleElement()
                .extracting(Finding::reason).isEqualTo("rspamd answered something that is not JSON");
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenTheReplyHasNoScore() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, "{\"required_score\":15,\"action\":\"no action\"}")) {
            assertThat(contribute(ExternalEngineContributor.rspamd(rspamd.settings()), MESSAGE)).singleElement()
                .extracting(Finding::reason).isEqualTo("rspamd answered without a numeric score and required_score");
        }
    }

    @Test
    void contributeShouldReportAnErrorWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        List<Finding> findings = contribute(ExternalEngineContributor.rspamd(RspamdSettings.forUrl("http://127.0.0.1:" + port)), MESSAGE);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("RSPAMD_ERROR");
            assertThat(finding.result()).isEqualTo("error");
            assertThat(finding.reason()).isEqualTo("rspamd refused the connection or cannot be reached");
        });
    }

    @Test
    @Timeout(60)
    void contributeShouldReportATimeoutWhenRspamdDoesNotAnswer() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.silent()) {
            RspamdSettings settings = rspamd.settings().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));

            assertThat(contribute(ExternalEngineContributor.rspamd(settings), MESSAGE)).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("RSPAMD_ERROR");
                assertThat(finding.reason()).isEqualTo("rspamd did not answer within 300 ms");
            });
        }
    }

    @Test
    void contributeShouldSkipTheMessageWhenItIsOverTheMaximumSize() throws Exception {
        try (FakeRspamd rspamd = FakeRspamd.replying(200, REPLY)) {
            List<Finding> findings = contribute(ExternalEngineContributor.rspamd(rspamd.settings().withMaxSize(10)), MESSAGE);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("RSPAMD_SKIPPED");
                assertThat(finding.result()).isEqualTo("skipped");
                assertThat(finding.score()).isZero();
            });
            assertThat(rspamd.requests()).isEmpty();
        }
    }
}
