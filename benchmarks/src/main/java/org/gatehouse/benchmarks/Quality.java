package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesContributor;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesSettings;

/**
 * Scores labelled folders with the shipped defaults, in-process, as the gateway's scorer does (parse once, Gatehouse's
 * rules, the phishing checks of a tenant's default policy, SpamAssassin's rules when they are installed and not turned
 * off with {@code --no-sa}), and prints spam (and phishing) caught at ham false-positive rates of 0, 0.1, 1 and 2 %,
 * the rates at the thresholds 50 and 70, each rule's hits per folder and the time per message. Run by
 * {@code benchmarks/quality.sh}.
 * <p>
 * Usage: {@code Quality [--no-sa] SPAM_DIR HAM_DIR [PHISH_DIR]}
 */
public final class Quality {
    private Quality() {
    }

    public static void main(String[] args) throws IOException {
        List<String> folders = new ArrayList<>(Arrays.asList(args));
        boolean withSa = !folders.remove("--no-sa");
        if (folders.size() < 2 || folders.size() > 3) {
            throw new IllegalArgumentException("usage: Quality [--no-sa] SPAM_DIR HAM_DIR [PHISH_DIR]");
        }
        MessageEvidence.Extractor extractor = MessageEvidence.Extractor.create(withSa, 0);
        Map<String, Double> weights = new TreeMap<>();
        ScoringWeights defaults = ScoringWeights.defaults();
        Signals.all().forEach(signal -> weights.put(signal.ruleId(), defaults.weight(signal.ruleId())));
        double saPoints = SpamAssassinRulesSettings.DEFAULT_POINTS_PER_UNIT;
        boolean sa = extractor.hasSpamAssassin();

        List<MessageEvidence> spam = read(Path.of(folders.get(0)), extractor);
        List<MessageEvidence> ham = read(Path.of(folders.get(1)), extractor);
        Optional<List<MessageEvidence>> phish = folders.size() == 3 ? Optional.of(read(Path.of(folders.get(2)), extractor)) : Optional.empty();
        System.out.printf(Locale.ROOT, "Shipped default weights; phishing: a tenant's default policy; SpamAssassin rules: %s%n%n",
            sa ? "yes, " + saPoints + " points per SpamAssassin point" : (withSa ? "not installed" : "off (--no-sa)"));

        double[] hamScores = scores(ham, weights, sa, saPoints);
        System.out.println(Roc.header("50", "70"));
        System.out.println(new Roc(scores(spam, weights, sa, saPoints), hamScores).row("spam " + spam.size() + " / ham " + ham.size(), 50, 70));
        phish.ifPresent(messages -> System.out.println(new Roc(scores(messages, weights, sa, saPoints), hamScores)
            .row("phishing " + messages.size() + " / ham " + ham.size(), 50, 70)));
        phish.ifPresent(messages -> System.out.printf(Locale.ROOT, "%nPhishing action (findings reach the policy's threshold 40): "
            + "phishing %s, ham %s%n", Roc.percent(share(messages), messages.size()), Roc.percent(share(ham), ham.size())));

        System.out.printf(Locale.ROOT, "%nRule hits (Gatehouse, PHISH_*, %s*):%n%n| rule | spam | ham |%s%n|---|---:|---:|%s%n",
            SpamAssassinRulesContributor.PREFIX, phish.isPresent() ? " phishing |" : "", phish.isPresent() ? "---:|" : "");
        Map<String, long[]> hits = new TreeMap<>();
        List<List<MessageEvidence>> sets = new ArrayList<>(List.of(spam, ham));
        phish.ifPresent(sets::add);
        for (int set = 0; set < sets.size(); set++) {
            for (MessageEvidence message : sets.get(set)) {
                int column = set;
                Stream.of(message.rules().stream(), message.phishing().keySet().stream(),
                        message.saHits().stream().map(name -> SpamAssassinRulesContributor.PREFIX + name))
                    .flatMap(rules -> rules)
                    .forEach(rule -> hits.computeIfAbsent(rule, any -> new long[sets.size()])[column]++);
            }
        }
        hits.entrySet().stream()
            .sorted(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> -(entry.getValue()[0] + entry.getValue()[1]))
                .thenComparing((Map.Entry<String, long[]> entry) -> entry.getKey()))
            .forEach(entry -> System.out.println("| " + entry.getKey() + " | "
                + String.join(" | ", Arrays.stream(entry.getValue()).mapToObj(Long::toString).toList()) + " |"));

        List<Long> nanos = new ArrayList<>();
        sets.forEach(set -> set.forEach(message -> nanos.add(message.nanos())));
        nanos.sort(Long::compare);
        System.out.printf(Locale.ROOT, "%nTime per message (parse + Gatehouse rules + phishing%s, one thread, first messages include "
            + "JIT warm-up): mean %.1f ms, p50 %.1f ms, p99 %.1f ms over %d messages%n", sa ? " + SpamAssassin rules" : "",
            nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6, nanos.get(nanos.size() / 2) / 1e6,
            nanos.get(Math.min(nanos.size() - 1, (int) Math.ceil(nanos.size() * 0.99) - 1)) / 1e6, nanos.size());
    }

    private static List<MessageEvidence> read(Path folder, MessageEvidence.Extractor extractor) throws IOException {
        List<MessageEvidence> evidence = new ArrayList<>();
        for (CorpusFolder.Message message : CorpusFolder.read(folder)) {
            evidence.add(extractor.of(message));
        }
        if (evidence.isEmpty()) {
            throw new IOException("no messages in " + folder);
        }
        return evidence;
    }

    private static double[] scores(List<MessageEvidence> messages, Map<String, Double> weights, boolean sa, double saPoints) {
        return messages.stream().mapToDouble(message -> message.score(weights, sa, saPoints)).toArray();
    }

    private static double share(List<MessageEvidence> messages) {
        return (double) messages.stream().filter(MessageEvidence::phishingAction).count() / messages.size();
    }
}
