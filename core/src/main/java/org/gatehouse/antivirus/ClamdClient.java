package org.gatehouse.antivirus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * A client for one clamd over TCP or a unix socket, one command per connection with clamd's NUL-terminated
 * {@code z} commands: {@code zINSTREAM} (the content in 4-byte big-endian length-prefixed chunks, a zero-length chunk
 * ends it), {@code zPING} and {@code zVERSION}. It never throws and never waits longer than its timeout: a watchdog
 * closes the channel when the time is over, so a clamd that stops reading or answering cannot hold the caller. Every
 * exchange updates the {@link #health()} a health check shows.
 */
public final class ClamdClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClamdClient.class);
    static final int CHUNK_SIZE = 64 * 1024;
    static final int MAX_REPLY = 1024;
    static final int MAX_SIGNATURE = 128;
    private static final byte[] INSTREAM = command("zINSTREAM");
    private static final byte[] PING = command("zPING");
    private static final byte[] VERSION = command("zVERSION");
    private static final String SIZE_LIMIT_EXCEEDED = "INSTREAM size limit exceeded. ERROR";
    /** What clamd puts between {@code stream: } and {@code FOUND}: printable, without spaces. */
    private static final Pattern SIGNATURE_NAME = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern SIGNATURE_UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7e]");
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final ClamdSettings settings;
    private final Clock clock;
    private final AtomicReference<ScannerHealth> health;

    public ClamdClient(ClamdSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public ClamdClient(ClamdSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.health = new AtomicReference<>(ScannerHealth.unknown(settings.address()));
    }

    public ClamdAddress address() {
        return settings.address();
    }

    /** Scans the content with {@code zINSTREAM}, within the client's timeout. */
    public ScanResult scan(byte[] content) {
        return scan(content, settings.timeout());
    }

    /** Scans the content with {@code zINSTREAM}, within the smaller of the client's timeout and {@code limit}. */
    public ScanResult scan(byte[] content, Duration limit) {
        ScanResult result = instream(content, limit);
        if (result.status() == ScanResult.Status.ERROR) {
            health.updateAndGet(current -> current.down(clock.instant(), result.reason()));
        } else {
            health.updateAndGet(current -> current.up(clock.instant()));
        }
        return result;
    }

    private ScanResult instream(byte[] content, Duration limit) {
        try {
            return scanResult(exchange(INSTREAM, content, limit), content.length);
        } catch (ClamdFailure failure) {
            return ScanResult.error(failure.getMessage());
        } catch (RuntimeException e) {
            LOGGER.warn("{} could not be asked", describe(), e);
            return ScanResult.error(describe() + " could not be asked (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code zPING} and {@code zVERSION}: the clamd's state now, also kept as {@link #health()}. */
    public ScannerHealth probe() {
        try {
            String pong = exchange(PING, null, settings.timeout());
            if (!pong.equals("PONG")) {
                throw new ClamdFailure(describe() + " did not answer PING with PONG");
            }
            String version = exchange(VERSION, null, settings.timeout());
            if (version.isEmpty()) {
                throw new ClamdFailure(describe() + " answered VERSION with nothing");
            }
            return health.updateAndGet(current -> current.up(clock.instant(), printable(version)));
        } catch (ClamdFailure failure) {
            return health.updateAndGet(current -> current.down(clock.instant(), failure.getMessage()));
        } catch (RuntimeException e) {
            LOGGER.warn("{} could not be probed", describe(), e);
            return health.updateAndGet(current -> current.down(clock.instant(),
                describe() + " could not be asked (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** The state the last exchange left, without asking clamd. */
    public ScannerHealth health() {
        return health.get();
    }

    /** What clamd calls a limit it hit when {@code AlertExceedsMax} is on (MaxRecursion, MaxFiles, MaxScanSize...). */
    static final String LIMITS_EXCEEDED = "Heuristics.Limits.Exceeded";

    /** Reads an INSTREAM answer; package-private for the parsing tests. */
    ScanResult scanResult(String reply, int bytes) {
        if (reply.equals("stream: OK")) {
            return ScanResult.clean();
        }
        if (reply.startsWith("stream: ") && reply.endsWith(" FOUND") && reply.length() > "stream:  FOUND".length()) {
            String name = reply.substring("stream: ".length(), reply.length() - " FOUND".length()).strip();
            if (name.startsWith(LIMITS_EXCEEDED)) {
                // AlertExceedsMax: clamd stopped at one of its limits; what lies beyond was not scanned
                return ScanResult.incomplete(describe() + " stopped at its limit " + signature(name));
            }
            if (SIGNATURE_NAME.matcher(name).matches()) {
                return ScanResult.infected(signature(name));
            }
        }
        if (reply.equals(SIZE_LIMIT_EXCEEDED)) {
            return ScanResult.tooLarge(bytes + " bytes are over the stream limit (StreamMaxLength) of " + describe());
        }
        if (reply.endsWith(" ERROR")) {
            LOGGER.warn("{} answered an error: {}", describe(), printable(reply));
            return ScanResult.error(describe() + " answered an error");
        }
        LOGGER.warn("{} answered something unreadable: {}", describe(), printable(reply));
        return ScanResult.error(describe() + " answered something unreadable");
    }

    /** A signature name safe for headers, logs and reasons: {@code A-Za-z0-9._-}, at most 128 characters. */
    static String signature(String name) {
        String safe = SIGNATURE_UNSAFE.matcher(name).replaceAll("_");
        return safe.length() > MAX_SIGNATURE ? safe.substring(0, MAX_SIGNATURE) : safe;
    }

    private static String printable(String text) {
        String safe = NOT_PRINTABLE.matcher(text).replaceAll("?");
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }

    /** One connection: the command, the streamed content when given, and clamd's answer up to its NUL. */
    private String exchange(byte[] command, byte[] content, Duration limit) throws ClamdFailure {
        long totalMillis = Math.min(settings.timeout().toMillis(), limit.toMillis());
        if (totalMillis <= 0) {
            throw new ClamdFailure(describe() + " was not asked: no time was left");
        }
        long connectMillis = Math.min(settings.connectTimeout().toMillis(), totalMillis);
        long start = System.nanoTime();
        SocketChannel channel;
        try {
            channel = settings.address().open();
        } catch (IOException e) {
            throw new ClamdFailure(describe() + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        }
        Watchdog watchdog = new Watchdog(channel);
        try {
            watchdog.arm(connectMillis);
            try {
                channel.connect(settings.address().socketAddress());
            } catch (IOException | UnresolvedAddressException e) {
                throw watchdog.expired() ? new ClamdFailure(describe() + " did not accept the connection within " + connectMillis + " ms")
                    : new ClamdFailure(unreachable(e));
            }
            if (!watchdog.disarm()) {
                throw new ClamdFailure(describe() + " did not accept the connection within " + connectMillis + " ms");
            }
            long leftMillis = totalMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (leftMillis <= 0) {
                throw timeout(totalMillis);
            }
            watchdog.arm(leftMillis);
            IOException sendFailure = null;
            try {
                writeFully(channel, ByteBuffer.wrap(command));
                if (content != null) {
                    stream(channel, content);
                }
            } catch (IOException e) {
                if (watchdog.expired()) {
                    throw timeout(totalMillis);
                }
                // clamd answers and closes before reading everything when the stream is over its limit: read that answer
                sendFailure = e;
            }
            try {
                return readReply(channel).orElseThrow(() -> new ClamdFailure(describe() + " closed the connection without an answer"));
            } catch (IOException e) {
                if (watchdog.expired()) {
                    throw timeout(totalMillis);
                }
                throw new ClamdFailure(describe() + (sendFailure == null ? " broke the connection before answering"
                    : " broke the connection while the content was sent"));
            }
        } finally {
            watchdog.disarm();
            closeQuietly(channel);
        }
    }

    private ClamdFailure timeout(long millis) {
        return new ClamdFailure(describe() + " did not answer within " + millis + " ms");
    }

    private String unreachable(Exception e) {
        if (e instanceof UnresolvedAddressException) {
            return describe() + " cannot be reached: its host name does not resolve";
        }
        if (e instanceof ConnectException || e instanceof SocketException) {
            return describe() + " refused the connection or cannot be reached";
        }
        return describe() + " cannot be reached (" + e.getClass().getSimpleName() + ")";
    }

    private static void stream(SocketChannel channel, byte[] content) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4);
        for (int offset = 0; offset < content.length; offset += CHUNK_SIZE) {
            int size = Math.min(CHUNK_SIZE, content.length - offset);
            length.clear();
            length.putInt(size).flip();
            writeFully(channel, length, ByteBuffer.wrap(content, offset, size));
        }
        length.clear();
        length.putInt(0).flip();
        writeFully(channel, length);
    }

    private static void writeFully(SocketChannel channel, ByteBuffer... buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            channel.write(buffers);
        }
    }

    /** The answer up to its terminating NUL (or the end of the stream); empty when clamd closed without a byte. */
    private Optional<String> readReply(SocketChannel channel) throws IOException, ClamdFailure {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_REPLY);
        int scanned = 0;
        while (true) {
            int read = channel.read(buffer);
            for (; scanned < buffer.position(); scanned++) {
                if (buffer.get(scanned) == 0) {
                    return Optional.of(new String(buffer.array(), 0, scanned, StandardCharsets.US_ASCII));
                }
            }
            if (read < 0) {
                return scanned == 0 ? Optional.empty()
                    : Optional.of(new String(buffer.array(), 0, scanned, StandardCharsets.US_ASCII).strip());
            }
            if (!buffer.hasRemaining()) {
                throw new ClamdFailure(describe() + " answered more than " + MAX_REPLY + " bytes");
            }
        }
    }

    private String describe() {
        return "clamd at " + settings.address();
    }

    private static byte[] command(String name) {
        return (name + '\0').getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the exchange is over or being abandoned anyway
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            new ThreadFactoryBuilder().setNameFormat("clamd-deadline-%d").setDaemon(true).build());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Closes the channel when a phase of the exchange takes too long; blocked reads and writes then fail at once. */
    private static final class Watchdog {
        private final SocketChannel channel;
        private final AtomicBoolean expired = new AtomicBoolean();
        private ScheduledFuture<?> pending;

        Watchdog(SocketChannel channel) {
            this.channel = channel;
        }

        void arm(long millis) {
            pending = WATCHDOG.schedule(() -> {
                expired.set(true);
                closeQuietly(channel);
            }, millis, TimeUnit.MILLISECONDS);
        }

        /** False when the deadline had already passed. */
        boolean disarm() {
            if (pending == null) {
                return !expired.get();
            }
            boolean cancelled = pending.cancel(false);
            pending = null;
            return cancelled && !expired.get();
        }

        boolean expired() {
            return expired.get();
        }
    }

    /** A failed exchange, with the reason in Gatehouse's words. */
    private static final class ClamdFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ClamdFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
