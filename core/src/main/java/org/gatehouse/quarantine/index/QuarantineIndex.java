package org.gatehouse.quarantine.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantinePage;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.shaded.lucene.analysis.Analyzer;
import org.gatehouse.shaded.lucene.analysis.standard.StandardAnalyzer;
import org.gatehouse.shaded.lucene.document.Document;
import org.gatehouse.shaded.lucene.document.Field;
import org.gatehouse.shaded.lucene.document.LongPoint;
import org.gatehouse.shaded.lucene.document.NumericDocValuesField;
import org.gatehouse.shaded.lucene.document.SortedDocValuesField;
import org.gatehouse.shaded.lucene.document.StoredField;
import org.gatehouse.shaded.lucene.document.StringField;
import org.gatehouse.shaded.lucene.document.TextField;
import org.gatehouse.shaded.lucene.index.IndexWriter;
import org.gatehouse.shaded.lucene.index.IndexWriterConfig;
import org.gatehouse.shaded.lucene.index.LeafReaderContext;
import org.gatehouse.shaded.lucene.index.SortedDocValues;
import org.gatehouse.shaded.lucene.index.StoredFields;
import org.gatehouse.shaded.lucene.index.Term;
import org.gatehouse.shaded.lucene.queryparser.simple.SimpleQueryParser;
import org.gatehouse.shaded.lucene.search.BooleanClause;
import org.gatehouse.shaded.lucene.search.BooleanQuery;
import org.gatehouse.shaded.lucene.search.IndexSearcher;
import org.gatehouse.shaded.lucene.search.MatchAllDocsQuery;
import org.gatehouse.shaded.lucene.search.Query;
import org.gatehouse.shaded.lucene.search.ScoreDoc;
import org.gatehouse.shaded.lucene.search.ScoreMode;
import org.gatehouse.shaded.lucene.search.SearcherManager;
import org.gatehouse.shaded.lucene.search.SimpleCollector;
import org.gatehouse.shaded.lucene.search.Sort;
import org.gatehouse.shaded.lucene.search.SortField;
import org.gatehouse.shaded.lucene.search.TermQuery;
import org.gatehouse.shaded.lucene.search.TopDocs;
import org.gatehouse.shaded.lucene.search.TopFieldCollectorManager;
import org.gatehouse.shaded.lucene.store.ByteBuffersDirectory;
import org.gatehouse.shaded.lucene.store.Directory;
import org.gatehouse.shaded.lucene.store.FSDirectory;
import org.gatehouse.shaded.lucene.store.LockObtainFailedException;
import org.gatehouse.shaded.lucene.util.BytesRef;
import org.gatehouse.shaded.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine's search index (Lucene 9, relocated by gatehouse-lucene-shaded): finds held messages by tenant, text,
 * sender, recipient, reason and date without reading the repositories, which stay the source of truth — a lost or
 * corrupt index is rebuilt from them ({@link #openOrRecreate(Path)}, {@link #ids()}).
 *
 * <p>Thread-safe. A write is visible to every search started after it returns; {@link #commit()} makes it durable.
 * Failures of the underlying storage are thrown as {@link UncheckedIOException}.
 */
public final class QuarantineIndex implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineIndex.class);
    private static final int TEXT_OPERATORS = SimpleQueryParser.AND_OPERATOR | SimpleQueryParser.OR_OPERATOR
        | SimpleQueryParser.NOT_OPERATOR | SimpleQueryParser.PHRASE_OPERATOR | SimpleQueryParser.PREFIX_OPERATOR
        | SimpleQueryParser.PRECEDENCE_OPERATORS | SimpleQueryParser.ESCAPE_OPERATOR | SimpleQueryParser.WHITESPACE_OPERATOR;

    /** Field names of an index document. */
    static final class Fields {
        static final String ID = "id";
        static final String TENANT = "tenant";
        static final String FAMILY = "family";
        static final String SENDER = "sender";
        static final String SENDER_DOMAIN = "sender_domain";
        static final String RECIPIENT = "recipient";
        /** Rule ids and the family, lower-case: the {@code reason} filter takes either. */
        static final String REASON = "reason";
        static final String TEXT = "text";
        static final String RECEIVED_AT = "received_at";
        static final String SCORE = "score";
        static final String SIZE = "size";
        static final String ENTRY = "entry";

        private Fields() {
        }
    }

    /** Opens the index in {@code directory}, creating it when absent; a corrupt index fails. */
    public static QuarantineIndex open(Path directory) {
        try {
            Files.createDirectories(directory);
            return new QuarantineIndex(FSDirectory.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the quarantine index in " + directory, e);
        }
    }

    /**
     * Opens the index in {@code directory}; when it cannot be read (corrupt, truncated, of an unknown format) it is
     * wiped and started empty, and the caller re-indexes from the repositories. A directory locked by another writer is
     * not touched.
     */
    public static QuarantineIndex openOrRecreate(Path directory) {
        try {
            return open(directory);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            if (e.getCause() instanceof LockObtainFailedException) {
                throw e;
            }
            LOGGER.warn("The quarantine index in {} cannot be read; it is recreated empty and must be rebuilt from the "
                + "quarantine repositories", directory, e);
            wipe(directory);
            return open(directory);
        }
    }

    /** An index in memory, lost on close. */
    public static QuarantineIndex inMemory() {
        try {
            return new QuarantineIndex(new ByteBuffersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void wipe(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe the corrupt quarantine index in " + directory, e);
        }
    }

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object refreshLock = new Object();
    // writes done (counted after each returns) and the number of them the current searcher is known to see
    private final AtomicLong writes = new AtomicLong();
    private volatile long searchable;

    private QuarantineIndex(Directory directory) throws IOException {
        this.directory = directory;
        this.analyzer = new StandardAnalyzer();
        IndexWriter opened = null;
        try {
            opened = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            // opening the readers of every segment here makes a corrupt index fail now rather than at the first search
            this.searchers = new SearcherManager(opened, null);
            this.writer = opened;
        } catch (IOException | RuntimeException e) {
            // rolled back, not closed: closing would commit into an index that could not be read
            IOUtils.closeWhileHandlingException(opened == null ? null : opened::rollback, directory, analyzer);
            throw e;
        }
    }

    /** Indexes {@code entry}, replacing the entry of the same id; {@code fullText} is its subject, body and attachment text. */
    public void add(QuarantineEntry entry, String fullText) {
        write(() -> writer.updateDocument(new Term(Fields.ID, entry.id()), document(entry, fullText)));
    }

    public void delete(String id) {
        write(() -> writer.deleteDocuments(new Term(Fields.ID, id)));
    }

    public void deleteAll() {
        write(writer::deleteAll);
    }

    /** Makes every write so far durable. */
    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<QuarantineEntry> get(String id) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(Fields.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(entry(searcher.storedFields(), top.scoreDocs[0].doc));
        });
    }

    /** The ids of every indexed entry, to reconcile the index with the repositories. */
    public Set<String> ids() {
        return withSearcher(searcher -> {
            Set<String> ids = new HashSet<>();
            searcher.search(new MatchAllDocsQuery(), new SimpleCollector() {
                private SortedDocValues values;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    values = context.reader().getSortedDocValues(Fields.ID);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (values != null && values.advanceExact(doc)) {
                        ids.add(values.lookupOrd(values.ordValue()).utf8ToString());
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
            return ids;
        });
    }

    public long count() {
        return withSearcher(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    /** How many entries each family holds (every family, 0 included). */
    public Map<QuarantineFamily, Long> countByFamily() {
        return withSearcher(searcher -> {
            Map<QuarantineFamily, Long> counts = new EnumMap<>(QuarantineFamily.class);
            for (QuarantineFamily family : QuarantineFamily.values()) {
                counts.put(family, (long) searcher.count(new TermQuery(new Term(Fields.FAMILY, family.asString()))));
            }
            return counts;
        });
    }

    /** The page of entries {@code query} selects, in its order, and the number of all its matches. */
    public QuarantinePage search(QuarantineQuery query) {
        Query lucene = query(query);
        return withSearcher(searcher -> {
            int total = searcher.count(lucene);
            if (query.limit() == 0 || query.offset() >= total) {
                return new QuarantinePage(total, List.of());
            }
            int wanted = (int) Math.min((long) query.offset() + query.limit(), total);
            TopDocs top = searcher.search(lucene, new TopFieldCollectorManager(sort(query.sort()), wanted, null, wanted));
            StoredFields stored = searcher.storedFields();
            List<QuarantineEntry> items = new ArrayList<>();
            for (int i = query.offset(); i < top.scoreDocs.length; i++) {
                ScoreDoc hit = top.scoreDocs[i];
                items.add(entry(stored, hit.doc));
            }
            return new QuarantinePage(total, items);
        });
    }

    /** Closes the index, committing what was written. */
    @Override
    public void close() {
        try {
            IOUtils.close(searchers, writer, analyzer, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Query query(QuarantineQuery query) {
        BooleanQuery.Builder filters = new BooleanQuery.Builder();
        query.tenant().ifPresent(tenant -> filter(filters, new TermQuery(new Term(Fields.TENANT, tenant.asString()))));
        query.text().filter(text -> !text.isBlank()).ifPresent(text -> filter(filters, textQuery(text)));
        query.sender().map(QuarantineIndex::lowerCase).ifPresent(sender -> filter(filters, senderQuery(sender)));
        query.recipient().map(QuarantineIndex::lowerCase)
            .ifPresent(recipient -> filter(filters, new TermQuery(new Term(Fields.RECIPIENT, recipient))));
        query.reason().map(QuarantineIndex::lowerCase)
            .ifPresent(reason -> filter(filters, new TermQuery(new Term(Fields.REASON, reason))));
        if (query.from().isPresent() || query.to().isPresent()) {
            long from = query.from().map(QuarantineIndex::firstMillisecondFrom).orElse(Long.MIN_VALUE);
            long to = query.to().map(end -> Math.max(Long.MIN_VALUE + 1, firstMillisecondFrom(end)) - 1).orElse(Long.MAX_VALUE);
            filter(filters, LongPoint.newRangeQuery(Fields.RECEIVED_AT, from, to));
        }
        BooleanQuery built = filters.build();
        return built.clauses().isEmpty() ? new MatchAllDocsQuery() : built;
    }

    private static void filter(BooleanQuery.Builder filters, Query query) {
        filters.add(query, BooleanClause.Occur.FILTER);
    }

    // SimpleQueryParser never throws: user text with unbalanced quotes or parentheses is read as well as it can be
    private Query textQuery(String text) {
        SimpleQueryParser parser = new SimpleQueryParser(analyzer, Map.of(Fields.TEXT, 1f), TEXT_OPERATORS);
        parser.setDefaultOperator(BooleanClause.Occur.MUST);
        return parser.parse(text);
    }

    private static Query senderQuery(String sender) {
        if (sender.contains("@") && !sender.startsWith("@")) {
            return new TermQuery(new Term(Fields.SENDER, sender));
        }
        return new TermQuery(new Term(Fields.SENDER_DOMAIN, sender.startsWith("@") ? sender.substring(1) : sender));
    }

    private static Sort sort(QuarantineQuery.Sort sort) {
        String field = switch (sort.field()) {
            case DATE -> Fields.RECEIVED_AT;
            case SCORE -> Fields.SCORE;
            case SIZE -> Fields.SIZE;
        };
        SortField primary = new SortField(field, SortField.Type.LONG, sort.descending());
        // an entry without a value (no score) comes last in either direction
        primary.setMissingValue(sort.descending() ? Long.MIN_VALUE : Long.MAX_VALUE);
        return new Sort(primary, new SortField(Fields.ID, SortField.Type.STRING));
    }

    private static Document document(QuarantineEntry entry, String fullText) {
        Document document = new Document();
        document.add(new StringField(Fields.ID, entry.id(), Field.Store.NO));
        document.add(new SortedDocValuesField(Fields.ID, new BytesRef(entry.id())));
        document.add(new StringField(Fields.TENANT, entry.tenant().asString(), Field.Store.NO));
        document.add(new StringField(Fields.FAMILY, entry.family().asString(), Field.Store.NO));
        if (!entry.sender().isEmpty()) {
            String sender = lowerCase(entry.sender());
            document.add(new StringField(Fields.SENDER, sender, Field.Store.NO));
            document.add(new StringField(Fields.SENDER_DOMAIN, sender.substring(sender.lastIndexOf('@') + 1), Field.Store.NO));
        }
        entry.recipients().forEach(recipient ->
            document.add(new StringField(Fields.RECIPIENT, lowerCase(recipient), Field.Store.NO)));
        entry.reasons().forEach(reason -> document.add(new StringField(Fields.REASON, lowerCase(reason), Field.Store.NO)));
        document.add(new StringField(Fields.REASON, entry.family().asString(), Field.Store.NO));
        document.add(new TextField(Fields.TEXT, entry.subject(), Field.Store.NO));
        document.add(new TextField(Fields.TEXT, fullText, Field.Store.NO));
        long receivedAt = epochMillis(entry.receivedAt());
        document.add(new LongPoint(Fields.RECEIVED_AT, receivedAt));
        document.add(new NumericDocValuesField(Fields.RECEIVED_AT, receivedAt));
        entry.score().ifPresent(score -> document.add(new NumericDocValuesField(Fields.SCORE, score)));
        document.add(new LongPoint(Fields.SIZE, entry.size()));
        document.add(new NumericDocValuesField(Fields.SIZE, entry.size()));
        document.add(new StoredField(Fields.ENTRY, QuarantineEntryJson.write(entry)));
        return document;
    }

    private static QuarantineEntry entry(StoredFields stored, int doc) throws IOException {
        return QuarantineEntryJson.read(stored.document(doc, Set.of(Fields.ENTRY)).get(Fields.ENTRY));
    }

    private static String lowerCase(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    // dates are indexed to the millisecond, the precision of a mail's received date; instants beyond what a long holds
    // are clamped
    private static long epochMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // the first indexed millisecond at or after the instant: both bounds of a date range compare exactly with it
    private static long firstMillisecondFrom(Instant instant) {
        long millis = epochMillis(instant);
        boolean partial = instant.getNano() % 1_000_000 != 0 && millis != Long.MAX_VALUE;
        return partial ? millis + 1 : millis;
    }

    private void write(IndexOperation operation) {
        try {
            operation.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writes.incrementAndGet();
    }

    private <T> T withSearcher(SearcherFunction<T> function) {
        try {
            refreshIfStale();
            IndexSearcher searcher = searchers.acquire();
            try {
                return function.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // refreshing on read rather than after each write: a burst of writes costs one reopen, and still every write that
    // returned before this read began is seen
    private void refreshIfStale() throws IOException {
        long written = writes.get();
        if (searchable >= written) {
            return;
        }
        synchronized (refreshLock) {
            if (searchable < written) {
                searchers.maybeRefreshBlocking();
                searchable = Math.max(searchable, written);
            }
        }
    }

    @FunctionalInterface
    private interface IndexOperation {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
