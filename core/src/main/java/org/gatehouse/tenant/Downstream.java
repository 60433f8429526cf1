package org.gatehouse.tenant;

import java.util.Objects;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.base.MoreObjects;
import com.google.common.net.InetAddresses;

/** Where a tenant's inbound mail is relayed: its own mail server. */
public final class Downstream {

    public static Downstream of(String host, int port, boolean requireTls) {
        if (host == null || host.isBlank()) {
            throw new InvalidFieldException("downstream.host", "must not be empty");
        }
        if (InetAddresses.isInetAddress(host) && host.contains(":")) {
            // RemoteDelivery reads the MX entry host:port up to its first ':', which an IPv6 literal cannot survive
            throw new InvalidFieldException("downstream.host", "an IPv6 address cannot be routed to; give a host name instead");
        }
        String normalizedHost = InetAddresses.isInetAddress(host) ? host : DomainName.of("downstream.host", host).asString();
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("downstream.port", "must be between 1 and 65535");
        }
        return new Downstream(normalizedHost, port, requireTls);
    }

    private final String host;
    private final int port;
    private final boolean requireTls;

    private Downstream(String host, int port, boolean requireTls) {
        this.host = host;
        this.port = port;
        this.requireTls = requireTls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean requireTls() {
        return requireTls;
    }

    /** The route as RemoteDelivery reads an MX answer: {@code host:port}. */
    public String asMxRecord() {
        return host + ":" + port;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Downstream)) {
            return false;
        }
        Downstream that = (Downstream) o;
        return port == that.port && requireTls == that.requireTls && host.equals(that.host);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(host, port, requireTls);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("host", host).add("port", port).add("requireTls", requireTls).toString();
    }
}
