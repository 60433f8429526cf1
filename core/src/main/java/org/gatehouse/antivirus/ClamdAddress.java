package org.gatehouse.antivirus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import com.google.common.base.Preconditions;
import com.google.common.net.HostAndPort;

/**
 * Where a clamd listens, as configured: {@code tcp://host:port} (its {@code TCPSocket}; port 3310 when absent) or
 * {@code unix:///path} (its {@code LocalSocket}). {@link #toString()} gives the same form back, for logs and reasons.
 */
public sealed interface ClamdAddress {
    int DEFAULT_PORT = 3310;

    /** Parses {@code tcp://host[:port]} ({@code tcp://[v6]:port}) or {@code unix:///absolute/path}. */
    static ClamdAddress parse(String value) {
        Preconditions.checkArgument(value != null && !value.isBlank(), "a clamd address is required");
        String trimmed = value.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://")) {
            String hostAndPort = trimmed.substring("tcp://".length());
            Preconditions.checkArgument(!hostAndPort.isEmpty() && !hostAndPort.contains("/"),
                "a clamd TCP address is tcp://host:port, got %s", trimmed);
            HostAndPort parsed = HostAndPort.fromString(hostAndPort).withDefaultPort(DEFAULT_PORT);
            return new Tcp(parsed.getHost(), parsed.getPort());
        }
        if (lower.startsWith("unix://")) {
            return new Unix(Path.of(trimmed.substring("unix://".length())));
        }
        throw new IllegalArgumentException("a clamd address starts with tcp:// or unix://, got " + trimmed);
    }

    /** A new blocking channel of the right family, not connected yet. */
    SocketChannel open() throws IOException;

    /** Where {@link #open()}'s channel connects; a TCP host name is resolved here. */
    SocketAddress socketAddress();

    /** clamd's {@code TCPSocket} on a host. */
    record Tcp(String host, int port) implements ClamdAddress {
        public Tcp {
            Preconditions.checkArgument(host != null && !host.isBlank(), "clamd host is required");
            Preconditions.checkArgument(port > 0 && port < 65536, "clamd port must be from 1 to 65535, got %s", port);
        }

        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open();
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "tcp://" + HostAndPort.fromParts(host, port);
        }
    }

    /** clamd's {@code LocalSocket}, a unix domain socket on this machine. */
    record Unix(Path path) implements ClamdAddress {
        public Unix {
            Objects.requireNonNull(path);
            Preconditions.checkArgument(path.isAbsolute(), "a clamd unix socket is unix:///absolute/path, got %s", path);
        }

        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix://" + path;
        }
    }
}
