package org.gatehouse.sender;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Waits for all of a check's concurrent lookups without blocking a thread. */
public final class Futures {
    private Futures() {
    }

    /** Completes, in the given order, with every future's value once all have completed. */
    public static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
            .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }
}
