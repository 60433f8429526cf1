package org.gatehouse.content;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.io.TikaInputStream;

/**
 * Small structural looks into formats where encryption or macros show in the container before any parser runs:
 * RAR headers, the OpenDocument manifest, the VBA storage of OLE2 documents, iWork's encrypted zip methods.
 */
final class FormatProbes {
    /** The zip "compression methods" iWork '09 writes for entries encrypted with the document password. */
    static final Set<Integer> IWORK_ENCRYPTED_METHODS = Set.of(0x636B, 0x636C);
    /** Storages that hold a VBA project: Word 97-2003 ({@code Macros}), Excel 97-2003 ({@code _VBA_PROJECT_CUR}). */
    private static final Set<String> VBA_STORAGES = Set.of("Macros", "_VBA_PROJECT_CUR");
    private static final byte[] RAR4 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00};
    private static final byte[] RAR5 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00};
    private static final int MAX_RAR_BLOCKS = 10_000;
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    private FormatProbes() {
    }

    /** Whether a RAR archive has encrypted headers or an encrypted file (RAR 4 and RAR 5 block headers). */
    static boolean rarEncrypted(InputStream content) throws IOException {
        DataInputStream in = new DataInputStream(content);
        byte[] signature = new byte[8];
        in.readFully(signature, 0, 7);
        if (startsWith(signature, RAR4)) {
            return rar4Encrypted(in);
        }
        signature[7] = (byte) in.read();
        return startsWith(signature, RAR5) && rar5Encrypted(in);
    }

    private static boolean rar4Encrypted(DataInputStream in) throws IOException {
        try {
            for (int block = 0; block < MAX_RAR_BLOCKS; block++) {
                in.readUnsignedShort(); // header CRC
                int type = in.readUnsignedByte();
                int flags = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                int headerSize = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                if (headerSize < 7) {
                    return false;
                }
                long dataSize = 0;
                int read = 7;
                if (type == 0x73 && (flags & 0x0080) != 0) {
                    return true; // MHD_PASSWORD: every header after this one is encrypted
                }
                if (type == 0x74 && (flags & 0x0004) != 0) {
                    return true; // LHD_PASSWORD: this file's data is encrypted
                }
                if (type == 0x74 || (flags & 0x8000) != 0) {
                    dataSize = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                    read += 4;
                }
                if (type == 0x7B) {
                    return false; // end of archive
                }
                in.skipNBytes(headerSize - read + dataSize);
            }
        } catch (EOFException end) {
            return false;
        }
        return false;
    }

    private static boolean rar5Encrypted(DataInputStream in) throws IOException {
        try {
            for (int block = 0; block < MAX_RAR_BLOCKS; block++) {
                in.readInt(); // header CRC32
                long headerSize = vint(in);
                byte[] header = new byte[(int) Math.min(headerSize, 1 << 16)];
                in.readFully(header);
                in.skipNBytes(headerSize - header.length);
                int[] position = {0};
                long type = vint(header, position);
                long flags = vint(header, position);
                long extraSize = (flags & 0x01) != 0 ? vint(header, position) : 0;
                long dataSize = (flags & 0x02) != 0 ? vint(header, position) : 0;
                if (type == 4) {
                    return true; // archive encryption header: the headers that follow are encrypted
                }
                if (type == 2 && extraSize > 0 && fileRecordEncrypted(header, (int) (header.length - extraSize))) {
                    return true;
                }
                if (type == 5) {
                    return false; // end of archive
                }
                in.skipNBytes(dataSize);
            }
        } catch (EOFException | ArrayIndexOutOfBoundsException end) {
            return false;
        }
        return false;
    }

    private static boolean fileRecordEncrypted(byte[] header, int extraStart) {
        int[] position = {Math.max(0, extraStart)};
        while (position[0] < header.length) {
            long recordSize = vint(header, position);
            int next = position[0] + (int) recordSize;
            if (vint(header, position) == 0x01) {
                return true; // file encryption record
            }
            position[0] = next;
        }
        return false;
    }

    private static long vint(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("RAR variable-length integer too long");
    }

    private static long vint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = bytes[position[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return value;
    }

    /** Whether an OpenDocument package's manifest describes encrypted entries. */
    static boolean odfEncrypted(SeekableByteChannel content) throws IOException {
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(content).get()) {
            ZipArchiveEntry manifest = zip.getEntry("META-INF/manifest.xml");
            if (manifest == null || !zip.canReadEntryData(manifest)) {
                return false;
            }
            try (InputStream in = zip.getInputStream(manifest)) {
                String text = new String(in.readNBytes(MAX_MANIFEST_BYTES), StandardCharsets.UTF_8);
                return text.contains("encryption-data");
            }
        }
    }

    /** Whether an OLE2 Word or Excel document holds a VBA project. */
    static boolean oleHasMacros(TikaInputStream content) throws IOException {
        try (POIFSFileSystem ole = new POIFSFileSystem(content.getFile(), true)) {
            DirectoryNode root = ole.getRoot();
            return VBA_STORAGES.stream().anyMatch(root::hasEntry);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
