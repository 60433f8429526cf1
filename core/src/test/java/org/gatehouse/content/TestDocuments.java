package org.gatehouse.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/** Hand-made documents whose structure matters to a test: OLE2 with a VBA storage, zip with an odd method, CMS. */
final class TestDocuments {
    private TestDocuments() {
    }

    /** An OLE2 file that Tika types as Word (it has a WordDocument stream), with or without a VBA project storage. */
    static byte[] wordOle2(boolean withMacros) throws IOException {
        try (POIFSFileSystem ole = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ole.createDocument(new ByteArrayInputStream(new byte[4096]), "WordDocument");
            if (withMacros) {
                DirectoryEntry macros = ole.getRoot().createDirectory("Macros");
                macros.createDirectory("VBA").createDocument("dir", new ByteArrayInputStream(new byte[64]));
            }
            ole.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** A one-entry zip whose entry claims a compression method number (the data is stored). */
    static byte[] zipWithMethod(String name, int method, byte[] data) {
        byte[] fileName = name.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer out = ByteBuffer.allocate(30 + fileName.length + data.length + 46 + fileName.length + 22).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) method).putInt(0)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) fileName.length).putShort((short) 0).put(fileName).put(data);
        int centralStart = out.position();
        out.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) method).putInt(0)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) fileName.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt(0).put(fileName);
        int centralSize = out.position() - centralStart;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(centralSize).putInt(centralStart).putShort((short) 0);
        return out.array();
    }

    /** The DER opening of a CMS ContentInfo of the given type (indefinite lengths), as an S/MIME part starts. */
    static byte[] cms(byte lastOidByte) {
        byte[] start = {0x30, (byte) 0x80, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07,
                lastOidByte, (byte) 0xA0, (byte) 0x80, 0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x31, (byte) 0x80};
        byte[] content = new byte[start.length + 200];
        System.arraycopy(start, 0, content, 0, start.length);
        return content;
    }

    static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
