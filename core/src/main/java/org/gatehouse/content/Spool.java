package org.gatehouse.content;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.tika.io.TikaInputStream;

/**
 * The bytes of one part or entry, held so they can be read several times (type detection, unpacking, text): in memory
 * up to {@link #MEMORY_BYTES}, in a temporary file beyond, deleted on {@link #close()}. Never larger than what its
 * writer let through, so memory stays bounded whatever the content claims.
 */
final class Spool implements Closeable {
    static final int MEMORY_BYTES = 1 << 20;

    private byte[] memory = new byte[8192];
    private int used;
    private Path file;
    private OutputStream fileOut;
    private long size;

    long size() {
        return size;
    }

    void write(byte[] buffer, int offset, int length) throws IOException {
        if (file == null && used + length <= MEMORY_BYTES) {
            if (used + length > memory.length) {
                memory = Arrays.copyOf(memory, Math.min(MEMORY_BYTES, Math.max(memory.length * 2, used + length)));
            }
            System.arraycopy(buffer, offset, memory, used, length);
            used += length;
        } else {
            if (file == null) {
                file = Files.createTempFile("gatehouse-content-", ".part");
                fileOut = Files.newOutputStream(file, StandardOpenOption.WRITE);
                fileOut.write(memory, 0, used);
                memory = null;
            }
            fileOut.write(buffer, offset, length);
        }
        size += length;
    }

    /** Ends writing; reading methods may be called from now on. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        }
    }

    InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(memory, 0, used) : Files.newInputStream(file);
    }

    SeekableByteChannel channel() throws IOException {
        return file == null ? new SeekableInMemoryByteChannel(Arrays.copyOf(memory, used)) : Files.newByteChannel(file);
    }

    TikaInputStream tika() throws IOException {
        return file == null ? TikaInputStream.get(Arrays.copyOf(memory, used)) : TikaInputStream.get(file);
    }

    /** Up to {@code length} bytes from the start. */
    byte[] head(int length) throws IOException {
        if (file == null) {
            return Arrays.copyOf(memory, Math.min(used, length));
        }
        try (InputStream in = open()) {
            return in.readNBytes(length);
        }
    }

    @Override
    public void close() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException leftBehind) {
            // the temporary directory's own cleaning removes it
        }
        memory = null;
        file = null;
        fileOut = null;
    }
}
