package org.gatehouse.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * True types by content with Apache Tika: magic bytes and container structure (zip, OLE2, OOXML), never the declared
 * type; the file name only narrows text content to what it is a kind of (text named {@code .js} is JavaScript).
 * Also says which declared types are claims worth comparing, for the mismatch finding.
 */
public final class ContentTypes {
    static final MediaType TEXT = MediaType.TEXT_PLAIN;
    static final MediaType PGP_ENCRYPTED = MediaType.application("pgp-encrypted");
    static final MediaType PKCS7_MIME = MediaType.application("pkcs7-mime");
    private static final MediaType PKCS7_SIGNATURE = MediaType.application("pkcs7-signature");
    private static final byte[] PGP_ARMOR = "-----BEGIN PGP MESSAGE-----".getBytes(StandardCharsets.US_ASCII);
    /** DER of the CMS content types that are ciphertext: envelopedData, authEnvelopedData (RFC 5652, RFC 5083). */
    private static final byte[] ENVELOPED_DATA = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x03};
    private static final byte[] AUTH_ENVELOPED_DATA =
            {0x06, 0x0B, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x17};
    private static final Set<String> GENERIC = Set.of("application/octet-stream", "application/unknown",
            "application/x-unknown", "binary/octet-stream", "application/binary", "application/force-download",
            "application/x-download", "application/download", "unknown/unknown");

    private static volatile ContentTypes standard;

    private final TikaConfig config;
    private final Detector detector;
    private final MimeTypes mimeTypes;
    private final MediaTypeRegistry registry;
    private final TypeFamilies families;

    private ContentTypes(TikaConfig config) {
        this.config = config;
        this.detector = config.getDetector();
        this.mimeTypes = config.getMimeRepository();
        this.registry = config.getMediaTypeRegistry();
        this.families = TypeFamilies.load(registry);
    }

    /** The one instance over Tika's default configuration (loading it takes a while; it is thread-safe). */
    public static ContentTypes standard() {
        ContentTypes loaded = standard;
        if (loaded == null) {
            synchronized (ContentTypes.class) {
                loaded = standard;
                if (loaded == null) {
                    loaded = new ContentTypes(TikaConfig.getDefaultConfig());
                    standard = loaded;
                }
            }
        }
        return loaded;
    }

    TikaConfig config() {
        return config;
    }

    public TypeFamilies families() {
        return families;
    }

    MediaTypeRegistry registry() {
        return registry;
    }

    /**
     * The true type of the content: Tika's magic and container detectors over the bytes alone; then text narrowed by
     * the declared type or the name to one of its kinds (never widened or changed: a declared type cannot make text
     * of an executable), ASCII-armoured OpenPGP and CMS enveloped data told apart from their look-alikes.
     *
     * @param head the first bytes of the content (a few hundred suffice)
     */
    MediaType detect(TikaInputStream content, byte[] head, Optional<String> name, Optional<String> declaredType)
            throws IOException {
        MediaType byContent = detector.detect(content, new Metadata());
        if (isText(byContent)) {
            if (startsWithSkippingBlanks(head, PGP_ARMOR)) {
                return PGP_ENCRYPTED;
            }
            Optional<MediaType> narrower = declaredType.flatMap(this::declared)
                    .filter(declared -> registry.isSpecializationOf(declared, byContent))
                    .or(() -> name.flatMap(this::byName).filter(named -> registry.isSpecializationOf(named, byContent)));
            if (narrower.isPresent()) {
                return narrower.get();
            }
        }
        if ((byContent.getBaseType().equals(PKCS7_SIGNATURE) || byContent.getBaseType().equals(PKCS7_MIME))
                && (contains(head, ENVELOPED_DATA, 32) || contains(head, AUTH_ENVELOPED_DATA, 32))) {
            return PKCS7_MIME;
        }
        return byContent;
    }

    /** The type a file name's extension stands for, when Tika knows the extension. */
    public Optional<MediaType> byName(String name) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try {
            MediaType type = mimeTypes.detect(null, metadata);
            return isGeneric(type) ? Optional.empty() : Optional.of(type);
        } catch (IOException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    /** A declared Content-Type as a claim: parsed, aliases resolved; empty when generic or unparseable. */
    public Optional<MediaType> declared(String contentType) {
        MediaType parsed = MediaType.parse(contentType.trim().toLowerCase(Locale.ROOT));
        if (parsed == null) {
            return Optional.empty();
        }
        MediaType type = registry.normalize(parsed.getBaseType());
        return isGeneric(type) ? Optional.empty() : Optional.of(type);
    }

    public TypeFamily familyOf(MediaType type) {
        return families.of(type);
    }

    /** Whether the type is plain text or one of its kinds (HTML, XML, scripts, messages). */
    public boolean isText(MediaType type) {
        MediaType base = type.getBaseType();
        return base.equals(TEXT) || registry.isSpecializationOf(base, TEXT);
    }

    public boolean isGeneric(MediaType type) {
        return GENERIC.contains(type.getBaseType().toString());
    }

    /** Whether one type is the other or a kind of it (a .docx is a kind of zip). */
    public boolean related(MediaType one, MediaType other) {
        MediaType a = registry.normalize(one.getBaseType());
        MediaType b = registry.normalize(other.getBaseType());
        return a.equals(b) || registry.isSpecializationOf(a, b) || registry.isSpecializationOf(b, a);
    }

    private static boolean startsWithSkippingBlanks(byte[] head, byte[] prefix) {
        int start = 0;
        while (start < head.length && (head[start] == ' ' || head[start] == '\t' || head[start] == '\r' || head[start] == '\n')) {
            start++;
        }
        if (head.length - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] head, byte[] needle, int within) {
        int last = Math.min(head.length - needle.length, within);
        for (int start = 0; start <= last; start++) {
            boolean match = true;
            for (int i = 0; i < needle.length && match; i++) {
                match = head[start + i] == needle[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
