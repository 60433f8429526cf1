package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clamd client's protocol, reply parsing and failure paths against an in-process fake clamd. */
class ClamdClientTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void scanShouldStreamTheContentInChunksEndedByAZeroLengthChunk() throws Exception {
        byte[] content = new byte[2 * ClamdClient.CHUNK_SIZE + 1000];
        Arrays.fill(content, (byte) 'a');
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            assertThat(new ClamdClient(clamd.settings()).scan(content)).isEqualTo(ScanResult.clean());

            assertThat(clamd.commands()).containsExactly("zINSTREAM");
            assertThat(clamd.streams()).singleElement().satisfies(stream -> {
                assertThat(stream.chunks()).containsExactly(ClamdClient.CHUNK_SIZE, ClamdClient.CHUNK_SIZE, 1000, 0);
                assertThat(stream.content()).isEqualTo(content);
            });
        }
    }

    @Test
    void scanShouldSendOnlyTheEndChunkWhenTheContentIsEmpty() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[0])).isEqualTo(ScanResult.clean());

            assertThat(clamd.streams()).singleElement().extracting(FakeClamd.Stream::chunks).isEqualTo(List.of(0));
        }
    }

    @Test
    void scanShouldReportTheSignatureWhenClamdFindsOne() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: Win.Test.EICAR_HDB-1 FOUND")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10])).isEqualTo(ScanResult.infected("Win.Test.EICAR_HDB-1"));
        }
    }

    @Test
    void scanShouldReportIncompleteWhenClamdAlertsThatItHitALimit() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: Heuristics.Limits.Exceeded.MaxRecursion FOUND")) {
            ScanResult result = new ClamdClient(clamd.settings()).scan(new byte[10]);

            assertThat(result.status()).isEqualTo(ScanResult.Status.INCOMPLETE);
            assertThat(result.reason()).endsWith("stopped at its limit Heuristics.Limits.Exceeded.MaxRecursion");
        }
    }

    @Test
    void scanShouldKeepOnlySafeCharactersOfTheSignatureName() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: Eicar<script>(44d88612fea8a8f36de82e1278abb02f:68) FOUND")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10]))
                .isEqualTo(ScanResult.infected("Eicar_script__44d88612fea8a8f36de82e1278abb02f_68_"));
        }
    }

    @Test
    void scanShouldReportTooLargeWhenClamdAnswersBeforeReadingEverything() throws Exception {
        byte[] large = new byte[8 * 1024 * 1024];
        try (FakeClamd clamd = FakeClamd.replyingAfter(1024 * 1024, "INSTREAM size limit exceeded. ERROR")) {
            ScanResult result = new ClamdClient(clamd.settings()).scan(large);

            assertThat(result).isEqualTo(ScanResult.tooLarge(
                "8388608 bytes are over the stream limit (StreamMaxLength) of clamd at " + clamd.address()));
        }
    }

    @Test
    void scanShouldReportAnErrorWithoutClamdsWordsWhenClamdAnswersAnError() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("Can't allocate memory ERROR")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10]))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " answered an error"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "stream: FOUND", "stream:  FOUND", "stream: OKAY", "stream: Eicar", "PONG", "UNKNOWN COMMAND",
        "stream: OK\nstream: Eicar FOUND"})
    void scanShouldReportAnErrorWhenClamdAnswersSomethingUnreadable(String reply) throws Exception {
        try (FakeClamd clamd = FakeClamd.replying(reply)) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10]))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " answered something unreadable"));
        }
    }

    @Test
    void scanShouldAcceptAnAnswerEndedByTheConnectionInsteadOfANul() throws Exception {
        try (FakeClamd clamd = FakeClamd.replyingRaw("stream: OK\n")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10])).isEqualTo(ScanResult.clean());
        }
    }

    @Test
    void scanShouldReportAnErrorWhenTheAnswerIsLongerThanAnyClamdAnswer() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: " + "A".repeat(ClamdClient.MAX_REPLY) + " FOUND")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10]))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " answered more than 1024 bytes"));
        }
    }

    @Test
    void scanShouldReportAnErrorWhenClamdClosesWithoutAnswering() throws Exception {
        try (FakeClamd clamd = FakeClamd.closing()) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10]))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " closed the connection without an answer"));
        }
    }

    @Test
    @Timeout(60)
    void scanShouldGiveUpAtTheTimeoutWhenClamdNeverAnswers() throws Exception {
        try (FakeClamd clamd = FakeClamd.silent()) {
            ClamdClient client = new ClamdClient(clamd.settings().withTimeouts(SHORT, SHORT));

            assertThat(client.scan(new byte[10])).isEqualTo(ScanResult.error("clamd at " + clamd.address() + " did not answer within 300 ms"));
            assertThat(clamd.streams()).hasSize(1);
        }
    }

    @Test
    @Timeout(60)
    void scanShouldGiveUpAtTheTimeoutWhenClamdStopsReading() throws Exception {
        try (FakeClamd clamd = FakeClamd.notReading()) {
            ClamdClient client = new ClamdClient(clamd.settings().withTimeouts(SHORT, SHORT));

            assertThat(client.scan(new byte[32 * 1024 * 1024]))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " did not answer within 300 ms"));
        }
    }

    @Test
    @Timeout(60)
    void scanShouldGiveUpAtTheCallersLimitWhenItIsShorterThanTheTimeout() throws Exception {
        try (FakeClamd clamd = FakeClamd.silent()) {
            ClamdClient client = new ClamdClient(clamd.settings().withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60)));

            assertThat(client.scan(new byte[10], Duration.ofMillis(200)))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " did not answer within 200 ms"));
        }
    }

    @Test
    void scanShouldNotConnectWhenNoTimeIsLeft() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            assertThat(new ClamdClient(clamd.settings()).scan(new byte[10], Duration.ZERO))
                .isEqualTo(ScanResult.error("clamd at " + clamd.address() + " was not asked: no time was left"));
            assertThat(clamd.commands()).isEmpty();
        }
    }

    @Test
    void scanShouldReportRefusedWhenNothingListens() throws IOException {
        String address = "tcp://127.0.0.1:" + closedPort();

        assertThat(new ClamdClient(ClamdSettings.forAddress(address)).scan(new byte[10]))
            .isEqualTo(ScanResult.error("clamd at " + address + " refused the connection or cannot be reached"));
    }

    @Test
    void scanShouldReportUnreachableWhenTheUnixSocketDoesNotExist() {
        String address = "unix:///nonexistent/gatehouse/clamd.sock";

        assertThat(new ClamdClient(ClamdSettings.forAddress(address)).scan(new byte[10]))
            .isEqualTo(ScanResult.error("clamd at " + address + " refused the connection or cannot be reached"));
    }

    @Test
    void healthShouldFollowTheLastExchangeAndKeepTheLastError() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-12-01T10:00:00Z"));
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            ClamdClient client = new ClamdClient(clamd.settings(), clock);
            assertThat(client.health()).isEqualTo(new ScannerHealth(clamd.address(), ScannerHealth.State.UNKNOWN, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));

            ScannerHealth probed = client.probe();
            assertThat(probed).isEqualTo(new ScannerHealth(clamd.address(), ScannerHealth.State.UP,
                Optional.of("ClamAV 1.4.6/27480/Mon Dec  1 09:30:00 2025"), Optional.empty(), Optional.empty(),
                Optional.of(clock.instant())));
            assertThat(clamd.commands()).containsExactly("zPING", "zVERSION");

            clamd.close();
            clock.advance(Duration.ofMinutes(1));
            Instant failedAt = clock.instant();
            ScanResult failed = client.scan(new byte[10]);
            assertThat(client.health()).isEqualTo(new ScannerHealth(clamd.address(), ScannerHealth.State.DOWN, probed.version(),
                Optional.of(failed.reason()), Optional.of(failedAt), Optional.of(failedAt)));
            assertThat(client.probe().state()).isEqualTo(ScannerHealth.State.DOWN);
        }
    }

    @Test
    void healthShouldBeUpAgainWithTheLastErrorKeptWhenAScanSucceedsAfterAFailure() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-12-01T10:00:00Z"));
        try (FakeClamd clamd = FakeClamd.replying("stream: Eicar FOUND")) {
            ClamdClient client = new ClamdClient(clamd.settings(), clock);
            String failure = client.scan(new byte[10], Duration.ZERO).reason();

            clock.advance(Duration.ofSeconds(5));
            client.scan(new byte[10]);

            assertThat(client.health().state()).isEqualTo(ScannerHealth.State.UP);
            assertThat(client.health().lastError()).contains(failure);
            assertThat(client.health().lastErrorAt()).contains(Instant.parse("2025-12-01T10:00:00Z"));
            assertThat(client.health().checkedAt()).contains(clock.instant());
        }
    }

    @Test
    void probeShouldReportDownWhenPingIsNotAnsweredWithPong() throws Exception {
        try (FakeClamd clamd = FakeClamd.replyingToAnyCommand("PANG")) {
            ScannerHealth health = new ClamdClient(clamd.settings()).probe();

            assertThat(health.state()).isEqualTo(ScannerHealth.State.DOWN);
            assertThat(health.lastError()).contains("clamd at " + clamd.address() + " did not answer PING with PONG");
            assertThat(health.version()).isEmpty();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
