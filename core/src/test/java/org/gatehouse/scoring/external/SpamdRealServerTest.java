package org.gatehouse.scoring.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.external.SpamdContributorTest.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gatehouse's SPAMC client against Debian's real spamd and its shipped rules, offline. */
class SpamdRealServerTest {
    @RegisterExtension
    static final LoopbackSpamd SPAMD = new LoopbackSpamd();

    static byte[] resource(String path) throws IOException {
        try (InputStream in = SpamdRealServerTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    static final String GTUBE = "/corpora/spamassassin-tdata/spam/gtube.eml";
    static final String HAM = "/corpora/spamassassin-tdata/nice/mailman_message.txt";

    @Test
    void contributeShouldGiveGtubeTheMaximumContributionWhenSpamdScoresIt() throws IOException {
        List<Finding> findings = contribute(ExternalEngineContributor.spamd(SPAMD.settings()), resource(GTUBE));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("SPAMD_SCORE");
            assertThat(finding.result()).isEqualTo("spam");
            assertThat(finding.score()).isEqualTo(EngineScoreMapping.SPAMD_DEFAULT.max());
            assertThat(finding.reason()).matches("spamd score 1\\d{3}\\.\\d \\(required 5\\.0\\): .*\\bGTUBE\\b.*");
        });
    }

    @Test
    void contributeShouldGiveHamALowContributionWhenSpamdScoresIt() throws IOException {
        byte[] ham = resource(HAM);
        ExternalEngineContributor spamd = ExternalEngineContributor.spamd(SPAMD.settings());
        List<Long> micros = new ArrayList<>();
        Finding last = null;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            List<Finding> findings = contribute(spamd, ham);
            micros.add((System.nanoTime() - start) / 1000);
            last = findings.get(0);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("SPAMD_SCORE");
                assertThat(finding.result()).isEqualTo("ham");
                assertThat(finding.score()).isLessThan(10);
            });
        }
        micros.sort(null);
        System.out.printf("spamd SYMBOLS, %d-byte ham, 20 messages: p50 %.1f ms, max %.1f ms; %s%n", ham.length, micros.get(10) / 1000.0,
            micros.get(19) / 1000.0, last.explain());
    }

    @Test
    void contributeShouldReportSpamdErrorWithoutThrowingWhenSpamdIsStopped() throws Exception {
        LoopbackSpamd stopping = new LoopbackSpamd();
        stopping.start();
        ExternalEngineContributor spamd;
        try {
            spamd = ExternalEngineContributor.spamd(stopping.settings());
            assertThat(contribute(spamd, resource(HAM))).singleElement().extracting(Finding::ruleId).isEqualTo("SPAMD_SCORE");
        } finally {
            stopping.stop();
        }

        assertThat(contribute(spamd, resource(HAM))).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("SPAMD_ERROR");
            assertThat(finding.result()).isEqualTo("error");
            assertThat(finding.score()).isZero();
            assertThat(finding.reason()).isEqualTo("spamd refused the connection or cannot be reached");
        });
    }
}
