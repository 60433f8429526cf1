package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.junit.jupiter.api.Test;

class HeaderEditsTest {
    private static final String BODY_WITHOUT_START_BOUNDARY = "\r\nno start boundary, caf\u00e9 \u00ff\r\n--b1--\r\n"; // Latin-1 letters: e acute, y diaeresis, A umlaut

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] broken() {
        return bytes("Received: from a\r\n\tby b; Sat, 5 Dec 2026 10:00:00 +0000\r\n"
            + "Subject: caf\u00e9 \u00ff junk\r\n" // Latin-1 letters: e acute, y diaeresis, A umlaut
            + "Authentication-Results: mx.gatehouse.test; spf=pass\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + BODY_WITHOUT_START_BOUNDARY);
    }

    private static byte[] bodyOf(byte[] message) {
        int end = HeaderEdits.headerSectionEnd(message);
        return Arrays.copyOfRange(message, end, message.length);
    }

    @Test
    void addShouldPutTheFieldOnTopAndKeepEveryOtherByte() {
        byte[] original = broken();

        byte[] edited = HeaderEdits.none().add("X-Gatehouse-DLP", "tag; rules=DLP_FALCON").applyTo(original);

        assertThat(text(edited)).isEqualTo("X-Gatehouse-DLP: tag; rules=DLP_FALCON\r\n" + text(original));
    }

    @Test
    void setShouldReplaceEveryFieldOfThatNameWithItsContinuationLines() {
        byte[] edited = HeaderEdits.none().set("received", "one").applyTo(broken());

        assertThat(text(edited)).startsWith("received: one\r\nSubject: ").doesNotContain("by b;");
        assertThat(bodyOf(edited)).isEqualTo(bytes(BODY_WITHOUT_START_BOUNDARY));
    }

    @Test
    void removeThenAddShouldKeepTheFieldsTheCallerKeptInOrder() {
        byte[] edited = HeaderEdits.none()
            .remove("Authentication-Results")
            .add("Authentication-Results", "other.example; spf=none")
            .add("Authentication-Results", "mx.gatehouse.test;\r\n\tspf=none smtp.mailfrom=sender.test")
            .applyTo(broken());

        assertThat(text(edited)).startsWith("Authentication-Results: other.example; spf=none\r\n"
            + "Authentication-Results: mx.gatehouse.test;\r\n\tspf=none smtp.mailfrom=sender.test\r\nReceived: ");
        assertThat(text(edited)).doesNotContain("spf=pass");
    }

    @Test
    void prefixSubjectShouldKeepTheRawSubjectBytes() {
        byte[] edited = HeaderEdits.none().prefixSubject("[SPAM]").applyTo(broken());

        assertThat(text(edited)).contains("\r\nSubject: [SPAM] caf\u00e9 \u00ff junk\r\nAuthentication-Results:"); // Latin-1 letters: e acute, y diaeresis, A umlaut
        assertThat(bodyOf(edited)).isEqualTo(bytes(BODY_WITHOUT_START_BOUNDARY));
    }

    @Test
    void prefixSubjectShouldNotPrefixTwiceWhenTheDecodedSubjectStartsWithThePrefix() {
        byte[] original = bytes("Subject: =?UTF-8?Q?[SPAM]_caf=C3=A9?=\r\n\r\nbody\r\n");

        assertThat(HeaderEdits.none().prefixSubject("[SPAM]").applyTo(original)).isEqualTo(original);
    }

    @Test
    void twoPrefixesShouldBothBeThereInTheOrderTheyCame() {
        byte[] edited = HeaderEdits.none().prefixSubject("[SUSPICIOUS]").prefixSubject("[SPAM]")
            .applyTo(bytes("Subject: hello\r\n\r\nbody\r\n"));

        assertThat(text(edited)).isEqualTo("Subject: [SPAM] [SUSPICIOUS] hello\r\n\r\nbody\r\n");
    }

    @Test
    void prefixSubjectShouldAddASubjectWhenThereIsNone() {
        assertThat(text(HeaderEdits.none().prefixSubject("[SPAM]").applyTo(bytes("From: a@b.test\r\n\r\nbody\r\n"))))
            .isEqualTo("Subject: [SPAM]\r\nFrom: a@b.test\r\n\r\nbody\r\n");
    }

    @Test
    void anEmptySubjectShouldKeepItsLineBreak() {
        assertThat(text(HeaderEdits.none().prefixSubject("[SPAM]").applyTo(bytes("Subject:\r\nFrom: a@b.test\r\n\r\nbody"))))
            .isEqualTo("Subject: [SPAM] \r\nFrom: a@b.test\r\n\r\nbody");
    }

    @Test
    void nonAsciiValuesShouldBeEncodedAndLongValuesFolded() {
        String edited = text(HeaderEdits.none()
            .prefixSubject("[VERD\u00c4CHTIG]") // Latin-1 letters: e acute, y diaeresis, A umlaut
            .add("X-Long", "word ".repeat(40).trim())
            .applyTo(bytes("Subject: hi\r\n\r\n")));

        String subject = edited.lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElseThrow();
        assertThat(DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT)).isEqualTo("Subject: [VERD\u00c4CHTIG] hi"); // Latin-1 letters: e acute, y diaeresis, A umlaut
        assertThat(edited.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(edited.chars()).allMatch(c -> c < 127);
    }

    @Test
    void longAsciiTokensShouldNotBeEncoded() {
        String rules = "tag; rules=" + "CONTENT_RULE_EVERY_MESSAGE,SPF_NONE,DKIM_NONE,DMARC_NONE,PTR_PASS".repeat(2);

        String edited = text(HeaderEdits.none().set("X-Gatehouse-Verdict", rules).applyTo(bytes("\r\nbody")));

        assertThat(edited.replaceAll("\r\n(?=[ \t])", "")).isEqualTo("X-Gatehouse-Verdict: " + rules + "\r\n\r\nbody");
    }

    @Test
    void lineBreaksInAValueShouldNotStartAnotherField() {
        String edited = text(HeaderEdits.none().add("X-Test", "a\r\nBcc: victim@example.com\nx").applyTo(bytes("\r\n")));

        assertThat(edited).isEqualTo("X-Test: a  Bcc: victim@example.com x\r\n\r\n");
    }

    @Test
    void linesWithoutAColonAndBareLineFeedsShouldBeKept() {
        byte[] original = bytes("This line has no colon\nSubject: s\n\nbody\n");

        assertThat(text(HeaderEdits.none().add("X-A", "1").applyTo(original)))
            .isEqualTo("X-A: 1\r\nThis line has no colon\nSubject: s\n\nbody\n");
    }

    @Test
    void aMessageWithoutBodyShouldGetItsFieldsAndKeepItsLastLineWhole() {
        assertThat(text(HeaderEdits.none().add("X-A", "1").applyTo(bytes("Subject: s")))).isEqualTo("X-A: 1\r\nSubject: s\r\n");
    }

    @Test
    void noEditsShouldLeaveTheMessageAsItIs() {
        assertThat(HeaderEdits.none().applyTo(broken())).isEqualTo(broken());
    }

    @Test
    void aFieldNameWithAColonOrSpaceShouldBeRefused() {
        assertThatThrownBy(() -> HeaderEdits.none().add("X-A: b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderEdits.none().set("", "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
