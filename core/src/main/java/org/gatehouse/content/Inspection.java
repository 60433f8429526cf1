package org.gatehouse.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;
import org.gatehouse.message.ParsedMessage;

/**
 * One run of content inspection: walks a message's parts, unpacks archives, compressed streams and nested messages
 * within the budget, and records an {@link InspectedPart} for each. Lives for one call of {@link ContentInspector}.
 * A bound that ends an entry is recorded on that entry; one that ends the inspection unwinds every level, each
 * recording its part, and is recorded on the inspection.
 */
final class Inspection {
    private static final MediaType ZIP = MediaType.application("zip");
    private static final MediaType MESSAGE = MediaType.parse("message/rfc822");
    private static final MediaType MBOX = MediaType.application("mbox");
    private static final MediaType OLE2 = MediaType.application("x-tika-msoffice");
    private static final MediaType OCTET_STREAM = MediaType.OCTET_STREAM;
    private static final Map<MediaType, String> COMPRESSORS = Map.of(
            MediaType.application("gzip"), CompressorStreamFactory.GZIP,
            MediaType.application("x-bzip2"), CompressorStreamFactory.BZIP2,
            MediaType.application("x-xz"), CompressorStreamFactory.XZ,
            MediaType.application("x-lzma"), CompressorStreamFactory.LZMA,
            MediaType.application("x-compress"), CompressorStreamFactory.Z,
            MediaType.application("x-lz4"), CompressorStreamFactory.LZ4_FRAMED,
            MediaType.application("x-snappy-framed"), CompressorStreamFactory.SNAPPY_FRAMED);
    private static final Map<MediaType, String> STREAMED_ARCHIVES = Map.of(
            MediaType.application("x-tar"), ArchiveStreamFactory.TAR,
            MediaType.application("x-gtar"), ArchiveStreamFactory.TAR,
            MediaType.application("x-archive"), ArchiveStreamFactory.AR,
            MediaType.application("x-cpio"), ArchiveStreamFactory.CPIO,
            MediaType.application("x-arj"), ArchiveStreamFactory.ARJ);
    private static final MediaType SEVEN_Z = MediaType.application("x-7z-compressed");
    /**
     * Containers ClamAV does not open (clamd documents zip, rar, 7z, arj, tar, cpio, gzip, bzip2, xz, cab, OLE2, OOXML
     * and disk images among others, not these): what Gatehouse unpacks from them is scanned as extra payloads.
     */
    private static final Set<String> OPAQUE_TO_CLAMD = Set.of(CompressorStreamFactory.LZ4_FRAMED, CompressorStreamFactory.SNAPPY_FRAMED,
            CompressorStreamFactory.Z, CompressorStreamFactory.LZMA, ArchiveStreamFactory.AR);
    private static final MediaType RAR = MediaType.application("x-rar-compressed");
    private static final Set<MediaType> ENCRYPTED_TYPES = Set.of(
            MediaType.application("x-tika-ooxml-protected"), MediaType.application("x-tika-ole-drm-encrypted"),
            MediaType.application("x-tika-iworks-protected"), ContentTypes.PGP_ENCRYPTED, ContentTypes.PKCS7_MIME);
    private static final Set<TypeFamily> TEXT_FAMILIES = Set.of(TypeFamily.TEXT, TypeFamily.HTML, TypeFamily.SCRIPT,
            TypeFamily.OFFICE, TypeFamily.MACRO_DOCUMENT, TypeFamily.PDF, TypeFamily.MESSAGE);
    private static final String PGP_ARMOR = "-----BEGIN PGP MESSAGE-----";
    private static final byte[] CENTRAL_HEADER = {'P', 'K', 1, 2};
    private static final int HEAD_BYTES = 1024;

    private final ContentTypes types;
    private final TextExtractor extractor;
    private final ContentLimits limits;
    private final Budget budget;
    private final List<InspectedPart> parts = new ArrayList<>();
    private final List<ContentProblem> problems = new ArrayList<>();
    private final List<ContentInspection.Payload> opaquePayloads = new ArrayList<>();
    private final List<ContentInspection.Header> headers = new ArrayList<>();
    private final Set<String> charsets = new java.util.LinkedHashSet<>();
    private int headerChars;
    private long opaqueBytes;
    /** The message view that the top-level parse feeds too, if any. */
    private Optional<ParsedMessage.Reading> reading = Optional.empty();
    /** Set just before an entry of a container clamd cannot open is read: that entry is kept as a payload. */
    private boolean keepNextEntry;

    Inspection(ContentTypes types, TextExtractor extractor, ContentLimits limits) {
        this.types = types;
        this.extractor = extractor;
        this.limits = limits;
        this.budget = new Budget(limits);
    }

