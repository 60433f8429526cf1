package org.gatehouse.quarantine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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
import org.gatehouse.shaded.lucene.index.DirectoryReader;
import org.gatehouse.shaded.lucene.index.IndexWriter;
import org.gatehouse.shaded.lucene.index.IndexWriterConfig;
import org.gatehouse.shaded.lucene.index.LeafReader;
import org.gatehouse.shaded.lucene.index.LeafReaderContext;
import org.gatehouse.shaded.lucene.index.StoredFields;
import org.gatehouse.shaded.lucene.index.Term;
import org.gatehouse.shaded.lucene.queryparser.simple.SimpleQueryParser;
import org.gatehouse.shaded.lucene.search.BooleanClause;
import org.gatehouse.shaded.lucene.search.BooleanQuery;
import org.gatehouse.shaded.lucene.search.IndexSearcher;
import org.gatehouse.shaded.lucene.search.MatchAllDocsQuery;
import org.gatehouse.shaded.lucene.search.Query;
import org.gatehouse.shaded.lucene.search.ScoreDoc;
import org.gatehouse.shaded.lucene.search.SearcherManager;
import org.gatehouse.shaded.lucene.search.Sort;
import org.gatehouse.shaded.lucene.search.SortField;
import org.gatehouse.shaded.lucene.search.TermQuery;
import org.gatehouse.shaded.lucene.search.TopDocs;
import org.gatehouse.shaded.lucene.store.ByteBuffersDirectory;
import org.gatehouse.shaded.lucene.store.Directory;
import org.gatehouse.shaded.lucene.store.FSDirectory;
import org.gatehouse.shaded.lucene.util.BytesRef;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The quarantine's search index (Lucene 9, relocated): metadata fields, the free text of subject, body and
 * attachments, and sort keys for date, score and size. Writes are visible to the next search; they are durable after
 * {@link #commit()} (and at {@link #close()}). The index is only a view: the repositories are the truth and can
 * refill it at any time.
 */
public final class QuarantineIndex implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineIndex.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String ID = "id";
    private static final String TENANT = "tenant";
    private static final String SENDER = "sender";
    private static final String SENDER_DOMAIN = "senderDomain";
    private static final String RECIPIENT = "recipient";
    private static final String REASON = "reason";
    private static final String TEXT = "text";
    private static final String DATE = "date";
    private static final String SIZE = "size";
    private static final String SCORE = "score";
    private static final String ENTRY = "entry";
    private static final String ID_SORT = "idSort";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final AtomicBoolean changed = new AtomicBoolean();

    private QuarantineIndex(Directory directory) throws IOException {
        this.directory = directory;
        this.writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (or creates) the index in this directory; a failure to read it is thrown. */
    public static QuarantineIndex open(Path path) throws IOException {
        Files.createDirectories(path);
        return new QuarantineIndex(FSDirectory.open(path));
    }

    /** Opens the index, or starts an empty one when the directory holds an index that cannot be read. */
    public static QuarantineIndex openOrRecreate(Path path) {
        try {
            return open(path);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("The quarantine index in {} cannot be read ({}); starting an empty one, refilled from the repositories",
                path, e.toString());
            try {
                deleteContents(path);
                return open(path);
            } catch (IOException again) {
                throw new UncheckedIOException("Cannot create the quarantine index in " + path, again);
            }
        }
    }

    /** An index in memory, gone when closed. */
    public static QuarantineIndex inMemory() {
        try {
            return new QuarantineIndex(new ByteBuffersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indexes the entry, replacing any earlier version with the same id. */
    public void add(QuarantineEntry entry, String fullText) {
        Document document = new Document();
        document.add(new StringField(ID, entry.id(), Field.Store.YES));
        document.add(new SortedDocValuesField(ID_SORT, new BytesRef(entry.id())));
        document.add(new StringField(TENANT, entry.tenant().asString(), Field.Store.NO));
        String sender = entry.sender().toLowerCase(Locale.ROOT);
        document.add(new StringField(SENDER, sender, Field.Store.NO));
        int at = sender.lastIndexOf('@');
        if (at >= 0) {
            document.add(new StringField(SENDER_DOMAIN, sender.substring(at + 1), Field.Store.NO));
        }
        entry.recipients().forEach(recipient -> document.add(new StringField(RECIPIENT, recipient.toLowerCase(Locale.ROOT), Field.Store.NO)));
        document.add(new StringField(REASON, entry.family().asString(), Field.Store.NO));
        entry.reasons().forEach(reason -> document.add(new StringField(REASON, reason, Field.Store.NO)));
        document.add(new TextField(TEXT, entry.subject() + "\n" + fullText, Field.Store.NO));
        long received = entry.receivedAt().toEpochMilli();
        document.add(new LongPoint(DATE, received));
        document.add(new NumericDocValuesField(DATE, received));
        document.add(new LongPoint(SIZE, entry.size()));
        document.add(new NumericDocValuesField(SIZE, entry.size()));
        entry.score().ifPresent(score -> document.add(new NumericDocValuesField(SCORE, score)));
        document.add(new StoredField(ENTRY, write(entry)));
        try {
            writer.updateDocument(new Term(ID, entry.id()), document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index quarantine entry " + entry.id(), e);
        }
        changed.set(true);
    }

    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove quarantine entry " + id + " from the index", e);
        }
        changed.set(true);
    }

    public void deleteAll() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty the quarantine index", e);
        }
        changed.set(true);
    }

    /** Makes every write so far durable. */
    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit the quarantine index", e);
        }
    }

    public Optional<QuarantineEntry> get(String id) {
        return withSearcher(searcher -> {
            TopDocs found = searcher.search(new TermQuery(new Term(ID, id)), 1);
            if (found.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(read(searcher.storedFields().document(found.scoreDocs[0].doc).get(ENTRY)));
        });
    }

    /** Every indexed id, to compare with the repositories. */
    public Set<String> ids() {
        return withSearcher(searcher -> {
            Set<String> ids = new HashSet<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                StoredFields stored = reader.storedFields();
                var live = reader.getLiveDocs();
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        ids.add(stored.document(doc, Set.of(ID)).get(ID));
                    }
                }
            }
            return ids;
        });
    }

    public long count() {
        return withSearcher(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    public QuarantinePage search(QuarantineQuery query) {
        Query lucene = toLucene(query);
        return withSearcher(searcher -> {
            long total = searcher.count(lucene);
            int wanted = query.offset() + query.limit();
            if (query.limit() == 0 || query.offset() >= total) {
                return new QuarantinePage(total, List.of());
            }
            TopDocs top = searcher.search(lucene, Math.min(wanted, (int) Math.min(total, Integer.MAX_VALUE)), sort(query.sort()), false);
            List<QuarantineEntry> items = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            ScoreDoc[] docs = top.scoreDocs;
            for (int i = query.offset(); i < docs.length; i++) {
                items.add(read(stored.document(docs[i].doc, Set.of(ENTRY)).get(ENTRY)));
            }
            return new QuarantinePage(total, items);
        });
    }

    private Query toLucene(QuarantineQuery query) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        boolean any = false;
        if (query.tenant().isPresent()) {
            builder.add(new TermQuery(new Term(TENANT, query.tenant().get().asString())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (query.sender().isPresent()) {
            String sender = query.sender().get().trim().toLowerCase(Locale.ROOT);
            builder.add(new TermQuery(new Term(sender.contains("@") ? SENDER : SENDER_DOMAIN, sender)), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (query.recipient().isPresent()) {
            builder.add(new TermQuery(new Term(RECIPIENT, query.recipient().get().trim().toLowerCase(Locale.ROOT))), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (query.reason().isPresent()) {
            builder.add(new TermQuery(new Term(REASON, query.reason().get().trim())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (query.from().isPresent() || query.to().isPresent()) {
            long from = query.from().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
            long to = query.to().map(instant -> instant.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
            builder.add(LongPoint.newRangeQuery(DATE, from, to), BooleanClause.Occur.FILTER);
            any = true;
        }
        Optional<String> text = query.text().map(String::trim).filter(value -> !value.isEmpty());
        if (text.isPresent()) {
            SimpleQueryParser parser = new SimpleQueryParser(analyzer, TEXT);
            parser.setDefaultOperator(BooleanClause.Occur.MUST);
            Query parsed = parser.parse(text.get());
            // a text of only operators or stop words parses to nothing: it matches nothing rather than everything
            builder.add(parsed == null ? new BooleanQuery.Builder().build() : parsed, BooleanClause.Occur.MUST);
            any = true;
        }
        return any ? builder.build() : new MatchAllDocsQuery();
    }

    private static Sort sort(QuarantineQuery.Sort sort) {
        SortField primary = switch (sort.field()) {
            case DATE -> new SortField(DATE, SortField.Type.LONG, sort.descending());
            case SIZE -> new SortField(SIZE, SortField.Type.LONG, sort.descending());
            case SCORE -> {
                SortField score = new SortField(SCORE, SortField.Type.LONG, sort.descending());
                // an entry without a score comes last either way
                score.setMissingValue(sort.descending() ? Long.MIN_VALUE : Long.MAX_VALUE);
                yield score;
            }
        };
        return new Sort(primary, new SortField(ID_SORT, SortField.Type.STRING, sort.descending()));
    }

    @FunctionalInterface
    private interface SearchWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearchWork<T> work) {
        try {
            if (changed.getAndSet(false)) {
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search the quarantine index", e);
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    private static String write(QuarantineEntry entry) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", entry.id());
        json.put("tenant", entry.tenant().asString());
        json.put("family", entry.family().asString());
        json.put("sender", entry.sender());
        ArrayNode recipients = json.putArray("recipients");
        entry.recipients().forEach(recipients::add);
        json.put("clientIp", entry.clientIp());
        json.put("subject", entry.subject());
        json.put("receivedAt", entry.receivedAt().toString());
        json.put("size", entry.size());
        entry.score().ifPresent(score -> json.put("score", score));
        entry.category().ifPresent(category -> json.put("category", category));
        ArrayNode reasons = json.putArray("reasons");
        entry.reasons().forEach(reasons::add);
        ArrayNode explanation = json.putArray("explanation");
        entry.explanation().forEach(explanation::add);
        json.put("direction", entry.direction());
        json.put("retainUntil", entry.retainUntil().toString());
        return json.toString();
    }

    private static QuarantineEntry read(String stored) {
        try {
            JsonNode json = MAPPER.readTree(stored);
            return new QuarantineEntry(json.get("id").asText(), TenantId.of(json.get("tenant").asText()),
                QuarantineFamily.parse("family", json.get("family").asText()), json.get("sender").asText(), strings(json.get("recipients")),
                json.get("clientIp").asText(), json.get("subject").asText(), Instant.parse(json.get("receivedAt").asText()),
                json.get("size").asLong(), Optional.ofNullable(json.get("score")).map(JsonNode::asInt),
                Optional.ofNullable(json.get("category")).map(JsonNode::asText), strings(json.get("reasons")),
                strings(json.get("explanation")), json.get("direction").asText(), Instant.parse(json.get("retainUntil").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable quarantine index entry", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void deleteContents(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).filter(file -> !file.equals(path)).toList()) {
                Files.delete(file);
            }
        }
    }
}
