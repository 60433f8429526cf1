package org.gatehouse.dns;

import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous DNS for the sender checks, so that all lookups of a message run concurrently. Implementations
 * never complete exceptionally: failures are {@link DnsAnswer.Status#TEMPORARY_ERROR} answers.
 */
public interface DnsLookup {
    CompletableFuture<DnsAnswer> query(String name, RecordType type);
}
