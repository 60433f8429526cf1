package org.gatehouse.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.scoring.learning.BayesBand;
import org.gatehouse.scoring.learning.BayesClassifier;
import org.gatehouse.scoring.learning.BayesWeights;
import org.gatehouse.scoring.learning.TokenCounts;
import org.gatehouse.scoring.learning.TrainingTotals;

/**
 * Fits the shipped scoring weights on labelled folders ({@link WeightFit}), reports their held-out quality by
 * stratified k-fold cross-validation next to today's weights and spamd on the same messages, and with {@code --write}
 * regenerates the shipped weight table (and the script then {@code conf/scoring.properties} from it). Run by
 * {@code benchmarks/fit-weights.sh}.
 * <p>
 * Usage: {@code FitWeights [--with-sa] [--spamd-port N] [--folds K] [--seed S] [--lambda L] [--margin M] [--write REPO]
 * --spam DIR... --ham DIR...}
 */
public final class FitWeights {
    static final String PRIOR_RESOURCE = "prior-weights.properties";
    static final Path SHIPPED_TABLE = Path.of("core/src/main/resources/org/gatehouse/scoring/default-weights.properties");

    private record Labelled(List<MessageEvidence> messages, List<Boolean> spam) {
        Labelled subset(List<Integer> indices) {
            return new Labelled(indices.stream().map(messages::get).toList(), indices.stream().map(spam::get).toList());
        }
    }

    /**
     * The token classifier as a tenant's would be after learning the training messages (each message's tokens counted
     * once, as BayesLearning does), contributing its band's shipped weight (BayesWeights) to the score.
     */
    private record TokenModel(Map<Long, int[]> counts, TrainingTotals totals) {
        private static final BayesClassifier CLASSIFIER = new BayesClassifier();
        private static final BayesWeights WEIGHTS = BayesWeights.defaults();

        static TokenModel train(Labelled training) {
            Map<Long, int[]> counts = new HashMap<>();
            int spamMessages = 0;
            for (int i = 0; i < training.messages().size(); i++) {
                boolean spam = training.spam().get(i);
                spamMessages += spam ? 1 : 0;
                for (long token : training.messages().get(i).tokens()) {
                    counts.computeIfAbsent(token, any -> new int[2])[spam ? 0 : 1]++;
                }
            }
            return new TokenModel(counts, new TrainingTotals(spamMessages, training.messages().size() - spamMessages));
        }

        double points(MessageEvidence message) {
            List<TokenCounts> known = message.tokens().stream().map(counts::get).filter(Objects::nonNull)
                .map(count -> new TokenCounts(count[0], count[1])).toList();
            return WEIGHTS.weight(BayesBand.of(CLASSIFIER.classify(known, totals).spamProbability()));
        }
    }

    /** One way of scoring: fitted on the training folds, scores the held-out ones. */
    @FunctionalInterface
    private interface Variant {
        ToDoubleFunction<MessageEvidence> train(Labelled training);
    }

    private FitWeights() {
    }

