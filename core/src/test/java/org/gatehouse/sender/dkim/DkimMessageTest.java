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
}
