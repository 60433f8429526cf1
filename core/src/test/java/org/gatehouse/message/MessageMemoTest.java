package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MessageMemoTest {
    private static byte[] message(String headers, String body) {
        return (headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readableTextShouldReadOnceWhenOnlyHeadersWereAdded() {
        MessageMemo memo = new MessageMemo();
        AtomicInteger reads = new AtomicInteger();
        byte[] received = message("Subject: hi\r\nContent-Type: text/plain\r\n", "unique body " + System.nanoTime() + "\r\n");
        byte[] tagged = message("X-Gatehouse-Score: 3\r\nSubject: hi\r\nContent-Type: text/plain\r\n",
            new String(received, StandardCharsets.UTF_8).substring(new String(received, StandardCharsets.UTF_8).indexOf("\r\n\r\n") + 4));

        memo.readableText(received, raw -> "text" + reads.incrementAndGet());
        String second = memo.readableText(tagged, raw -> "text" + reads.incrementAndGet());

        assertThat(second).isEqualTo("text1");
        assertThat(reads).hasValue(1);
    }

    @Test
    void contentKeyShouldDifferWhenTheBodyOrItsTypeChanges() {
        String key = MessageMemo.contentKey(message("Content-Type: text/plain\r\n", "body\r\n"));

        assertThat(MessageMemo.contentKey(message("Content-Type: text/plain\r\n", "body with a disclaimer\r\n"))).isNotEqualTo(key);
        assertThat(MessageMemo.contentKey(message("Content-Type: text/html\r\n", "body\r\n"))).isNotEqualTo(key);
        assertThat(MessageMemo.contentKey(message("Received: from x\r\nContent-Type: text/plain\r\n", "body\r\n"))).isEqualTo(key);
    }

    @Test
    void describingLinesShouldKeepTheContentFieldsWithTheirContinuationsInAnyCase() {
        byte[] raw = ("Received: from x\r\n\tby y\r\nCONTENT-TYPE: multipart/mixed;\r\n\tboundary=\"b\"\r\n"
            + "Subject: content-type: not a field name here\r\ncontent-transfer-encoding:  7bit \n\r\nbody\r\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        String lines = MessageMemo.describingLines(raw, raw.length - "body\r\n".length());

        assertThat(lines).isEqualTo("CONTENT-TYPE: multipart/mixed;\nboundary=\"b\"\ncontent-transfer-encoding:  7bit\n");
    }
}
