package org.gatehouse.sender.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.apache.james.jdkim.impl.Message;
import org.junit.jupiter.api.Test;

class DkimMessageTest {
    @Test
    void fieldsAndBodyShouldBeWhatJdkimsMessageReadsWhenParsingTheCorpora() throws Exception {
        List<Path> messages;
        try (Stream<Path> files = Stream.concat(Files.walk(Paths.get("src/test/resources/corpora/spamassassin-public-corpus")),
                Files.walk(Paths.get("src/test/resources/corpora/spamassassin-tdata")))) {
            messages = files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().matches("(?i).*\\.(md|txt)|LICENSE.*"))
                .toList();
        }
        assertThat(messages).hasSizeGreaterThan(200);
        for (Path file : messages) {
            byte[] raw = Files.readAllBytes(file);
            Message jdkim = new Message(new ByteArrayInputStream(raw));
            DkimMessage ours = DkimMessage.parse(new ByteArrayInputStream(raw));

            assertThat(ours.getFields()).as(file.toString()).isEqualTo(jdkim.getFields());
            assertThat(ours.getFields("DKIM-Signature")).as(file.toString()).isEqualTo(jdkim.getFields("DKIM-Signature"));
            assertThat(ours.getBodyInputStream().readAllBytes()).as(file.toString()).isEqualTo(jdkim.getBodyInputStream().readAllBytes());
        }
    }

    @Test
    void fieldsAndBodyShouldBeWhatJdkimsMessageReadsWhenLineBreaksAndTheHeaderEndAreOdd() throws Exception {
        String signature = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from:subject; bh=abc=; b=def=";
        List<String> messages = List.of(
            signature + "\r\nFrom: a@example.com\r\nSubject: plain\r\n\r\nbody\r\nmore\r\n",
            signature + "\nFrom: a@example.com\nSubject: bare LF\n\nbody\n\n\n",
            signature + "\rFrom: a@example.com\rSubject: bare CR\r\rbody\r",
            signature + "\r\nFrom: a@example.com\r\nSubject: no body\r\n",
            signature + "\r\nFrom: a@example.com\r\nSubject: no line break at the end",
            "\r\n" + signature + "\r\nFrom: a@example.com\r\n\r\nbody starts the message\r\n",
            signature + "\r\nFrom: a@example.com\r\n \t \r\nSubject: after blanks\r\n\r\nbody\r\n",
            signature + "\r\nFrom: a@example.com\r\nnot a field\r\nSubject: after junk\r\n\r\nbody\r\n",
            signature + "\r\n\tfolded; x=y\r\nFrom: a@example.com\r\nX-Long: " + "y".repeat(5000) + "\r\n\r\n" + "z".repeat(20000) + "\r\n",
            signature + "\r\nFrom: a@example.com\r\n\r\n\r\n\r\nblank lines first\r\n");
        for (String text : messages) {
            byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            Message jdkim = new Message(new ByteArrayInputStream(raw));
            DkimMessage ours = DkimMessage.parse(new ByteArrayInputStream(raw));

            assertThat(ours.getFields()).as(text).isEqualTo(jdkim.getFields());
            assertThat(ours.getBodyInputStream().readAllBytes()).as(text).isEqualTo(jdkim.getBodyInputStream().readAllBytes());
        }
    }

    @Test
    void crlfShouldMakeTheLineBreaksMimeFourJsConverterMakes() throws Exception {
        List<String> texts = List.of("", "a", "a\r", "a\n", "\r\n", "\n\r", "a\r\r\nb", "a\n\nb\r\rc\r\n", "\r", "\n", "x\r\ny\rz\nw");
        for (String text : texts) {
            byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] expected = new org.apache.james.mime4j.io.EOLConvertingInputStream(new ByteArrayInputStream(raw)).readAllBytes();

            assertThat(DkimMessage.crlf(raw)).as(text.replace("\r", "CR").replace("\n", "LF")).isEqualTo(expected);
        }
    }
}
