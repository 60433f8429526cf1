package org.gatehouse.dns;

/** The record types sender checks ask for. */
public enum RecordType {
    /** IPv4 addresses, as dotted quads. */
    A,
    /** IPv6 addresses, in {@code InetAddresses.toAddrString} form. */
    AAAA,
    /** Exchange host names (no trailing dot), lowest preference first. */
    MX,
    /** Host names (no trailing dot). */
    PTR,
    /** One string per record: its character-strings concatenated (RFC 7208 §3.3). */
    TXT
}
