package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantineQuery;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.tenant.TenantId;

/**
 * Fills an on-disk quarantine index with generated entries (subjects and bodies of the SpamAssassin public corpus,
 * varied tenants, senders, dates, scores) and measures the indexing rate, search latency p50/p99 of typical queries,
 * the index size and the heap; each query is compared with the same filter done by scanning the entries in memory
 * (the best a quarantine without an index could do).
 *   QuarantineIndexBenchmark CORPUS_DIRECTORY INDEX_DIRECTORY [ENTRIES]
 */
public final class QuarantineIndexBenchmark {
    private static final int WARMUP = 200;
    private static final int RUNS = 1000;
    private static final int SCAN_RUNS = 20;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private record Document(QuarantineEntry entry, String text) {
    }

    private record Case(String name, Function<Integer, QuarantineQuery> query, Function<Integer, Predicate<Document>> scan) {
    }

    private QuarantineIndexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path indexDirectory = Path.of(args[1]);
        int entries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        List<String[]> messages = corpus(corpus);
        Random random = new Random(42);
        List<String> words = vocabulary(messages);

        List<Document> documents = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            String[] message = messages.get(i % messages.size());
            TenantId tenant = TenantId.of("tenant" + (i % 20));
            String sender = "user" + (i % 5000) + "@domain" + (i % 500) + ".example";
            QuarantineFamily family = i % 10 == 0 ? QuarantineFamily.POLICY : i % 25 == 0 ? QuarantineFamily.VIRUS : QuarantineFamily.SPAM;
            QuarantineEntry entry = new QuarantineEntry(tenant.asString() + "." + family.asString() + "." + new java.util.UUID(i, i),
                tenant, family, sender, List.of("rcpt" + (i % 3000) + "@" + tenant.asString() + ".example"), "192.0.2." + (i % 250),
                message[0] + " #" + i, T0.plusSeconds(30L * i), 2000 + random.nextInt(200_000),
                family == QuarantineFamily.SPAM ? Optional.of(40 + random.nextInt(61)) : Optional.empty(), Optional.empty(),
                List.of(family == QuarantineFamily.SPAM ? "BAYES_SPAM" : "CONTENT_DENIED_TYPE"), List.of(), "inbound",
                T0.plusSeconds(30L * i).plus(Duration.ofDays(14)));
            documents.add(new Document(entry, message[1]));
        }
        deleteRecursively(indexDirectory);

        long started = System.nanoTime();
        try (QuarantineIndex index = QuarantineIndex.open(indexDirectory)) {
            for (Document document : documents) {
                index.add(document.entry(), document.text());
            }
            index.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "Indexed %,d entries in %.1f s: %,.0f entries/s%n", entries, seconds, entries / seconds);
            System.out.printf(Locale.ROOT, "Index size on disk: %.1f MB%n", size(indexDirectory) / 1e6);

            long day = 86_400;
            List<Case> cases = List.of(
                new Case("free text (one corpus word)", n -> QuarantineQuery.all().withText(words.get(n % words.size())),
                    n -> document -> containsWord(document, words.get(n % words.size()))),
                new Case("sender address", n -> QuarantineQuery.all().withSender("user" + (n % 5000) + "@domain" + (n % 500) + ".example"),
                    n -> document -> document.entry().sender().equals("user" + (n % 5000) + "@domain" + (n % 500) + ".example")),
                new Case("sender domain", n -> QuarantineQuery.all().withSender("domain" + (n % 500) + ".example"),
                    n -> document -> document.entry().sender().endsWith("@domain" + (n % 500) + ".example")),
                new Case("date range (one day)", n -> QuarantineQuery.all().between(Optional.of(T0.plusSeconds((n % 30) * day)),
                    Optional.of(T0.plusSeconds((n % 30 + 1) * day))),
                    n -> document -> !document.entry().receivedAt().isBefore(T0.plusSeconds((n % 30) * day))
                        && document.entry().receivedAt().isBefore(T0.plusSeconds((n % 30 + 1) * day))),
                new Case("tenant + text, by score", n -> QuarantineQuery.all().withTenant(TenantId.of("tenant" + (n % 20)))
                    .withText(words.get(n % words.size())).sortedBy(new QuarantineQuery.Sort(QuarantineQuery.SortField.SCORE, true)),
                    n -> document -> document.entry().tenant().asString().equals("tenant" + (n % 20))
                        && containsWord(document, words.get(n % words.size()))));

            System.out.println();
            System.out.printf(Locale.ROOT, "%-30s %10s %10s %10s %14s %10s%n", "query (first page of 50)", "p50 ms", "p99 ms",
                "avg hits", "scan p50 ms", "scan/index");
            for (Case test : cases) {
                for (int n = 0; n < WARMUP; n++) {
                    index.search(test.query().apply(n));
                }
                long[] nanos = new long[RUNS];
                long hits = 0;
                for (int n = 0; n < RUNS; n++) {
                    long start = System.nanoTime();
                    hits += index.search(test.query().apply(n)).total();
                    nanos[n] = System.nanoTime() - start;
                }
                long[] scans = new long[SCAN_RUNS];
                for (int n = 0; n < SCAN_RUNS; n++) {
                    Predicate<Document> predicate = test.scan().apply(n);
                    long start = System.nanoTime();
                    long matched = documents.stream().filter(predicate).count();
                    scans[n] = System.nanoTime() - start + (matched < 0 ? 1 : 0);
                }
                Arrays.sort(nanos);
                Arrays.sort(scans);
                double p50 = nanos[RUNS / 2] / 1e6;
                double p99 = nanos[(int) (RUNS * 0.99)] / 1e6;
                double scanP50 = scans[SCAN_RUNS / 2] / 1e6;
                System.out.printf(Locale.ROOT, "%-30s %10.2f %10.2f %10.0f %14.1f %9.0fx%n", test.name(), p50, p99, (double) hits / RUNS,
                    scanP50, scanP50 / p50);
            }
            documents.clear();
            System.gc();
            Thread.sleep(500);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%nHeap used after GC with the index open: %.1f MB (max %.0f MB)%n",
                (runtime.totalMemory() - runtime.freeMemory()) / 1e6, runtime.maxMemory() / 1e6);
        }
    }

    private static boolean containsWord(Document document, String word) {
        String lower = (document.entry().subject() + "\n" + document.text()).toLowerCase(Locale.ROOT);
        return lower.contains(word);
    }

    /** Subject and readable text of every corpus message. */
    private static List<String[]> corpus(Path directory) throws IOException {
        List<String[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().matches("(?i).*(license|provenance).*"))
                .sorted().toList()) {
                ParsedMessage parsed = ParsedMessage.parse(Files.readAllBytes(file));
                String text = parsed.readableText();
                messages.add(new String[] {parsed.subject(), text.length() > 4000 ? text.substring(0, 4000) : text});
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("No messages under " + directory);
        }
        return messages;
    }

    /** Words of 5 to 10 letters that appear in the corpus: the free-text queries. */
    private static List<String> vocabulary(List<String[]> messages) {
        return messages.stream()
            .flatMap(message -> Arrays.stream((message[0] + " " + message[1]).toLowerCase(Locale.ROOT).split("[^a-z]+")))
            .filter(word -> word.length() >= 5 && word.length() <= 10)
            .distinct()
            .sorted()
            .limit(2000)
            .toList();
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
