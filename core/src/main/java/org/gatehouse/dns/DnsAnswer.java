package org.gatehouse.dns;

import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/**
 * The answer to one DNS question. NXDOMAIN and NODATA are answers (empty records); a timeout or SERVFAIL is a
 * temporary error, which checks must report as such (temperror), never read as "no record".
 */
public record DnsAnswer(Status status, ImmutableList<String> records) {
    public enum Status {
        /** Records found. */
        FOUND,
        /** The name exists but has no record of this type. */
        NO_DATA,
        /** The name does not exist. */
        NX_DOMAIN,
        /** Timeout, SERVFAIL, refused, network error, or the message's time budget ran out. */
        TEMPORARY_ERROR
    }

    public DnsAnswer {
        Objects.requireNonNull(status);
        Objects.requireNonNull(records);
    }

    public static DnsAnswer found(List<String> records) {
        return records.isEmpty() ? noData() : new DnsAnswer(Status.FOUND, ImmutableList.copyOf(records));
    }

    public static DnsAnswer noData() {
        return new DnsAnswer(Status.NO_DATA, ImmutableList.of());
    }

    public static DnsAnswer nxDomain() {
        return new DnsAnswer(Status.NX_DOMAIN, ImmutableList.of());
    }

    public static DnsAnswer temporaryError() {
        return new DnsAnswer(Status.TEMPORARY_ERROR, ImmutableList.of());
    }

    public boolean isTemporaryError() {
        return status == Status.TEMPORARY_ERROR;
    }
}
