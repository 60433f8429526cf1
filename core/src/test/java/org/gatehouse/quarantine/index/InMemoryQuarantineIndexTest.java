package org.gatehouse.quarantine.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The index in memory (ByteBuffersDirectory), as tests and dry runs use it. */
class InMemoryQuarantineIndexTest implements QuarantineIndexContract {
    private QuarantineIndex index;

    @BeforeEach
    void open() {
        index = QuarantineIndex.inMemory();
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Override
    public QuarantineIndex index() {
        return index;
    }
}
