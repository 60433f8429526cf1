package org.gatehouse.scoring.external;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * A SPAMC/1.5 client for SpamAssassin's spamd: one {@code SYMBOLS} request per connection, as spamc sends it, read
 * back as score, required score and the names of the rules that hit. The whole exchange is bounded by the configured
 * timeout: a watchdog closes the socket when it is over, so even a spamd that stops reading cannot hold the caller.
 */
public final class SpamdClient implements EngineClient {
    private static final Pattern STATUS = Pattern.compile("SPAMD/\\d+\\.\\d+ (\\d+) .*");
    private static final Pattern SPAM = Pattern.compile("(True|False|Yes|No) ; (-?\\d+(?:\\.\\d+)?) / (-?\\d+(?:\\.\\d+)?)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\\d{1,9}");
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 32;
    private static final int MAX_BODY = 64 * 1024;
    /** sysexits.h, the codes spamd answers with. */
    private static final Map<Integer, String> EXIT_CODES = Map.ofEntries(
        Map.entry(64, "EX_USAGE"), Map.entry(65, "EX_DATAERR"), Map.entry(66, "EX_NOINPUT"), Map.entry(67, "EX_NOUSER"),
        Map.entry(68, "EX_NOHOST"), Map.entry(69, "EX_UNAVAILABLE"), Map.entry(70, "EX_SOFTWARE"), Map.entry(71, "EX_OSERR"),
        Map.entry(72, "EX_OSFILE"), Map.entry(73, "EX_CANTCREAT"), Map.entry(74, "EX_IOERR"), Map.entry(75, "EX_TEMPFAIL"),
        Map.entry(76, "EX_PROTOCOL"), Map.entry(77, "EX_NOPERM"), Map.entry(78, "EX_CONFIG"));
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final SpamdSettings settings;

    public SpamdClient(SpamdSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    @Override
    public EngineVerdict check(byte[] raw, ParsedMessage parsed) throws IOException {
        return symbols(raw);
    }

    /** Sends {@code SYMBOLS} and reads the verdict. */
    public EngineVerdict symbols(byte[] message) throws IOException {
        long timeoutMillis = settings.timeout().toMillis();
        try (Socket socket = new Socket()) {
            AtomicBoolean expired = new AtomicBoolean();
            ScheduledFuture<?> deadline = WATCHDOG.schedule(() -> {
                expired.set(true);
                closeQuietly(socket);
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            try {
                socket.connect(new InetSocketAddress(settings.host(), settings.port()),
                    (int) Math.min(settings.connectTimeout().toMillis(), timeoutMillis));
                socket.setSoTimeout((int) timeoutMillis);
                OutputStream out = socket.getOutputStream();
                out.write(request(message.length, settings.user()));
                out.write(message);
                out.flush();
                // spamd reads the message by lines: without a half-close it waits for a last line that has no newline
                socket.shutdownOutput();
                return readReply(new BufferedInputStream(socket.getInputStream()));
            } catch (IOException e) {
                if (expired.get()) {
                    throw new SocketTimeoutException("spamd did not answer within " + timeoutMillis + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static byte[] request(int length, Optional<String> user) {
        StringBuilder request = new StringBuilder("SYMBOLS SPAMC/1.5\r\nContent-length: ").append(length).append("\r\n");
        user.ifPresent(name -> request.append("User: ").append(name).append("\r\n"));
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    static EngineVerdict readReply(InputStream in) throws IOException {
        String status = readLine(in).orElseThrow(() -> new EngineReplyException("spamd closed the connection without an answer"));
        Matcher statusMatch = STATUS.matcher(status);
        if (!statusMatch.matches()) {
            throw new EngineReplyException("spamd answered with an unreadable status line");
        }
        int code = Integer.parseInt(statusMatch.group(1));
        if (code != 0) {
            String name = EXIT_CODES.get(code);
            throw new EngineReplyException("spamd answered " + (name == null ? "status " + code : name + " (" + code + ")"));
        }
        Optional<Matcher> spam = Optional.empty();
        int contentLength = -1;
        for (int count = 0; ; count++) {
            String line = readLine(in).orElseThrow(() -> new EngineReplyException("spamd's answer ended in its headers"));
            if (line.isEmpty()) {
                break;
            }
            if (count == MAX_HEADERS) {
                throw new EngineReplyException("spamd's answer has too many header lines");
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            if (name.equals("spam")) {
                Matcher match = SPAM.matcher(value);
                if (!match.matches()) {
                    throw new EngineReplyException("spamd answered an unreadable Spam header");
                }
                spam = Optional.of(match);
            } else if (name.equals("content-length")) {
                if (!CONTENT_LENGTH.matcher(value).matches()) {
                    throw new EngineReplyException("spamd answered an unreadable Content-length");
                }
                contentLength = Integer.parseInt(value);
            }
        }
        Matcher verdict = spam.orElseThrow(() -> new EngineReplyException("spamd answered without a Spam header"));
        boolean isSpam = verdict.group(1).equalsIgnoreCase("true") || verdict.group(1).equalsIgnoreCase("yes");
        return new EngineVerdict(Double.parseDouble(verdict.group(2)), Double.parseDouble(verdict.group(3)), isSpam ? "spam" : "ham",
            symbols(readBody(in, contentLength)));
    }

    private static List<String> symbols(String body) {
        return Arrays.stream(body.split(",")).map(String::trim).filter(symbol -> !symbol.isEmpty()).toList();
    }

    private static String readBody(InputStream in, int contentLength) throws IOException {
        if (contentLength > MAX_BODY) {
            throw new EngineReplyException("spamd's answer is larger than " + MAX_BODY + " bytes");
        }
        byte[] body = contentLength < 0 ? in.readNBytes(MAX_BODY) : in.readNBytes(contentLength);
        if (contentLength >= 0 && body.length < contentLength) {
            throw new EngineReplyException("spamd's answer is shorter than its Content-length");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }

    /** A CRLF- (or LF-) terminated line of at most {@link #MAX_LINE} bytes; empty at the end of the stream. */
    private static Optional<String> readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? Optional.empty() : Optional.of(line.toString(StandardCharsets.US_ASCII));
            }
            if (line.size() == MAX_LINE) {
                throw new EngineReplyException("spamd answered a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the exchange is being abandoned anyway
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            new ThreadFactoryBuilder().setNameFormat("spamd-deadline-%d").setDaemon(true).build());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
