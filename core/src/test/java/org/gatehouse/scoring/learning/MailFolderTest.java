package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailFolderTest {
    @TempDir
    Path directory;

    private static List<String> read(MailFolder folder) throws IOException {
        List<String> messages = new ArrayList<>();
        folder.forEach((name, raw) -> messages.add(new String(raw, StandardCharsets.UTF_8)));
        return messages;
    }

    @Test
    void forEachShouldSplitAnMboxAtFromLinesAndUndoTheQuoting() throws Exception {
        Path mbox = Files.writeString(directory.resolve("box"), "From a@example.com Mon Nov 23 10:00:00 2026\n"
            + "Subject: one\n\nFirst body\n>From here, quoted\n>>From twice\n\n"
            + "From b@example.com Mon Nov 23 10:01:00 2026\n"
            + "Subject: two\n\nSecond body\nFrom a line that follows text is body\n");

        assertThat(read(MailFolder.open(mbox))).containsExactly(
            "Subject: one\n\nFirst body\nFrom here, quoted\n>From twice\n",
            "Subject: two\n\nSecond body\nFrom a line that follows text is body\n");
        assertThat(MailFolder.open(mbox).format()).isEqualTo(MailFolder.Format.MBOX);
    }

    @Test
    void forEachShouldKeepCrLfLineEndingsOfAnMbox() throws Exception {
        Path mbox = Files.writeString(directory.resolve("box"), "From a@example.com Mon Nov 23 10:00:00 2026\r\n"
            + "Subject: one\r\n\r\nbody\r\n\r\nFrom b@example.com Mon Nov 23 10:01:00 2026\r\nSubject: two\r\n\r\nbody\r\n");

        assertThat(read(MailFolder.open(mbox))).containsExactly("Subject: one\r\n\r\nbody\r\n", "Subject: two\r\n\r\nbody\r\n");
    }

    @Test
    void forEachShouldPassOverAMessageAboveTheLimitWithAnEmptyBody() throws Exception {
        Path mbox = directory.resolve("box");
        Files.writeString(mbox, "From a@example.com Mon Nov 23 10:00:00 2026\nSubject: big\n\n"
            + ("x".repeat(999) + "\n").repeat(MailFolder.MAX_MESSAGE_BYTES / 1000 + 1)
            + "\nFrom b@example.com Mon Nov 23 10:01:00 2026\nSubject: small\n\nbody\n");

        assertThat(read(MailFolder.open(mbox))).containsExactly("", "Subject: small\n\nbody\n");
    }

    @Test
    void openShouldRefuseAFileThatDoesNotStartWithAFromLine() throws Exception {
        Path notMbox = Files.writeString(directory.resolve("message.eml"), "Subject: one\n\nbody\n");

        assertThatThrownBy(() -> read(MailFolder.open(notMbox))).isInstanceOf(IOException.class).hasMessageContaining("not an mbox");
    }

    @Test
    void forEachShouldReadCurThenNewOfAMaildirAndLeaveTmpOut() throws Exception {
        Path maildir = directory.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Files.writeString(maildir.resolve("new/2.host"), "Subject: new\n\nb\n");
        Files.writeString(maildir.resolve("cur/1.host:2,S"), "Subject: cur\n\nb\n");
        Files.writeString(maildir.resolve("cur/.hidden"), "Subject: hidden\n\nb\n");
        Files.writeString(maildir.resolve("tmp/3.host"), "Subject: tmp\n\nb\n");

        MailFolder folder = MailFolder.open(maildir);

        assertThat(folder.format()).isEqualTo(MailFolder.Format.MAILDIR);
        assertThat(read(folder)).containsExactly("Subject: cur\n\nb\n", "Subject: new\n\nb\n");
    }

    @Test
    void openShouldRefuseARelativePathAMissingFileAndADirectoryThatIsNoMaildir() throws Exception {
        Files.createDirectories(directory.resolve("plain"));

        assertThatThrownBy(() -> MailFolder.open(Path.of("relative/box"))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> MailFolder.open(directory.resolve("missing"))).hasMessageContaining("neither");
        assertThatThrownBy(() -> MailFolder.open(directory.resolve("plain"))).hasMessageContaining("not a Maildir");
    }

    @Test
    void forEachShouldStopWhenTheVisitorSaysSo() throws Exception {
        Path mbox = Files.writeString(directory.resolve("box"), "From a@x Mon Nov 23 10:00:00 2026\nSubject: one\n\nb\n\n"
            + "From b@x Mon Nov 23 10:01:00 2026\nSubject: two\n\nb\n");
        List<String> names = new ArrayList<>();

        MailFolder.open(mbox).forEach((name, raw) -> names.add(name) && false);

        assertThat(names).containsExactly("#1");
    }
}