    /**
     * Inspects a raw RFC 5322 message: each of its parts at depth 0. With a reading, the same parse feeds the message
     * view: the parser is the view's and every event of the message's own parts is passed on to it.
     */
    ContentInspection message(InputStream raw, Optional<ParsedMessage.Reading> reading) {
        this.reading = reading;
        try {
            walkMessage(raw, Origin.root(), false);
            reading.ifPresent(ParsedMessage.Reading::completed);
        } catch (BoundExceeded stop) {
            problems.add(ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, "inspection stopped: " + stop.getMessage()));
        } catch (IOException | MimeException | RuntimeException | StackOverflowError e) {
            problems.add(ContentProblem.of(ContentProblem.Kind.UNREADABLE, "message unreadable: " + describe(e)));
        }
        return result();
    }

    /** Inspects one file as a message part at depth 0 would be. */
    ContentInspection file(String name, Optional<String> declaredType, InputStream content) {
        Optional<String> fileName = Optional.ofNullable(name).map(String::trim).filter(value -> !value.isEmpty());
        Origin origin = Origin.root().child(fileName.orElse("(file)"), fileName, declaredType, Optional.empty(), "");
        try (Spool spool = new Spool()) {
            copy(content, spool, Ratio.NONE, false);
            spool.finish();
            inspect(spool, origin);
        } catch (BoundExceeded stop) {
            problems.add(ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, "inspection stopped: " + stop.getMessage()));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            problems.add(ContentProblem.of(ContentProblem.Kind.UNREADABLE, "file unreadable: " + describe(e)));
        }
        return result();
    }

    private ContentInspection result() {
        List<InspectedPart> done = parts.stream().filter(part -> part != null).toList();
        return new ContentInspection(done, problems, Duration.ofNanos(budget.elapsedNanos()), budget.expanded(), opaquePayloads,
                headers, charsets);
    }

    // ---- one part -------------------------------------------------------------------------------------------------

    /** Types, checks, unpacks or extracts the text of one part whose bytes are in the spool. */
    private void inspect(Spool content, Origin origin) throws BoundExceeded {
        PartBuilder part = new PartBuilder(origin, content.size());
        int index = parts.size();
        parts.add(null);
        try {
            budget.checkTime();
            // a plain body part (printable text/plain prose, an HTML document) is typed and read without Tika
            Optional<byte[]> plainBody = content.size() <= PlainBodyParts.MAX_BYTES && origin.name().isEmpty()
                    ? Optional.of(content.head(PlainBodyParts.MAX_BYTES)) : Optional.empty();
            Optional<MediaType> plainType = plainBody.flatMap(bytes -> PlainBodyParts.type(bytes, origin.name(), origin.declaredType()));
            byte[] head = plainBody.map(bytes -> bytes.length <= HEAD_BYTES ? bytes : java.util.Arrays.copyOf(bytes, HEAD_BYTES))
                    .orElse(null);
            if (head == null) {
                head = content.head(HEAD_BYTES);
            }
            MediaType trueType;
            if (plainType.isPresent()) {
                trueType = plainType.get();
            } else {
                try (TikaInputStream in = content.tika()) {
                    trueType = types.detect(in, head, origin.name(), origin.declaredType());
                }
            }
            part.trueType = trueType;
            part.family = familyOf(trueType, origin.name());
            checkDeclarations(part, trueType, origin);
            if (ENCRYPTED_TYPES.contains(trueType.getBaseType())) {
                part.encrypted = true;
            }
            Container container = containerOf(trueType, origin, part.family);
            if (container != Container.NONE) {
                if (origin.depth() >= limits.maxDepth()) {
                    part.problem(ContentProblem.Kind.LIMIT_EXCEEDED,
                            "nested deeper than " + limits.maxDepth() + " levels: not unpacked");
                } else {
                    unpack(container, content, trueType, origin, part);
                }
            } else {
                probe(content, trueType, part);
                if (plainType.filter(MediaType.TEXT_PLAIN::equals).isPresent()) {
                    useText(PlainBodyParts.text(plainBody.get(), budget.textAllowance()), part);
                } else if (TEXT_FAMILIES.contains(part.family)) {
                    extractText(content, trueType, origin, part);
                }
            }
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "unreadable: " + describe(e));
        } catch (BoundExceeded stop) {
            if (stop.markRecorded()) {
                part.problem(ContentProblem.Kind.LIMIT_EXCEEDED, stop.getMessage());
            }
            throw stop;
        } finally {
            parts.set(index, part.build());
        }
    }

    /** An entry whose content could not be read (encrypted, unsupported method): typed and classed by its name. */
    private void recordUnread(Origin origin, long size, boolean encrypted, Optional<ContentProblem> problem) {
        PartBuilder part = new PartBuilder(origin, size);
        part.family = familyByName(origin.name());
        part.encrypted = encrypted;
        problem.ifPresent(part.problems::add);
        parts.add(part.build());
    }

    /** An entry cut short by a bound or damage: typed by the bytes that were read, not unpacked, no text. */
    private void recordCutShort(Spool partial, Origin origin, ContentProblem problem) {
        PartBuilder part = new PartBuilder(origin, partial.size());
        try (TikaInputStream in = partial.tika()) {
            part.trueType = types.detect(in, partial.head(HEAD_BYTES), origin.name(), origin.declaredType());
            part.family = familyOf(part.trueType, origin.name());
        } catch (IOException | RuntimeException unreadable) {
            part.family = familyByName(origin.name());
        }
        part.problems.add(problem);
        parts.add(part.build());
    }

    private TypeFamily familyOf(MediaType trueType, Optional<String> name) {
        TypeFamily family = types.familyOf(trueType);
        if (types.isText(trueType) && name.flatMap(types.families()::ofExtension).orElse(null) == TypeFamily.SCRIPT) {
            return TypeFamily.SCRIPT; // text that Windows runs because of its name
        }
        return family;
    }

    private TypeFamily familyByName(Optional<String> name) {
        if (name.isEmpty()) {
            return TypeFamily.OTHER;
        }
        return types.families().ofExtension(name.get())
                .or(() -> types.byName(name.get()).map(types::familyOf))
                .orElse(TypeFamily.OTHER);
    }

    /** A declared Content-Type or a file name extension of another family than the content's is a mismatch. */
    private void checkDeclarations(PartBuilder part, MediaType trueType, Origin origin) {
        if (types.isGeneric(trueType) || types.isText(trueType)) {
            return; // unknown content proves nothing; text is whatever its name says (scripts are judged by name)
        }
        TypeFamily actual = types.familyOf(trueType);
        List<String> claims = new ArrayList<>();
        origin.declaredType().flatMap(types::declared)
                .filter(claimed -> lies(claimed, trueType, actual))
                .ifPresent(claimed -> claims.add("declared " + claimed + " (" + types.familyOf(claimed).asString() + ")"));
        origin.name().flatMap(types::byName)
                .filter(claimed -> lies(claimed, trueType, actual))
                .ifPresent(claimed -> claims.add("named " + origin.name().orElseThrow() + " (" + types.familyOf(claimed).asString() + ")"));
        if (!claims.isEmpty()) {
            part.problem(ContentProblem.Kind.TYPE_MISMATCH, String.join(" and ", claims) + " but the content is "
                    + trueType.getBaseType() + " (" + actual.asString() + ")");
        }
    }

    private boolean lies(MediaType claimed, MediaType trueType, TypeFamily actual) {
        TypeFamily family = types.familyOf(claimed);
        return family != TypeFamily.OTHER && family != actual && !types.related(claimed, trueType);
    }

    /** Encryption and macros visible in the container's structure, before any parser. */
    private void probe(Spool content, MediaType trueType, PartBuilder part) {
        MediaType base = trueType.getBaseType();
        try {
            if (base.equals(RAR) || types.registry().isSpecializationOf(base, RAR)) {
                try (InputStream in = content.open()) {
                    part.encrypted |= FormatProbes.rarEncrypted(in);
                }
                part.problem(ContentProblem.Kind.NOT_UNPACKED, "RAR archives are not unpacked");
            } else if (base.toString().startsWith("application/vnd.oasis.opendocument.")
                    && types.registry().isSpecializationOf(base, ZIP)) {
                try (SeekableByteChannel channel = content.channel()) {
                    part.encrypted |= FormatProbes.odfEncrypted(channel);
                }
            } else if (part.family == TypeFamily.OFFICE && types.registry().isSpecializationOf(base, OLE2)
                    && !part.encrypted) {
                try (TikaInputStream in = content.tika()) {
                    if (FormatProbes.oleHasMacros(in)) {
                        part.family = TypeFamily.MACRO_DOCUMENT;
                    }
                }
            } else if (part.family == TypeFamily.ARCHIVE) {
                part.problem(ContentProblem.Kind.NOT_UNPACKED, base + " archives are not unpacked");
            }
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "unreadable " + base + ": " + describe(e));
        }
    }

    private void extractText(Spool content, MediaType trueType, Origin origin, PartBuilder part) throws BoundExceeded {
        if (part.encrypted && !trueType.getBaseType().equals(MediaType.application("x-tika-ooxml-protected"))) {
            return; // only OOXML with Excel's default password ("VelvetSweatshop") can still give text
        }
        useText(extractor.extract(content, trueType, origin.charset(), budget.textAllowance(), budget), part);
    }

    private void useText(TextExtractor.Extracted extracted, PartBuilder part) throws BoundExceeded {
        part.text = extracted.text();
        budget.useText(extracted.text().length());
        part.textTruncated = extracted.truncated();
        part.encrypted |= extracted.encrypted() || extracted.text().contains(PGP_ARMOR);
        extracted.failure().ifPresent(failure -> part.problem(ContentProblem.Kind.TEXT_FAILED, failure));
        if (extracted.outOfTime()) {
            budget.checkTime();
        }
    }

    // ---- containers -----------------------------------------------------------------------------------------------

    private enum Container { NONE, ZIP, SEVEN_Z, STREAMED_ARCHIVE, COMPRESSED, MESSAGE }

    private Container containerOf(MediaType trueType, Origin origin, TypeFamily family) {
        MediaType base = trueType.getBaseType();
        if (base.equals(ZIP) || (family == TypeFamily.ARCHIVE && types.registry().isSpecializationOf(base, ZIP))) {
            return Container.ZIP;
        }
        if (base.equals(SEVEN_Z)) {
            return Container.SEVEN_Z;
        }
        if (formatOf(STREAMED_ARCHIVES, base, family).isPresent()) {
            return Container.STREAMED_ARCHIVE;
        }
        if (formatOf(COMPRESSORS, base, family).isPresent()) {
            return Container.COMPRESSED;
        }
        boolean declaredMessage = origin.declaredType().flatMap(types::declared).filter(MESSAGE::equals).isPresent();
        if (base.equals(MESSAGE) || base.equals(MBOX) || (declaredMessage && types.isText(trueType))) {
            return Container.MESSAGE;
        }
        return Container.NONE;
    }

    /** The commons-compress format of a type: its own, or for a kind of archive, the format of what it is a kind of. */
    private Optional<String> formatOf(Map<MediaType, String> formats, MediaType base, TypeFamily family) {
        String exact = formats.get(base);
        if (exact != null || family != TypeFamily.ARCHIVE) {
            return Optional.ofNullable(exact);
        }
        return formats.entrySet().stream().filter(entry -> types.registry().isSpecializationOf(base, entry.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    private void unpack(Container container, Spool content, MediaType trueType, Origin origin, PartBuilder part)
            throws BoundExceeded, IOException {
        switch (container) {
            case ZIP -> unpackZip(content, origin, part);
            case SEVEN_Z -> unpackSevenZ(content, origin, part);
            case STREAMED_ARCHIVE ->
                    unpackStreamed(content, formatOf(STREAMED_ARCHIVES, trueType.getBaseType(), part.family).orElseThrow(), origin, part);
            case COMPRESSED -> decompress(content, formatOf(COMPRESSORS, trueType.getBaseType(), part.family).orElseThrow(), origin, part);
            case MESSAGE -> {
                try (InputStream in = content.open()) {
                    walkMessage(in, origin, true);
                } catch (MimeException e) {
                    part.problem(ContentProblem.Kind.UNREADABLE, "message unreadable: " + describe(e));
                }
            }
            default -> throw new IllegalStateException(container.name());
        }
    }

    private void unpackZip(Spool content, Origin origin, PartBuilder part) throws BoundExceeded {
        try {
            long listed = countCentralHeaders(content);
            if (listed > budget.entriesLeft()) {
                throw BoundExceeded.ofInspection("zip lists " + listed + " entries; at most " + limits.maxEntries()
                        + " archive entries and nested parts");
            }
        } catch (IOException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "zip unreadable: " + describe(e));
            return;
        }
        ZipFile zip;
        SeekableByteChannel channel = null;
        try {
            channel = content.channel();
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException centralDirectoryRefused) {
            closeQuietly(channel);
            unpackZipStreaming(content, origin, part, centralDirectoryRefused);
            return;
        }
        try (SeekableByteChannel open = channel; ZipFile opened = zip) {
            boolean iwork = zip.getEntry("buildVersionHistory.plist") != null;
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                zipEntry(entry, iwork, zip.canReadEntryData(entry), () -> zip.getInputStream(entry), origin, part);
            }
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "zip unreadable: " + describe(e));
        }
    }

    /** A zip whose central directory commons-compress refuses (overlapping data, a spanned segment): its local headers. */
    private void unpackZipStreaming(Spool content, Origin origin, PartBuilder part, Exception refused) throws BoundExceeded {
        int before = parts.size();
        try (InputStream raw = content.open();
             ZipArchiveInputStream zip = new ZipArchiveInputStream(raw, "UTF-8", true, true)) {
            for (ZipArchiveEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                zipEntry(entry, false, zip.canReadEntryData(entry), () -> new Unclosable(zip), origin, part);
            }
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "zip unreadable: " + describe(parts.size() == before ? refused : e));
        }
    }

    /** One zip entry: encrypted and unsupported entries are recorded by name, the others read and inspected. */
    private void zipEntry(ZipArchiveEntry entry, boolean iwork, boolean readable, EntryOpener opener, Origin origin,
                          PartBuilder part) throws BoundExceeded {
        budget.countEntry();
        budget.checkTime();
        if (entry.isDirectory()) {
            return;
        }
        Origin child = origin.child(entry.getName(), Optional.of(entry.getName()), Optional.empty(), Optional.empty(), null);
        long size = Math.max(0, entry.getSize());
        if (entry.getGeneralPurposeBit().usesEncryption()
                || (!readable && iwork && FormatProbes.IWORK_ENCRYPTED_METHODS.contains(entry.getMethod()))) {
            part.encrypted = true;
            recordUnread(child, size, true, Optional.empty());
        } else if (!readable) {
            recordUnread(child, size, false, Optional.of(ContentProblem.of(
                    ContentProblem.Kind.NOT_UNPACKED, "zip compression method " + entry.getMethod() + " not supported")));
        } else {
            try (InputStream in = opener.open()) {
                LongSupplier compressed = in instanceof InputStreamStatistics statistics
                        ? statistics::getCompressedCount : entry::getCompressedSize;
                inspectEntry(child, in, Ratio.of(compressed, limits), true);
            } catch (IOException | RuntimeException e) {
                recordUnread(child, 0, false, Optional.of(ContentProblem.of(
                        ContentProblem.Kind.UNREADABLE, "entry unreadable: " + describe(e))));
            }
        }
    }

    /** Opens an entry's data. */
    @FunctionalInterface
    private interface EntryOpener {
        InputStream open() throws IOException;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }
    }

    /** An upper bound of the entries a zip's central directory lists, read before commons-compress loads them all. */
    private static long countCentralHeaders(Spool content) throws IOException {
        long count = 0;
        int matched = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = content.open()) {
            for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    matched = buffer[i] == CENTRAL_HEADER[matched] ? matched + 1 : (buffer[i] == CENTRAL_HEADER[0] ? 1 : 0);
                    if (matched == CENTRAL_HEADER.length) {
                        count++;
                        matched = 0;
                    }
                }
            }
        }
        return count;
    }

    private void unpackSevenZ(Spool content, Origin origin, PartBuilder part) throws BoundExceeded {
        try (SeekableByteChannel channel = content.channel();
             SevenZFile sevenZ = SevenZFile.builder().setSeekableByteChannel(channel)
                     .setMaxMemoryLimitKiB(limits.maxDecoderMemoryKib()).get()) {
            Ratio ratio = Ratio.ofArchive(content.size(), limits);
            for (SevenZArchiveEntry entry = sevenZ.getNextEntry(); entry != null; entry = sevenZ.getNextEntry()) {
                budget.countEntry();
                budget.checkTime();
                if (entry.isDirectory() || !entry.hasStream()) {
                    continue;
                }
                Origin child = origin.child(entry.getName(), Optional.of(entry.getName()), Optional.empty(), Optional.empty(), null);
                if (usesAes(entry)) {
                    part.encrypted = true;
                    recordUnread(child, entry.getSize(), true, Optional.empty());
                    continue;
                }
                inspectEntry(child, new SevenZEntryStream(sevenZ), ratio, true);
            }
        } catch (PasswordRequiredException e) {
            part.encrypted = true; // the entry list itself is encrypted
        } catch (MemoryLimitException e) {
            part.problem(ContentProblem.Kind.LIMIT_EXCEEDED, decoderMemory(e));
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, "7z unreadable: " + describe(e));
        }
    }

    private static boolean usesAes(SevenZArchiveEntry entry) {
        try {
            for (SevenZMethodConfiguration method : entry.getContentMethods()) {
                if (method.getMethod() == SevenZMethod.AES256SHA256) {
                    return true;
                }
            }
        } catch (RuntimeException unknownMethod) {
            return false;
        }
        return false;
    }

    private void unpackStreamed(Spool content, String format, Origin origin, PartBuilder part) throws BoundExceeded {
        try (InputStream raw = content.open();
             ArchiveInputStream<? extends ArchiveEntry> archive = new ArchiveStreamFactory().createArchiveInputStream(format, raw)) {
            for (ArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                budget.countEntry();
                budget.checkTime();
                if (entry.isDirectory() || !archive.canReadEntryData(entry)) {
                    continue;
                }
                Origin child = origin.child(entry.getName(), Optional.of(entry.getName()), Optional.empty(), Optional.empty(), null);
                keepNextEntry = OPAQUE_TO_CLAMD.contains(format);
                inspectEntry(child, new Unclosable(archive), Ratio.NONE, false);
            }
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, format + " unreadable: " + describe(e));
        }
    }

    private void decompress(Spool content, String format, Origin origin, PartBuilder part) throws BoundExceeded {
        try (InputStream raw = content.open(); Counting counted = new Counting(raw);
             CompressorInputStream in = new CompressorStreamFactory(true, limits.maxDecoderMemoryKib())
                     .createCompressorInputStream(format, counted)) {
            budget.countEntry();
            String name = decompressedName(in, origin.name());
            Origin child = origin.child(name, Optional.of(name), Optional.empty(), Optional.empty(), null);
            keepNextEntry = OPAQUE_TO_CLAMD.contains(format);
            inspectEntry(child, in, Ratio.of(counted::count, limits), true);
        } catch (org.apache.commons.compress.compressors.CompressorException e) {
            if (e.getCause() instanceof MemoryLimitException memory) {
                part.problem(ContentProblem.Kind.LIMIT_EXCEEDED, decoderMemory(memory));
            } else {
                part.problem(ContentProblem.Kind.UNREADABLE, format + " unreadable: " + describe(e));
            }
        } catch (MemoryLimitException e) {
            part.problem(ContentProblem.Kind.LIMIT_EXCEEDED, decoderMemory(e));
        } catch (IOException | RuntimeException e) {
            part.problem(ContentProblem.Kind.UNREADABLE, format + " unreadable: " + describe(e));
        }
    }

    private static String decompressedName(CompressorInputStream in, Optional<String> outer) {
        if (in instanceof GzipCompressorInputStream gzip) {
            String stored = gzip.getMetaData().getFileName();
            if (stored != null && !stored.isBlank()) {
                return stored;
            }
        }
        String name = outer.map(value -> value.substring(value.lastIndexOf('/') + 1)).orElse("content");
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tgz") || lower.endsWith(".tbz2") || lower.endsWith(".txz")) {
            return name.substring(0, name.lastIndexOf('.')) + ".tar";
        }
        for (String suffix : List.of(".gz", ".bz2", ".xz", ".lzma", ".z", ".lz4", ".sz")) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name + " (decompressed)";
    }

    private static String decoderMemory(MemoryLimitException e) {
        return "decoder would need " + e.getMemoryNeededInKb() + " KiB; at most " + e.getMemoryLimitInKb() + " KiB";
    }

    /**
     * Reads one entry out of its container into a spool within the budget and inspects it. A bound of the entry
     * (ratio, decoder memory) or damaged data ends this entry only; a bound of the inspection propagates.
     */
    private void inspectEntry(Origin child, InputStream in, Ratio ratio, boolean expansion) throws BoundExceeded {
        boolean keep = keepNextEntry;
        keepNextEntry = false;
        try (Spool spool = new Spool()) {
            ContentProblem stopped = null;
            try {
                copy(in, spool, ratio, expansion);
            } catch (BoundExceeded bound) {
                if (bound.stopsInspection()) {
                    finishQuietly(spool);
                    if (bound.markRecorded()) {
                        recordCutShort(spool, child, ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, bound.getMessage()));
                    }
                    throw bound;
                }
                stopped = ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, bound.getMessage());
            } catch (MemoryLimitException e) {
                stopped = ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, decoderMemory(e));
            } catch (PasswordRequiredException e) {
                finishQuietly(spool);
                recordUnread(child, spool.size(), true, Optional.empty());
                return;
            } catch (IOException | RuntimeException e) {
                stopped = ContentProblem.of(ContentProblem.Kind.UNREADABLE, "entry unreadable: " + describe(e));
            }
            finishQuietly(spool);
            if (stopped != null) {
                recordCutShort(spool, child, stopped);
            } else {
                if (keep) {
                    keepPayload(spool, child);
                }
                inspect(spool, child);
            }
        }
    }

    /**
     * Keeps the bytes of an entry clamd could not see, within {@link ContentLimits#MAX_OPAQUE_PAYLOAD_BYTES} for the whole message; an
     * entry beyond it makes the message unscannable rather than scanned in part.
     */
    private void keepPayload(Spool spool, Origin child) {
        if (opaqueBytes + spool.size() > ContentLimits.MAX_OPAQUE_PAYLOAD_BYTES) {
            problems.add(ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED, child.path() + ": more than "
                    + ContentLimits.MAX_OPAQUE_PAYLOAD_BYTES + " bytes unpacked from containers the virus scanner cannot open"));
            return;
        }
        try (InputStream in = spool.open()) {
            byte[] bytes = in.readAllBytes();
            opaqueBytes += bytes.length;
            opaquePayloads.add(new ContentInspection.Payload(child.path(), bytes));
        } catch (IOException e) {
            problems.add(ContentProblem.of(ContentProblem.Kind.UNREADABLE, child.path() + ": could not be kept for the virus scanner: " + describe(e)));
        }
    }

    private static void finishQuietly(Spool spool) {
        try {
            spool.finish();
        } catch (IOException ignored) {
            // reading it back will fail and say so
        }
    }

    /** Copies within the budget: the deadline, expanded bytes (when the copy expands) and the entry's ratio. */
    private void copy(InputStream in, Spool out, Ratio ratio, boolean expansion) throws IOException, BoundExceeded {
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            budget.checkTime();
            if (expansion) {
                budget.countExpanded(read);
            }
            out.write(buffer, 0, read);
            ratio.check(read);
        }
        ratio.endOfEntry();
    }

    // ---- messages -------------------------------------------------------------------------------------------------

    /**
     * Walks a message's MIME parts: each leaf part is inspected as a child of {@code origin} (a nested message's parts
     * are one level deeper and count as entries); message/rfc822 parts are not parsed in place but inspected like
     * any part, which unpacks them in turn.
     */
    private void walkMessage(InputStream raw, Origin origin, boolean nested) throws IOException, MimeException, BoundExceeded {
        Optional<ParsedMessage.Reading> feeding = nested ? Optional.empty() : reading;
        // the message view's own parser (lenient fields, decoded bodies, attached messages left whole): one parse model
        MimeStreamParser parser = feeding.map(ParsedMessage.Reading::newParser)
            .orElseGet(() -> ParsedMessage.newParser(DecodeMonitor.SILENT));
        PartWalker walker = new PartWalker(origin, nested, feeding.map(ParsedMessage.Reading::handler));
        parser.setContentHandler(walker);
        try {
            parser.parse(skipMboxSeparator(raw));
        } catch (Carrier carried) {
            throw carried.bound;
        }
    }

    private static final int MAX_HEADERS = 500;
    private static final int MAX_HEADER_VALUE = 16 * 1024;
    private static final int MAX_HEADER_CHARS = 256 * 1024;
    private static final java.util.regex.Pattern ENCODED_WORD_CHARSET = java.util.regex.Pattern.compile("=\\?([^?*\\s]{1,40})(\\*[^?]*)?\\?[bBqQ]\\?");
    /** A folded line break (compiled once: {@code String.replaceAll} compiled it for every header field of every message). */
    private static final java.util.regex.Pattern FOLD = java.util.regex.Pattern.compile("\r?\n[ \t]");

    /** Keeps a header field of the message itself, decoded (RFC 2047) and unfolded, within the header bounds. */
    private void keepHeader(org.apache.james.mime4j.stream.Field field) {
        if (headers.size() >= MAX_HEADERS || headerChars >= MAX_HEADER_CHARS) {
            return;
        }
        String raw = Optional.ofNullable(field.getBody()).orElse("");
        String body = raw.indexOf('\n') < 0 ? raw : FOLD.matcher(raw).replaceAll(" ");
        java.util.regex.Matcher words = ENCODED_WORD_CHARSET.matcher(body);
        while (words.find()) {
            charsets.add(words.group(1).toLowerCase(Locale.ROOT));
        }
        String value = DecoderUtil.decodeEncodedWords(body, DecodeMonitor.SILENT);
        if (value.length() > MAX_HEADER_VALUE) {
            value = value.substring(0, MAX_HEADER_VALUE);
        }
        headerChars += value.length();
        headers.add(new ContentInspection.Header(field.getName(), value));
    }

    private static InputStream skipMboxSeparator(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 5);
        byte[] start = in.readNBytes(5);
        if (start.length == 5 && new String(start, java.nio.charset.StandardCharsets.US_ASCII).equals("From ")) {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                // the separator line is not part of the message
            }
            return in;
        }
        in.unread(start);
        return in;
    }

    /** Receives mime4j's events, numbers the parts like IMAP sections and inspects each leaf body. */
    private final class PartWalker implements ContentHandler {
        private final Origin origin;
        private final boolean nested;
        /** Where every event goes too: the message view's reading, for the message's own parts; else nowhere. */
        private final ContentHandler view;
        private final boolean viewing;
        private final Deque<Integer> numbers = new ArrayDeque<>();
        private boolean inMessageHeader;
        private boolean messageHeaderDone;
        private boolean tooDeepNoted;

        PartWalker(Origin origin, boolean nested, Optional<ContentHandler> view) {
            this.origin = origin;
            this.nested = nested;
            this.view = view.orElseGet(() -> new AbstractContentHandler() {
            });
            this.viewing = view.isPresent();
        }

        @Override
        public void startMessage() throws MimeException {
            view.startMessage();
        }

        @Override
        public void endMessage() throws MimeException {
            view.endMessage();
        }

        @Override
        public void endBodyPart() throws MimeException {
            view.endBodyPart();
        }

        @Override
        public void preamble(InputStream is) throws MimeException, IOException {
            view.preamble(is);
        }

        @Override
        public void epilogue(InputStream is) throws MimeException, IOException {
            view.epilogue(is);
        }

        @Override
        public void raw(InputStream is) throws MimeException, IOException {
            view.raw(is);
        }

        @Override
        public void startHeader() throws MimeException {
            inMessageHeader = !nested && !messageHeaderDone;
            view.startHeader();
        }

        @Override
        public void field(org.apache.james.mime4j.stream.Field field) throws MimeException {
            if (inMessageHeader) {
                keepHeader(field);
            }
            view.field(field);
        }

        @Override
        public void endHeader() throws MimeException {
            view.endHeader();
            if (inMessageHeader) {
                messageHeaderDone = true;
                inMessageHeader = false;
            }
        }

        @Override
        public void startMultipart(BodyDescriptor descriptor) throws MimeException {
            view.startMultipart(descriptor);
            numbers.addLast(0);
            if (numbers.size() == ParsedMessage.MAX_MIME_DEPTH + 1 && !tooDeepNoted) {
                // the parts below are where the message view (scoring, phishing, DLP) stops reading: not looked at
                tooDeepNoted = true;
                problems.add(ContentProblem.of(ContentProblem.Kind.LIMIT_EXCEEDED,
                    "MIME parts nested deeper than " + ParsedMessage.MAX_MIME_DEPTH + " levels: not read by every check"));
            }
        }

        @Override
        public void endMultipart() throws MimeException {
            view.endMultipart();
            numbers.removeLast();
        }

        @Override
        public void startBodyPart() throws MimeException {
            view.startBodyPart();
            numbers.addLast(numbers.removeLast() + 1);
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream in) throws IOException, MimeException {
            String section = numbers.isEmpty() ? "1" : numbers.stream().map(String::valueOf).collect(Collectors.joining("."));
            Optional<String> name = fileName(descriptor);
            String label = name.orElse("(part " + section + ")");
            Optional<String> declared = Optional.ofNullable(descriptor.getMimeType());
            Optional<String> charset = descriptor.getMimeType() != null && descriptor.getMimeType().startsWith("text/")
                    ? Optional.ofNullable(descriptor.getCharset()).filter(value -> !value.isBlank()) : Optional.empty();
            charset.ifPresent(value -> charsets.add(value.toLowerCase(Locale.ROOT)));
            Origin child = origin.child(label, name, declared, charset, nested ? null : section);
            try {
                if (nested) {
                    budget.countEntry();
                }
                try (Spool spool = new Spool()) {
                    copy(in, spool, Ratio.NONE, false);
                    spool.finish();
                    if (viewing) {
                        try (InputStream decoded = spool.open()) {
                            view.body(descriptor, decoded);
                        }
                    }
                    inspect(spool, child);
                }
            } catch (BoundExceeded bound) {
                throw new Carrier(bound);
            }
        }

        private Optional<String> fileName(BodyDescriptor descriptor) {
            if (!(descriptor instanceof MaximalBodyDescriptor maximal)) {
                return Optional.empty();
            }
            String raw = Optional.ofNullable(maximal.getContentDispositionFilename())
                    .orElse(maximal.getContentTypeParameters().get("name"));
            if (raw == null || raw.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT).trim());
            } catch (RuntimeException undecodable) {
                return Optional.of(raw.trim());
            }
        }
    }

    /** Carries a bound through mime4j, whose handler methods may throw only its own exceptions. */
    private static final class Carrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient BoundExceeded bound;

        Carrier(BoundExceeded bound) {
            super(bound.getMessage(), null, false, false);
            this.bound = bound;
        }
    }

    // ---- small pieces ---------------------------------------------------------------------------------------------

    private static String describe(Throwable failure) {
        String message = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    /**
     * Where a part sits: its path, depth, the MIME section of the message part it is or came from, and what it was
     * declared as.
     */
    private record Origin(String path, int depth, String section, Optional<String> name, Optional<String> declaredType,
                          Optional<String> charset) {
        static Origin root() {
            return new Origin("", -1, "", Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** A part inside this one; a null section keeps this one's. */
        Origin child(String label, Optional<String> name, Optional<String> declaredType, Optional<String> charset, String section) {
            String childPath = path.isEmpty() ? label : path + "/" + label;
            return new Origin(childPath, depth + 1, section == null ? this.section : section, name, declaredType, charset);
        }
    }

    /** The mutable state of one part while it is inspected. */
    private static final class PartBuilder {
        private final Origin origin;
        private final long size;
        private final List<ContentProblem> problems = new ArrayList<>();
        private MediaType trueType = OCTET_STREAM;
        private TypeFamily family = TypeFamily.OTHER;
        private boolean encrypted;
        private String text = "";
        private boolean textTruncated;

        PartBuilder(Origin origin, long size) {
            this.origin = origin;
            this.size = size;
        }

        void problem(ContentProblem.Kind kind, String reason) {
            problems.add(ContentProblem.of(kind, reason));
        }

        InspectedPart build() {
            return new InspectedPart(origin.path(), origin.depth(), origin.section(), origin.name(), origin.declaredType(),
                    trueType.toString(), family, size, encrypted, text, textTruncated, problems);
        }
    }

    /**
     * The compression ratio guard of one entry (zip, compressed stream) or of a whole archive whose entries share
     * compressed blocks (7z): judged once the output passes {@link ContentLimits#RATIO_GRACE_BYTES}.
     */
    private static final class Ratio {
        static final Ratio NONE = new Ratio(() -> Long.MAX_VALUE, 0, false);

        private final LongSupplier compressed;
        private final int maxRatio;
        private final boolean perArchive;
        private long written;

        private Ratio(LongSupplier compressed, int maxRatio, boolean perArchive) {
            this.compressed = compressed;
            this.maxRatio = maxRatio;
            this.perArchive = perArchive;
        }

        static Ratio of(LongSupplier compressed, ContentLimits limits) {
            return new Ratio(compressed, limits.maxCompressionRatio(), false);
        }

        static Ratio ofArchive(long archiveSize, ContentLimits limits) {
            return new Ratio(() -> archiveSize, limits.maxCompressionRatio(), true);
        }

        void check(int bytes) throws BoundExceeded {
            if (this == NONE) {
                return; // shared: keeps no count
            }
            written += bytes;
            if (written <= ContentLimits.RATIO_GRACE_BYTES) {
                return;
            }
            long input = Math.max(1, compressed.getAsLong());
            if (written / input > maxRatio) {
                throw BoundExceeded.ofEntry("compression ratio above " + maxRatio + " (" + written + " bytes from "
                        + input + (perArchive ? " archive bytes)" : " compressed bytes)"));
            }
        }

        void endOfEntry() {
            if (this != NONE && !perArchive) {
                written = 0;
            }
        }
    }

    /** Counts the bytes a decompressor takes from its source. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /** The current entry of a 7z archive, read in order (solid blocks are decoded once, not once per entry). */
    private static final class SevenZEntryStream extends InputStream {
        private final SevenZFile sevenZ;

        SevenZEntryStream(SevenZFile sevenZ) {
            this.sevenZ = sevenZ;
        }

        @Override
        public int read() throws IOException {
            return sevenZ.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return sevenZ.read(buffer, offset, length);
        }
    }

    /** An archive stream lent to one entry's reader, which must not close it. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }
    }
}
