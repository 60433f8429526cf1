package org.gatehouse.scoring.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.external.SpamdContributorTest.contribute;
import static org.gatehouse.scoring.external.SpamdRealServerTest.GTUBE;
import static org.gatehouse.scoring.external.SpamdRealServerTest.HAM;
import static org.gatehouse.scoring.external.SpamdRealServerTest.resource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gatehouse's rspamd client against Debian's real rspamd and its shipped rules, offline and without Redis. */
class RspamdRealServerTest {
    @RegisterExtension
    static final LoopbackRspamd RSPAMD = new LoopbackRspamd();

    @Test
    void contributeShouldGiveGtubeTheMaximumContributionWhenRspamdRejectsIt() throws IOException {
        List<Finding> findings = contribute(ExternalEngineContributor.rspamd(RSPAMD.settings()), resource(GTUBE));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("RSPAMD_SCORE");
            assertThat(finding.result()).isEqualTo("reject");
            assertThat(finding.score()).isEqualTo(EngineScoreMapping.RSPAMD_DEFAULT.max());
            assertThat(finding.reason()).isEqualTo("rspamd score 15.0 (required 15.0): GTUBE");
        });
    }

    @Test
    void contributeShouldGiveHamALowContributionWhenRspamdScoresIt() throws IOException {
        byte[] ham = resource(HAM);
        ExternalEngineContributor rspamd = ExternalEngineContributor.rspamd(RSPAMD.settings());
        List<Long> micros = new ArrayList<>();
        Finding last = null;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            List<Finding> findings = contribute(rspamd, ham);
            micros.add((System.nanoTime() - start) / 1000);
            last = findings.get(0);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("RSPAMD_SCORE");
                assertThat(finding.result()).isEqualTo("no_action");
                assertThat(finding.score()).isLessThan(20);
            });
        }
        micros.sort(null);
        System.out.printf("rspamd checkv2, %d-byte ham, 20 messages: p50 %.1f ms, max %.1f ms; %s%n", ham.length, micros.get(10) / 1000.0,
            micros.get(19) / 1000.0, last.explain());
    }

    @Test
    void contributeShouldReportRspamdErrorWithoutThrowingWhenRspamdIsStopped() throws Exception {
        LoopbackRspamd stopping = new LoopbackRspamd();
        stopping.start();
        ExternalEngineContributor rspamd;
        try {
            rspamd = ExternalEngineContributor.rspamd(stopping.settings());
            assertThat(contribute(rspamd, resource(HAM))).singleElement().extracting(Finding::ruleId).isEqualTo("RSPAMD_SCORE");
        } finally {
            stopping.stop();
        }

        assertThat(contribute(rspamd, resource(HAM))).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("RSPAMD_ERROR");
            assertThat(finding.result()).isEqualTo("error");
            assertThat(finding.score()).isZero();
            assertThat(finding.reason()).isEqualTo("rspamd refused the connection or cannot be reached");
        });
    }
}
