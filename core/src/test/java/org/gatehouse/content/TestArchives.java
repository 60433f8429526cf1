package org.gatehouse.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds archives and messages in memory for the tests: harmless content, any nesting. */
final class TestArchives {
    private TestArchives() {
    }

    static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] zeros(int length) {
        return new byte[length];
    }

    /** Entries in order; a name ending in '/' is a directory. */
    static Map<String, byte[]> entries(Object... namesAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put((String) namesAndContents[i], (byte[]) namesAndContents[i + 1]);
        }
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return zip(entries, false);
    }

    static byte[] zip(Map<String, byte[]> entries, boolean stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(entry.getValue());
                    zipEntry.setMethod(ZipArchiveEntry.STORED);
                    zipEntry.setSize(entry.getValue().length);
                    zipEntry.setCrc(crc.getValue());
                }
                zip.putArchiveEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An xz stream whose header asks the decoder for a dictionary of the given size (cheap to encode: preset 0). */
    static byte[] xz(byte[] content, int dictionaryBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            LZMA2Options options = new LZMA2Options(0);
            options.setDictSize(dictionaryBytes);
            try (XZOutputStream xz = new XZOutputStream(out, options)) {
                xz.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] sevenZ(Map<String, byte[]> entries) {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (SevenZOutputFile sevenZ = new SevenZOutputFile(channel)) {
            // LZMA2 with a 1 MiB dictionary: the default 8 MiB one makes the encoder take about 90 MB, more than the
            // small-heap test run has (it ran out of memory in CI)
            sevenZ.setContentMethods(List.of(new SevenZMethodConfiguration(SevenZMethod.LZMA2, 1 << 20)));
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                SevenZArchiveEntry sevenZEntry = new SevenZArchiveEntry();
                sevenZEntry.setName(entry.getKey());
                sevenZEntry.setSize(entry.getValue().length);
                sevenZ.putArchiveEntry(sevenZEntry);
                sevenZ.write(entry.getValue());
                sevenZ.closeArchiveEntry();
            }
            sevenZ.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Arrays.copyOf(channel.array(), (int) channel.size());
    }

    /** A test resource from the Tika corpus copy. */
    static byte[] corpus(String path) {
        try (InputStream in = TestArchives.class.getResourceAsStream("/corpora/tika-test-documents/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file names of one category of the corpus, from its MANIFEST.tsv. */
    static java.util.List<String> corpusManifest(String category) {
        String manifest = new String(corpus("MANIFEST.tsv"), StandardCharsets.UTF_8);
        return manifest.lines().skip(1).map(line -> line.split("\t")).filter(columns -> columns[0].equals(category))
                .map(columns -> columns[1]).toList();
    }

    /** A MIME message, CRLF line ends; attachments are base64 parts with a file name. */
    static final class Message {
        private final StringBuilder parts = new StringBuilder();
        private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();
        private final String boundary = "=-gatehouse-test-boundary-" + COUNTER.incrementAndGet();

        Message text(String contentType, String body) {
            parts.append("--").append(boundary).append("\n")
                    .append("Content-Type: ").append(contentType).append("\n\n")
                    .append(body).append("\n");
            return this;
        }

        Message attach(String name, String contentType, byte[] content) {
            parts.append("--").append(boundary).append("\n")
                    .append("Content-Type: ").append(contentType).append("; name=\"").append(name).append("\"\n")
                    .append("Content-Disposition: attachment; filename=\"").append(name).append("\"\n")
                    .append("Content-Transfer-Encoding: base64\n\n")
                    .append(Base64.getMimeEncoder().encodeToString(content)).append("\n");
            return this;
        }

        Message forward(String name, byte[] message) {
            parts.append("--").append(boundary).append("\n")
                    .append("Content-Type: message/rfc822; name=\"").append(name).append("\"\n")
                    .append("Content-Disposition: attachment; filename=\"").append(name).append("\"\n\n")
                    .append(new String(message, StandardCharsets.UTF_8)).append("\n");
            return this;
        }

        byte[] build() {
            String raw = "From: alice@example.com\nTo: bob@example.net\nSubject: test\nMIME-Version: 1.0\n"
                    + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n"
                    + parts + "--" + boundary + "--\n";
            return raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