    public static void main(String[] args) throws IOException {
        boolean withSa = false;
        int spamdPort = 0;
        int folds = 5;
        long seed = 20261207L;
        Optional<Path> write = Optional.empty();
        WeightFit.Settings settings = WeightFit.Settings.defaults();
        List<Path> spamFolders = new ArrayList<>();
        List<Path> hamFolders = new ArrayList<>();
        List<Path> target = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--with-sa" -> withSa = true;
                case "--spamd-port" -> spamdPort = Integer.parseInt(args[++i]);
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--write" -> write = Optional.of(Path.of(args[++i]));
                case "--lambda" -> settings = settings.withLambda(Double.parseDouble(args[++i]));
                case "--margin" -> settings = settings.withMargin(Double.parseDouble(args[++i]));
                case "--spam" -> target = spamFolders;
                case "--ham" -> target = hamFolders;
                default -> {
                    if (target == null) {
                        throw new IllegalArgumentException("usage: FitWeights [--with-sa] [--spamd-port N] [--folds K] [--seed S] "
                            + "[--lambda L] [--margin M] [--write REPO] --spam DIR... --ham DIR...");
                    }
                    target.add(Path.of(args[i]));
                }
            }
        }
        if (spamFolders.isEmpty() || hamFolders.isEmpty()) {
            throw new IllegalArgumentException("give at least one --spam and one --ham folder");
        }
        Properties priorTable = prior();
        Map<String, Double> prior = new LinkedHashMap<>();
        Signals.all().forEach(signal -> prior.put(signal.ruleId(), Double.parseDouble(priorTable.getProperty(signal.ruleId()).trim())));
        double saPrior = Double.parseDouble(priorTable.getProperty(ScoringWeights.SPAMASSASSIN_POINTS_PER_UNIT).trim());

        MessageEvidence.Extractor extractor = MessageEvidence.Extractor.create(withSa, spamdPort);
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        List<String> corpus = new ArrayList<>();
        read(spamFolders, true, extractor, messages, spam, corpus);
        read(hamFolders, false, extractor, messages, spam, corpus);
        Labelled all = new Labelled(messages, spam);
        boolean sa = extractor.hasSpamAssassin();
        long spamCount = spam.stream().filter(Boolean::booleanValue).count();
        System.out.printf(Locale.ROOT, "Corpus: %d spam, %d ham (%s); SpamAssassin rules in-process: %s; spamd: %s%n", spamCount,
            messages.size() - spamCount, String.join(", ", corpus), sa ? "yes" : "no", spamdPort > 0 ? "port " + spamdPort : "no");

        WeightFit fit = new WeightFit(settings);
        System.out.println("Fit settings: " + settings);
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("today's weights (no fit), SpamAssassin off", training -> message -> message.score(prior, false, saPrior));
        if (sa) {
            variants.put("today's weights (no fit) + SpamAssassin total x" + fmt(saPrior),
                training -> message -> message.score(prior, true, saPrior));
        }
        variants.put("fitted, SpamAssassin off (shipped)", training -> {
            WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
            return message -> weights.score(message, false);
        });
        if (sa) {
            variants.put("fitted + SpamAssassin total, its weight fitted alone (shipped)", training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
                double saWeight = fit.saWeight(training.messages(), training.spam(), weights.rules());
                return message -> message.score(weights.rules(), true, saWeight);
            });
            variants.put("fitted + SpamAssassin total (shipped) + token classifier trained on the training folds", training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
                double saWeight = fit.saWeight(training.messages(), training.spam(), weights.rules());
                TokenModel tokens = TokenModel.train(training);
                return message -> message.score(weights.rules(), true, saWeight, tokens.points(message));
            });
            variants.put("fitted jointly with the SpamAssassin total", training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, true, saPrior);
                return message -> weights.score(message, true);
            });
        }
        if (spamdPort > 0) {
            variants.put("spamd --local (score x10: 5.0 -> 50, 7.0 -> 70)", training -> message -> 10 * message.spamd().orElseThrow());
        }

        List<List<Integer>> foldIndices = stratifiedFolds(spam, folds, seed);
        System.out.printf(Locale.ROOT, "%nHeld-out quality, stratified %d-fold cross-validation (seed %d), pooled over the folds:%n%n", folds, seed);
        System.out.println(Roc.header("50", "70"));
        Map<String, List<String>> perFold = new LinkedHashMap<>();
        for (Map.Entry<String, Variant> variant : variants.entrySet()) {
            List<Double> spamScores = new ArrayList<>();
            List<Double> hamScores = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < folds; k++) {
                List<Integer> heldOut = foldIndices.get(k);
                List<Integer> training = new ArrayList<>();
                for (int other = 0; other < folds; other++) {
                    if (other != k) {
                        training.addAll(foldIndices.get(other));
                    }
                }
                ToDoubleFunction<MessageEvidence> scorer = variant.getValue().train(all.subset(training));
                List<Double> foldSpam = new ArrayList<>();
                List<Double> foldHam = new ArrayList<>();
                for (int index : heldOut) {
                    (spam.get(index) ? foldSpam : foldHam).add(scorer.applyAsDouble(messages.get(index)));
                }
                spamScores.addAll(foldSpam);
                hamScores.addAll(foldHam);
                Roc roc = roc(foldSpam, foldHam);
                lines.add(String.format(Locale.ROOT, "  fold %d: caught at 0 %% ham %.1f %%; at 70: spam %s, ham stopped %s", k + 1,
                    100 * roc.caughtAtFalsePositiveRate(0), Roc.percent(roc.spamRateAt(70), foldSpam.size()),
                    Roc.percent(roc.hamRateAt(70), foldHam.size())));
            }
            System.out.println(roc(spamScores, hamScores).row(variant.getKey(), 50, 70));
            perFold.put(variant.getKey(), lines);
        }
        System.out.println();
        perFold.forEach((variant, lines) -> {
            System.out.println(variant + ":");
            lines.forEach(System.out::println);
        });

        WeightFit.Weights shipped = fit.fit(messages, spam, prior, false, saPrior);
        double shippedSa = sa ? fit.saWeight(messages, spam, shipped.rules()) : saPrior;
        Optional<WeightFit.Weights> joint = sa ? Optional.of(fit.fit(messages, spam, prior, true, saPrior)) : Optional.empty();
        System.out.printf(Locale.ROOT, "%nWeights fitted on all %d messages (frozen: fewer than %d hits, prior kept):%n%n", messages.size(),
            settings.minHits());
        System.out.println("| rule | spam hits | ham hits | prior | fitted (shipped) |" + (sa ? " fitted jointly with SA |" : ""));
        System.out.println("|---|---:|---:|---:|---:|" + (sa ? "---:|" : ""));
        for (String rule : prior.keySet()) {
            long spamHits = count(all, rule, true);
            long hamHits = count(all, rule, false);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s%s |%s%n", rule, spamHits, hamHits, fmt(prior.get(rule)),
                fmt(shipped.rules().get(rule)), shipped.frozen().contains(rule) ? " (frozen)" : "",
                joint.map(weights -> " " + fmt(weights.rules().get(rule)) + " |").orElse(""));
        }
        Map<String, Double> phishing = new TreeMap<>();
        messages.forEach(message -> message.phishing().forEach(phishing::putIfAbsent));
        phishing.forEach((rule, points) -> {
            long spamHits = 0;
            long hamHits = 0;
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).phishing().containsKey(rule)) {
                    spamHits += spam.get(i) ? 1 : 0;
                    hamHits += spam.get(i) ? 0 : 1;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s (not fitted) |%s%n", rule, spamHits, hamHits, fmt(points), fmt(points),
                sa ? " |" : "");
        });
        System.out.printf(Locale.ROOT, "| SpamAssassin total (points per SA point) | | | %s | %s |%s%n", fmt(saPrior), fmt(shippedSa),
            joint.map(weights -> " " + fmt(weights.saPointsPerUnit()) + " |").orElse(""));
        if (!sa) {
            System.out.println("(SpamAssassin rules not run: the SpamAssassin weight stays at its prior)");
        }
        Roc fitted = roc(scores(all, true, message -> shipped.score(message, false)), scores(all, false, message -> shipped.score(message, false)));
        System.out.printf(Locale.ROOT, "Shipped weights on the data they were fitted on (not held out): at 70 spam %s, ham %s; "
            + "at 50 spam %s, ham %s%n", Roc.percent(fitted.spamRateAt(70), fitted.spamCount()), Roc.percent(fitted.hamRateAt(70),
            fitted.hamCount()), Roc.percent(fitted.spamRateAt(50), fitted.spamCount()), Roc.percent(fitted.hamRateAt(50), fitted.hamCount()));

        if (write.isPresent()) {
            String provenance = "benchmarks/fit-weights.sh" + (withSa ? " --with-sa" : "") + " on "
                + LocalDate.now(ZoneOffset.UTC) + ", corpus " + String.join(", ", corpus) + ", " + folds + "-fold seed " + seed;
            writeTable(write.get(), shipped.rules(), shippedSa, provenance);
            System.out.println("\nWrote " + SHIPPED_TABLE + " (" + provenance + ")");
        }
    }

    private static void read(List<Path> folders, boolean isSpam, MessageEvidence.Extractor extractor, List<MessageEvidence> messages,
                             List<Boolean> spam, List<String> corpus) throws IOException {
        for (Path folder : folders) {
            List<CorpusFolder.Message> read = CorpusFolder.read(folder);
            for (CorpusFolder.Message message : read) {
                messages.add(extractor.of(message));
                spam.add(isSpam);
            }
            corpus.add(folder.getFileName() + " " + read.size() + (isSpam ? " spam" : " ham"));
        }
    }

    /** Each label's messages shuffled with the seed and dealt in turn to the folds, so every fold has the corpus's mix. */
    static List<List<Integer>> stratifiedFolds(List<Boolean> spam, int folds, long seed) {
        List<List<Integer>> result = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            result.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        for (boolean label : List.of(true, false)) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < spam.size(); i++) {
                if (spam.get(i) == label) {
                    indices.add(i);
                }
            }
            Collections.shuffle(indices, random);
            for (int i = 0; i < indices.size(); i++) {
                result.get(i % folds).add(indices.get(i));
            }
        }
        return result;
    }

    private static Roc roc(List<Double> spam, List<Double> ham) {
        return new Roc(spam.stream().mapToDouble(Double::doubleValue).toArray(), ham.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static List<Double> scores(Labelled all, boolean spam, ToDoubleFunction<MessageEvidence> scorer) {
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < all.messages().size(); i++) {
            if (all.spam().get(i) == spam) {
                scores.add(scorer.applyAsDouble(all.messages().get(i)));
            }
        }
        return scores;
    }

    private static long count(Labelled all, String rule, boolean spam) {
        long hits = 0;
        for (int i = 0; i < all.messages().size(); i++) {
            if (all.spam().get(i) == spam && all.messages().get(i).rules().contains(rule)) {
                hits++;
            }
        }
        return hits;
    }

    private static Properties prior() {
        Properties table = new Properties();
        try (InputStream in = FitWeights.class.getResourceAsStream(PRIOR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + PRIOR_RESOURCE);
            }
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /**
     * Writes the shipped table in the prior's layout (its groups and their comments, the fitted values) under a header
     * saying how it was made.
     */
    private static void writeTable(Path repository, Map<String, Double> weights, double saWeight, String provenance) throws IOException {
        Map<String, String> values = new TreeMap<>();
        weights.forEach((rule, weight) -> values.put(rule, fmt(weight)));
        values.put(ScoringWeights.SPAMASSASSIN_POINTS_PER_UNIT, fmt(saWeight));
        List<String> priorLines;
        try (InputStream in = FitWeights.class.getResourceAsStream(PRIOR_RESOURCE)) {
            priorLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> table = new ArrayList<>(List.of(
            "# Default weight of every scoring rule (docs/scoring.md). The spam score is the sum of the weights of the rules that",
            "# fired, rounded and clamped to 0-100; GTUBE always scores 100. Tenants override single rules.",
            "# GENERATED by " + provenance + ".",
            "# Fitted (WeightFit): class-weighted logistic regression (a ham counts 30 spam), weak L2 towards the hand-set prior",
            "# weights (benchmarks/src/main/resources/org/gatehouse/benchmarks/prior-weights.properties), weights 1-60, a rule",
            "# with fewer than 4 hits in the corpus keeps its prior; scaled so that no corpus ham reaches 65. Change the prior",
            "# or the corpus and run the tool again rather than editing this file (docs/scoring.md, \"Where the weights come from\")."));
        boolean body = false;
        for (String line : priorLines) {
            body |= line.isEmpty();
            if (body) {
                table.add(substitute(line, values));
            }
        }
        Files.write(repository.resolve(SHIPPED_TABLE), table, StandardCharsets.ISO_8859_1);
    }

    private static String substitute(String line, Map<String, String> values) {
        int equals = line.indexOf('=');
        if (line.startsWith("#") || equals < 0) {
            return line;
        }
        String key = line.substring(0, equals);
        return values.containsKey(key) ? key + "=" + values.get(key) : line;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
