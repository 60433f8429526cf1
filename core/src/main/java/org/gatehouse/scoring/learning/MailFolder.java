package org.gatehouse.scoring.learning;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The messages of a mail folder on disk, one at a time: an mbox file (messages after {@code From_} lines, mboxrd
 * {@code >From} quoting undone) or a Maildir directory (the files of {@code cur/} and {@code new/}, in name order;
 * {@code tmp/} holds mail still being written and is left out). Used to train the operator's model from folders people
 * sorted. A message above {@link #MAX_MESSAGE_BYTES} is passed over, never half read.
 */
public final class MailFolder {
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final byte[] FROM_LINE = "From ".getBytes(StandardCharsets.US_ASCII);

    /** How the folder is laid out. */
    public enum Format {
        MBOX, MAILDIR;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What is done with each message. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param name where the message is, for logs: the Maildir file name, or {@code #n} (from 1) in an mbox
         * @param raw the message; empty when it was too large to be read
         * @return false to stop reading (the task was cancelled)
         */
        boolean message(String name, byte[] raw);
    }

    private final Path path;
    private final Format format;

    private MailFolder(Path path, Format format) {
        this.path = path;
        this.format = format;
    }

    /**
     * @param path an mbox file, or a Maildir directory (one with {@code cur/} or {@code new/})
     * @throws IllegalArgumentException when the path is not absolute, does not exist, or is a directory but not a Maildir
     */
    public static MailFolder open(Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute path on the server; got '" + path + "'");
        }
        if (Files.isDirectory(path)) {
            if (!Files.isDirectory(path.resolve("cur")) && !Files.isDirectory(path.resolve("new"))) {
                throw new IllegalArgumentException("'" + path + "' is a directory without cur/ or new/: not a Maildir");
            }
            return new MailFolder(path, Format.MAILDIR);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("'" + path + "' is neither a readable mbox file nor a Maildir directory");
        }
        return new MailFolder(path, Format.MBOX);
    }

    public Path path() {
        return path;
    }

    public Format format() {
        return format;
    }

    /** Reads every message in order, until the visitor says stop. */
    public void forEach(Visitor visitor) throws IOException {
        if (format == Format.MAILDIR) {
            readMaildir(visitor);
        } else {
            readMbox(visitor);
        }
    }

    private void readMaildir(Visitor visitor) throws IOException {
        for (String sub : List.of("cur", "new")) {
            Path directory = path.resolve(sub);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path file : files) {
                byte[] raw = Files.size(file) > MAX_MESSAGE_BYTES ? new byte[0] : Files.readAllBytes(file);
                if (!visitor.message(sub + "/" + file.getFileName(), raw)) {
                    return;
                }
            }
        }
    }

    /**
     * A message starts at a line beginning {@code From } that opens the file or follows an empty line (the blank line
     * before it belongs to the separator); inside a message, {@code >From }, {@code >>From }... lose one {@code >}.
     */
    private void readMbox(Visitor visitor) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024)) {
            byte[] line = readLine(in);
            if (line == null) {
                return;
            }
            if (!startsWith(line, 0, FROM_LINE)) {
                throw new IOException("'" + path + "' is not an mbox file: its first line is not a 'From ' line");
            }
            MboxMessage message = new MboxMessage();
            int number = 1;
            boolean previousBlank = false;
            while ((line = readLine(in)) != null) {
                if (previousBlank && startsWith(line, 0, FROM_LINE)) {
                    if (!visitor.message("#" + number, message.bytes())) {
                        return;
                    }
                    number++;
                    message = new MboxMessage();
                    previousBlank = false;
                    continue;
                }
                previousBlank = isBlank(line);
                message.add(unquote(line));
            }
            visitor.message("#" + number, message.bytes());
        }
    }

    /** One mbox message as read so far; the last line, if blank, is held back: it may be the separator's. */
    private static final class MboxMessage {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<byte[]> pending = new ArrayList<>();
        private boolean tooLarge;

        void add(byte[] line) {
            pending.forEach(this::write);
            pending.clear();
            if (isBlank(line)) {
                pending.add(line);
            } else {
                write(line);
            }
        }

        private void write(byte[] line) {
            if (tooLarge || out.size() + line.length > MAX_MESSAGE_BYTES) {
                tooLarge = true;
                return;
            }
            out.write(line, 0, line.length);
        }

        byte[] bytes() {
            return tooLarge ? new byte[0] : out.toByteArray();
        }
    }

    private static byte[] unquote(byte[] line) {
        int quotes = 0;
        while (quotes < line.length && line[quotes] == '>') {
            quotes++;
        }
        return quotes > 0 && startsWith(line, quotes, FROM_LINE) ? Arrays.copyOfRange(line, 1, line.length) : line;
    }

    private static boolean isBlank(byte[] line) {
        return line.length == 0 || (line.length == 1 && line[0] == '\n') || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
    }

    private static boolean startsWith(byte[] line, int offset, byte[] prefix) {
        if (line.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** One line with its line ending; null at the end of the file. A line longer than a message is cut there. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n' || line.size() > MAX_MESSAGE_BYTES) {
                break;
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toByteArray();
    }
}
