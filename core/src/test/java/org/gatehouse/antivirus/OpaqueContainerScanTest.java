package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.antivirus.LoopbackClamd.EICAR_SIGNATURE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.primitives.Bytes;

/**
 * Containers clamd does not open (lz4, ar): the real clamd finds nothing in the raw message, and finds the virus once
 * the content inspection hands it what it unpacked from them; what clamd opens itself (zip) is not handed over again.
 */
class OpaqueContainerScanTest {
    @RegisterExtension
    static final LoopbackClamd CLAMD = new LoopbackClamd();

    private static final byte[] MARKER = VirusSamples.EICAR_MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    private static byte[] lz4(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedLZ4CompressorOutputStream lz4 = new FramedLZ4CompressorOutputStream(out)) {
            lz4.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] ar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
            ar.write(content);
            ar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static VirusScanReport scanLikeTheGateway(byte[] message) {
        ContentInspection inspection = INSPECTOR.inspectMessage(message);
        List<NamedPayload> extra = inspection.opaquePayloads().stream().map(payload -> new NamedPayload(payload.path(), payload.content())).toList();
        return VirusScanner.create(AntivirusSettings.forScanners(CLAMD.tcpAddress())).scan(message, extra);
    }

    @Test
    void scanShouldFindEicarInAnLz4StreamOnlyWithTheUnpackedPayload() throws Exception {
        // EICAR is short and repetitive enough for lz4 to compress it, so its marker is not in the bytes sent
        byte[] compressed = lz4(VirusSamples.zip("eicar.com", VirusSamples.eicar()));
        byte[] message = VirusSamples.messageWithAttachment("Report", "report.zip.lz4", "application/octet-stream", compressed);

        assertThat(new ClamdClient(CLAMD.tcpSettings()).scan(message)).isEqualTo(ScanResult.clean());
        VirusScanReport report = scanLikeTheGateway(message);

        assertThat(report.result()).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
        assertThat(report.scans()).extracting(VirusScanReport.Scan::payload).contains("report.zip.lz4/report.zip");
    }

    @Test
    void scanShouldFindEicarInAnArArchiveOnlyWithTheUnpackedPayload() throws Exception {
        byte[] archive = ar("eicar.zip", VirusSamples.zip("eicar.com", VirusSamples.eicar()));
        byte[] message = VirusSamples.messageWithAttachment("Package", "tools.a", "application/x-archive", archive);
        assertThat(Bytes.indexOf(message, MARKER)).isNegative();

        assertThat(scanLikeTheGateway(message).result()).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void opaquePayloadsShouldBeEmptyWhenClamdOpensTheContainerItself() {
        byte[] message = VirusSamples.messageWithAttachment("Report", "a.zip", "application/zip",
            VirusSamples.zip("inner.zip", VirusSamples.zip("eicar.com", VirusSamples.eicar())));

        assertThat(INSPECTOR.inspectMessage(message).opaquePayloads()).isEmpty();
        assertThat(scanLikeTheGateway(message).result()).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }
}
