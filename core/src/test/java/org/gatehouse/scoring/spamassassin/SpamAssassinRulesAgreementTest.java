package org.gatehouse.scoring.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.external.LoopbackSpamd;
import org.gatehouse.scoring.external.SpamdClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that Gatehouse runs SpamAssassin's own rules as SpamAssassin does: Debian's installed rules, loaded by
 * {@link SpamAssassinRules}, over the 280 messages of the project corpus, compared message by message with the rules a
 * real {@code spamd --local} (no network tests, no Bayes database) reports for the same bytes ({@code SYMBOLS}).
 * spamd's answers are asked once per run, never stored. Nothing is excluded from the comparison: network and Bayes
 * rules do not fire under {@code --local}, and rules computed from the Received chain (RDNS_NONE, ALL_TRUSTED...) are
 * emulated and counted.
 */
class SpamAssassinRulesAgreementTest {
    /** Share of spamd's rule firings that must come from rules Gatehouse runs. */
    static final double COVERAGE_FLOOR = 0.90;
    /** Share of (message, rule) pairs, over the supported rules, where Gatehouse and spamd agree that the rule hit. */
    static final double AGREEMENT_FLOOR = 0.98;

    private static final LoopbackSpamd SPAMD = new LoopbackSpamd();
    private static SpamAssassinRules rules;
    private static Map<String, Set<String>> spamd;
    private static Map<String, Set<String>> gatehouse;
    private static long gatehouseNanos;

    @BeforeAll
    static void compareWithSpamd() throws Exception {
        rules = SpamAssassinRules.load(RuleFiles.system(), 0);
        List<Path> corpus = ProjectCorpus.messages();
        SPAMD.start();
        spamd = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SpamdClient client = new SpamdClient(SPAMD.settings().withMaxSize(10 * 1024 * 1024));
            Map<String, Future<Set<String>>> answers = new LinkedHashMap<>();
            for (Path message : corpus) {
                answers.put(name(message), pool.submit(() -> new TreeSet<>(client.symbols(Files.readAllBytes(message)).symbols())));
            }
            // Gatehouse checks the corpus while spamd works through its queue
            gatehouse = new TreeMap<>();
            for (Path message : corpus) {
                byte[] raw = Files.readAllBytes(message);
                ParsedMessage parsed = ParsedMessage.parse(raw);
                long start = System.nanoTime();
                RuleResult result = rules.check(SaMessage.of(parsed, raw), Duration.ofSeconds(5));
                gatehouseNanos += System.nanoTime() - start;
                gatehouse.put(name(message), result.names());
            }
            for (var answer : answers.entrySet()) {
                spamd.put(answer.getKey(), answer.getValue().get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @AfterAll
    static void stopSpamd() throws Exception {
        SPAMD.stop();
    }

    @Test
    void rulesShouldCoverMostOfSpamdFiringsWhenCheckingTheProjectCorpus() {
        Map<String, Integer> firings = new TreeMap<>();
        spamd.values().forEach(symbols -> symbols.forEach(rule -> firings.merge(rule, 1, Integer::sum)));
        int total = firings.values().stream().mapToInt(Integer::intValue).sum();
        int covered = firings.entrySet().stream().filter(entry -> rules.supported().contains(entry.getKey()))
            .mapToInt(Map.Entry::getValue).sum();
        double coverage = (double) covered / total;
        System.out.printf("SpamAssassin rules: %d run, %d skipped, %d network/Bayes (not run offline); score set %d%n", rules.size(),
            rules.skipped().size(), rules.offline().size(), rules.scoreSet());
        System.out.printf("spamd --local over %d messages: %d rules fire, %d firings; Gatehouse runs %d of these rules, %d firings: coverage %.3f%n",
            spamd.size(), firings.size(), total, firings.keySet().stream().filter(rules.supported()::contains).count(), covered, coverage);
        System.out.println("Unsupported rules that fire under spamd (firings: reason): " + firings.entrySet().stream()
            .filter(entry -> !rules.supported().contains(entry.getKey()))
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .map(entry -> entry.getKey() + " " + entry.getValue() + ": " + rules.skipped().getOrDefault(entry.getKey(),
                rules.offline().contains(entry.getKey()) ? "network/Bayes" : "not defined"))
            .collect(Collectors.joining("; ")));
        System.out.printf("Gatehouse rule time (SpamAssassin view and every rule, message already parsed): %.2f ms per message on average%n", gatehouseNanos / 1e6 / gatehouse.size());
        System.out.printf("Regex rules run without a literal prefilter: %d: %s%n", rules.withoutLiteral().size(), String.join(" ", rules.withoutLiteral()));

        assertThat(spamd).hasSize(280);
        assertThat(coverage).isGreaterThanOrEqualTo(COVERAGE_FLOOR);
    }

    @Test
    void rulesShouldAgreeWithSpamdMessageByMessageWhenCheckingTheProjectCorpus() {
        Set<String> supported = rules.supported();
        int both = 0;
        int onlySpamd = 0;
        int onlyGatehouse = 0;
        Map<String, List<String>> differences = new TreeMap<>();
        for (String message : spamd.keySet()) {
            Set<String> theirs = new HashSet<>(spamd.get(message));
            theirs.retainAll(supported);
            Set<String> ours = gatehouse.get(message);
            Set<String> union = new TreeSet<>(theirs);
            union.addAll(ours);
            for (String rule : union) {
                boolean a = theirs.contains(rule);
                boolean b = ours.contains(rule);
                if (a && b) {
                    both++;
                } else {
                    if (a) {
                        onlySpamd++;
                    } else {
                        onlyGatehouse++;
                    }
                    differences.computeIfAbsent(rule, any -> new ArrayList<>()).add((a ? "spamd only: " : "gatehouse only: ") + message);
                }
            }
        }
        double agreement = (double) both / (both + onlySpamd + onlyGatehouse);
        System.out.printf("Agreement over supported rules: %d (message, rule) hits in both, %d spamd only, %d Gatehouse only: %.3f%n",
            both, onlySpamd, onlyGatehouse, agreement);
        differences.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, List<String>> entry) -> -entry.getValue().size()))
            .forEach(entry -> System.out.println("  difference " + entry.getKey() + " (" + entry.getValue().size() + "): "
                + String.join(", ", entry.getValue().subList(0, Math.min(6, entry.getValue().size())))));

        assertThat(both).isPositive();
        assertThat(agreement).isGreaterThanOrEqualTo(AGREEMENT_FLOOR);
    }

    private static String name(Path message) {
        return message.getParent().getFileName() + "/" + message.getFileName();
    }
}
