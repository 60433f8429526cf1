package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MimeStructureTest {
    private static final MimeStructure.Limits DEFAULT = MimeStructure.Limits.DEFAULT;

    private static MimeStructure scan(String message, MimeStructure.Limits limits) throws IOException {
        return MimeStructure.scan(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), limits);
    }

    @Test
    void scanShouldMeasureNothingDeepWhenTheMessageIsSinglePart() throws Exception {
        MimeStructure structure = scan("Subject: hi\r\nFrom: a@b.test\r\n\r\nhello\r\n", DEFAULT);

        assertThat(structure.depth()).isZero();
        assertThat(structure.parts()).isZero();
        assertThat(structure.headerFields()).isEqualTo(2);
        assertThat(structure.exceeds()).isFalse();
    }

    @Test
    void scanShouldCountEachMultipartLevelWhenPartsNest() throws Exception {
        MimeStructure structure = scan(NestedMime.message(7), DEFAULT);

        assertThat(structure.depth()).isEqualTo(7);
        assertThat(structure.parts()).isEqualTo(7);
        assertThat(structure.exceeds()).isFalse();
    }

    @Test
    void scanShouldCountAnAttachedMessageAsALevelWhenItIsMessageRfc822() throws Exception {
        String message = "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + NestedMime.message(2) + "\r\n--o--\r\n";

        MimeStructure structure = scan(message, DEFAULT);

        assertThat(structure.depth()).isEqualTo(4);
    }

    @Test
    void scanShouldAcceptTheLimitItselfWhenDepthEqualsMaxDepth() throws Exception {
        assertThat(scan(NestedMime.message(25), DEFAULT).exceeds()).isFalse();
    }

    @Test
    void scanShouldStopWithTheReasonWhenNestingIsOneDeeperThanTheLimit() throws Exception {
        MimeStructure structure = scan(NestedMime.message(26), DEFAULT);

        assertThat(structure.violation()).contains("MIME parts nested deeper than 25 levels");
    }

    @Test
    void scanShouldStopEarlyWithoutOverflowingWhenNestingIsThousandsDeep() throws Exception {
        String deep = NestedMime.message(50_000);

        assertThat(scan(deep, DEFAULT).depth()).isEqualTo(26);
        assertThat(scan(deep, new MimeStructure.Limits(1000, 100_000, 1000)).violation())
            .contains("MIME parts nested deeper than 1000 levels");
    }

    @Test
    void scanShouldRefuseWhenThereAreMorePartsThanTheLimit() throws Exception {
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n");
        for (int i = 0; i < 11; i++) {
            message.append("--x\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        message.append("--x--\r\n");

        MimeStructure structure = scan(message.toString(), new MimeStructure.Limits(25, 10, 1000));

        assertThat(structure.violation()).contains("more than 10 MIME parts");
    }

    @Test
    void scanShouldRefuseWhenOneHeaderSectionHasTooManyFields() throws Exception {
        String message = "X-Spam: 1\r\n".repeat(1001) + "\r\nbody\r\n";

        assertThat(scan(message, DEFAULT).violation()).contains("more than 1000 header fields in one header section");
    }

    @Test
    void scanShouldNotFailWhenTheMimeIsBroken() throws Exception {
        String message = "Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\nno boundary at all\r\n\u00ff\u00fe junk"; // bytes 0xFF 0xFE

        MimeStructure structure = scan(message, DEFAULT);

        assertThat(structure.exceeds()).isFalse();
    }

    @Test
    void limitsShouldRefuseNonPositiveBounds() {
        assertThatThrownBy(() -> new MimeStructure.Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> new MimeStructure.Limits(1001, 1, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("maxDepth must be between 1 and 1000, got 1001");
        assertThatThrownBy(() -> new MimeStructure.Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxParts");
        assertThatThrownBy(() -> new MimeStructure.Limits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxHeaderFields");
    }
}
