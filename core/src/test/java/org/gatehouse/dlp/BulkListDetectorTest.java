package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkListDetectorTest {
    private static final Detector EMAILS = new EmailListDetector();
    private static final Detector PHONES = new PhoneListDetector();

    @Test
    void emailScanShouldFindAddressesLowerCasedAndMasked() {
        String text = "From: John.Doe@Example.COM; cc <ann+x@mail.example.org>, mailto:bob@example.net. https://x.example/?u=eve@example.org";

        assertThat(Detections.keys(EMAILS, text)).containsExactly("john.doe@example.com", "ann+x@mail.example.org", "bob@example.net",
            "eve@example.org");
        assertThat(Detections.masked(EMAILS, text)).containsExactly("j***@example.com", "a***@mail.example.org", "b***@example.net",
            "e***@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@example.com", "john@", "john@localhost", "john@example.c0m", "john.@example.com", "a@b@c",
        "john@-example.com", "john@exa..mple.com", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@example.com"})
    void emailScanShouldFindNothingInWhatIsNotAnAddress(String text) {
        assertThat(Detections.keys(EMAILS, "x " + text + " y")).isEmpty();
    }

    @Test
    void emailAndPhoneListsShouldNeedTwentyDistinctValues() {
        assertThat(EMAILS.floor()).isEqualTo(20);
        assertThat(PHONES.floor()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 0100", "+44 20 7946 0958", "+4915112345678", "(415) 555-0100", "415-555-0100",
        "415.555.0100", "1 415 555 0100", "020 7946 0958", "06 12 34 56 78", "(415)555-0100"})
    void phoneScanShouldFindCommonFormats(String phone) {
        assertThat(Detections.keys(PHONES, "Call " + phone + " now")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15", "15.01.2024", "01.02.2024 10:30", "192.168.1.10", "12345", "4111111111111111",
        "1234567", "+1234567", "v1.415.555.0100", "415-555-01000", "4155550100x"})
    void phoneScanShouldFindNothingInDatesAddressesAndPlainNumbers(String text) {
        assertThat(Detections.keys(PHONES, "see " + text + " here")).isEmpty();
    }

    @Test
    void phoneScanShouldMaskAllButTheLastTwoDigits() {
        assertThat(Detections.masked(PHONES, "+44 20 7946 0958 and (415) 555-0100"))
            .containsExactly("+**********58", "********00");
    }

    @Test
    void phoneScanShouldFindEachLineOfAList() {
        List<String> lines = IntStream.range(0, 25).mapToObj(i -> String.format("+1 415 555 %04d", i)).toList();

        assertThat(Detections.keys(PHONES, String.join("\n", lines))).hasSize(25).doesNotHaveDuplicates();
    }
}
