package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.content.TestDocuments.bytes;
import static org.gatehouse.content.TestDocuments.concat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

/** Encryption found by structure, for formats the corpus test does not cover or covers only one way. */
class EncryptionDetectionTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();
    private static final String ARMORED = """
            -----BEGIN PGP MESSAGE-----

            hQEMA1uAKAIbqa2zAQf/Y2lwaGVydGV4dCBjaXBoZXJ0ZXh0IGNpcGhlcnRleHQ=
            =abcd
            -----END PGP MESSAGE-----
            """;

    @Test
    void smimeEnvelopedDataShouldBeEncryptedAndSignedDataShouldNot() {
        InspectedPart enveloped = INSPECTOR.inspectFile("smime.p7m", Optional.of("application/pkcs7-mime"),
                TestDocuments.cms((byte) 0x03)).parts().get(0);
        InspectedPart signed = INSPECTOR.inspectFile("smime.p7s", Optional.of("application/pkcs7-signature"),
                TestDocuments.cms((byte) 0x02)).parts().get(0);

        assertThat(enveloped.trueType()).isEqualTo("application/pkcs7-mime");
        assertThat(enveloped.family()).isEqualTo(TypeFamily.ENCRYPTED);
        assertThat(enveloped.encrypted()).isTrue();
        assertThat(signed.encrypted()).isFalse();
    }

    @Test
    void armoredPgpShouldBeEncryptedWhenItIsAPartOfItsOwn() {
        byte[] raw = new TestArchives.Message()
                .text("application/pgp-encrypted", "Version: 1")
                .text("application/octet-stream", ARMORED)
                .build();

        ContentInspection inspection = INSPECTOR.inspectMessage(raw);

        assertThat(inspection.encryptedParts()).extracting(InspectedPart::path).containsExactly("(part 2)");
        assertThat(inspection.encryptedParts().get(0).trueType()).isEqualTo("application/pgp-encrypted");
        assertThat(inspection.findings()).extracting(Finding::ruleId).containsExactly("CONTENT_ENCRYPTED");
    }

    @Test
    void inlinePgpShouldMakeTheTextPartEncrypted() {
        byte[] raw = new TestArchives.Message().text("text/plain", "Hi Bob, here it is:\n\n" + ARMORED).build();

        assertThat(INSPECTOR.inspectMessage(raw).encryptedParts()).extracting(InspectedPart::path).containsExactly("(part 1)");
    }

    @Test
    void rar4ShouldBeEncryptedWhenAFileHeaderHasThePasswordFlag() throws IOException {
        byte[] signature = bytes('R', 'a', 'r', '!', 0x1A, 0x07, 0x00);
        byte[] mainHeader = bytes(0, 0, 0x73, 0x00, 0x00, 13, 0, 0, 0, 0, 0, 0, 0);
        byte[] fileHeader = concat(bytes(0, 0, 0x74, 0x04 | 0x00, 0x80, 36, 0), bytes(3, 0, 0, 0), new byte[25]);
        byte[] plainFileHeader = concat(bytes(0, 0, 0x74, 0x00, 0x80, 36, 0), bytes(3, 0, 0, 0), new byte[25]);
        byte[] data = bytes(1, 2, 3);

        assertThat(FormatProbes.rarEncrypted(new ByteArrayInputStream(concat(signature, mainHeader, plainFileHeader, data, fileHeader, data))))
                .isTrue();
        assertThat(FormatProbes.rarEncrypted(new ByteArrayInputStream(concat(signature, mainHeader, plainFileHeader, data)))).isFalse();
    }

    @Test
    void rar5ShouldBeEncryptedWhenTheArchiveHasAnEncryptionHeaderOrAFileAnEncryptionRecord() throws IOException {
        byte[] signature = bytes('R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00);
        byte[] crc = new byte[4];
        byte[] mainHeader = concat(crc, bytes(3, 1, 0, 0)); // size 3: type 1 (main), flags 0, archive flags 0
        byte[] encryptionHeader = concat(crc, bytes(3, 4, 0, 0)); // type 4: archive encryption
        byte[] encryptedFile = concat(crc, bytes(8, 2, 0x01, 2, 0, 0, 0, 1, 1)); // type 2, extra area of 2: record size 1, type 1
        byte[] plainFile = concat(crc, bytes(8, 2, 0x01, 2, 0, 0, 0, 1, 2)); // extra record type 2 (hash)
        byte[] end = concat(crc, bytes(3, 5, 0, 0));

        assertThat(FormatProbes.rarEncrypted(new ByteArrayInputStream(concat(signature, mainHeader, encryptionHeader)))).isTrue();
        assertThat(FormatProbes.rarEncrypted(new ByteArrayInputStream(concat(signature, mainHeader, encryptedFile, end)))).isTrue();
        assertThat(FormatProbes.rarEncrypted(new ByteArrayInputStream(concat(signature, mainHeader, plainFile, end)))).isFalse();
    }

    @Test
    void encryptedZipEntryShouldBeRecordedByNameWithTheArchiveEncrypted() {
        ContentInspection inspection = INSPECTOR.inspectFile("secret.zip", Optional.empty(),
                TestArchives.corpus("encrypted/testZipEncrypted.zip"));

        assertThat(inspection.parts()).extracting(InspectedPart::path, InspectedPart::encrypted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("secret.zip", true),
                org.assertj.core.groups.Tuple.tuple("secret.zip/unencrypted.txt", false),
                org.assertj.core.groups.Tuple.tuple("secret.zip/encrypted.txt", true));
        InspectedPart entry = inspection.parts().get(2);
        assertThat(entry.trueType()).isEqualTo("application/octet-stream"); // not read
        assertThat(entry.family()).isEqualTo(TypeFamily.TEXT); // by its name
        assertThat(inspection.isUnscannable()).isFalse(); // encrypted has its own finding and action
    }

    @Test
    void encryptedExecutableInAZipShouldStillBeClassedByItsName() {
        byte[] zip = TestArchives.corpus("encrypted/testZipEncrypted.zip");
        byte[] renamed = new String(zip, StandardCharsets.ISO_8859_1).replace("encrypted.txt", "encrypted.exe")
                .getBytes(StandardCharsets.ISO_8859_1);

        ContentInspection inspection = INSPECTOR.inspectFile("secret.zip", Optional.empty(), renamed);

        assertThat(ContentInspectorTest.part(inspection, "secret.zip/encrypted.exe").family()).isEqualTo(TypeFamily.EXECUTABLE);
    }
}
