package org.gatehouse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The messages of a labelled folder, as the quality and fitting tools read them: every regular file under it (so a
 * folder of one message per file and a Maildir, whose {@code cur/} and {@code new/} hold one message per file, read
 * alike), except that a file starting with an mbox {@code From } line and holding several messages is split into them
 * ({@code >From } quoting undone). A single message keeps its bytes as they are, envelope line included, as the
 * corpus quality tests read it. Hidden files (Maildir's, editors') are skipped. The order is stable: by path, then by position.
 */
final class CorpusFolder {
    private static final byte[] MBOX_SEPARATOR = "From ".getBytes(StandardCharsets.US_ASCII);

    /** One message and where it came from ({@code path} or {@code path#n} for the n-th message of an mbox). */
    record Message(String name, byte[] raw) {
    }

    private CorpusFolder() {
    }

    static List<Message> read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("not a folder: " + folder);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<Message> messages = new ArrayList<>();
        for (Path file : files) {
            byte[] raw = Files.readAllBytes(file);
            String name = folder.relativize(file).toString();
            List<byte[]> split = startsWith(raw, 0, MBOX_SEPARATOR) ? splitMbox(raw) : List.of();
            if (split.size() > 1) {
                for (int i = 0; i < split.size(); i++) {
                    messages.add(new Message(name + "#" + (i + 1), split.get(i)));
                }
            } else {
                messages.add(new Message(name, raw));
            }
        }
        return messages;
    }

    /** mboxrd: a message starts at each line beginning {@code From } after a blank line or at the start of the file. */
    private static List<byte[]> splitMbox(byte[] raw) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream current = null;
        int position = 0;
        boolean previousBlank = true;
        while (position < raw.length) {
            int end = lineEnd(raw, position);
            byte[] line = Arrays.copyOfRange(raw, position, end);
            if (previousBlank && startsWith(raw, position, MBOX_SEPARATOR)) {
                if (current != null) {
                    messages.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
            } else if (current != null) {
                int quoted = 0;
                while (quoted < line.length && line[quoted] == '>') {
                    quoted++;
                }
                boolean unquote = quoted > 0 && startsWith(line, quoted, MBOX_SEPARATOR);
                current.write(line, unquote ? 1 : 0, line.length - (unquote ? 1 : 0));
            }
            previousBlank = line.length == 0 || (line.length == 1 && line[0] == '\n')
                || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
            position = end;
        }
        if (current != null) {
            messages.add(current.toByteArray());
        }
        return messages;
    }

    /** The index just after the line starting at {@code from} (its LF included). */
    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return raw.length;
    }

    private static boolean startsWith(byte[] raw, int at, byte[] prefix) {
        if (raw.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
