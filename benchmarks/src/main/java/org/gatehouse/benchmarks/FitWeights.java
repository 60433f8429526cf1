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
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
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
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.scoring.learning.BayesBand;
import org.gatehouse.scoring.learning.BayesClassifier;
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
    static final String PRIOR_BANDS_RESOURCE = "prior-bayes-weights.properties";
    static final Path SHIPPED_TABLE = Path.of("core/src/main/resources/org/gatehouse/scoring/default-weights.properties");
    static final Path SHIPPED_BANDS = Path.of("core/src/main/resources/org/gatehouse/scoring/learning/bayes-weights.properties");
    static final String PRIOR_BANDS_ROW = "fitted + SpamAssassin total (shipped) + token classifier trained on the training folds, "
        + "hand-set band weights";
    static final String FITTED_BANDS_ROW = "fitted + SpamAssassin total (shipped) + token classifier trained on the training folds, "
        + "band weights fitted (nested), BAYES_UNSURE fixed at 0, free cut (session 17)";
    /** The band weights' L2 penalties tried by {@link #tuneBands}, strongest first (the first is the rules' own). */
    static final double[] BAND_LAMBDAS = {WeightFit.DEFAULT_LAMBDA, 0.00001, 0.000003, 0.000001, 0};
    static final String UNSURE_BANDS_ROW = "fitted + SpamAssassin total (shipped) + token classifier trained on the training folds, "
        + "band weights fitted at the thresholds with BAYES_UNSURE, L2 by inner cross-validation (nested)";

    private record Labelled(List<MessageEvidence> messages, List<Boolean> spam) {
        Labelled subset(List<Integer> indices) {
            return new Labelled(indices.stream().map(messages::get).toList(), indices.stream().map(spam::get).toList());
        }
    }

    /**
     * The token classifier as a tenant's would be after learning the training messages (each message's tokens counted
     * once, as BayesLearning does); it answers a message's band, whose weight the caller chooses.
     */
    private record TokenModel(Map<Long, int[]> counts, TrainingTotals totals) {
        private static final BayesClassifier CLASSIFIER = new BayesClassifier();

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

        BayesBand band(MessageEvidence message) {
            List<TokenCounts> known = message.tokens().stream().map(counts::get).filter(Objects::nonNull)
                .map(count -> new TokenCounts(count[0], count[1])).toList();
            return BayesBand.of(CLASSIFIER.classify(known, totals).spamProbability());
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
        Properties priorTable = prior(PRIOR_RESOURCE);
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
        System.out.println("Fit settings: " + settings + "; band weights' L2 tried: " + Arrays.toString(BAND_LAMBDAS));
        Properties bandTable = prior(PRIOR_BANDS_RESOURCE);
        Map<BayesBand, Double> bandPrior = new EnumMap<>(BayesBand.class);
        for (BayesBand band : BayesBand.values()) {
            bandPrior.put(band, Double.parseDouble(bandTable.getProperty(band.ruleId()).trim()));
        }
        int innerFolds = folds;
        long innerSeed = seed;
        Map<String, Variant> variants = new LinkedHashMap<>();
        List<String> tunedPerFold = new ArrayList<>();
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
            variants.put(PRIOR_BANDS_ROW, training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
                double saWeight = fit.saWeight(training.messages(), training.spam(), weights.rules());
                TokenModel tokens = TokenModel.train(training);
                return message -> message.score(weights.rules(), true, saWeight, bandPrior.get(tokens.band(message)));
            });
            variants.put(FITTED_BANDS_ROW, training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
                double saWeight = fit.saWeight(training.messages(), training.spam(), weights.rules());
                Map<BayesBand, Double> bands = fitBands(fit, training, weights.rules(), saWeight, bandPrior, innerFolds, innerSeed, false)
                    .weights();
                TokenModel tokens = TokenModel.train(training);
                return message -> message.score(weights.rules(), true, saWeight, bands.get(tokens.band(message)));
            });
            variants.put(UNSURE_BANDS_ROW, training -> {
                WeightFit.Weights weights = fit.fit(training.messages(), training.spam(), prior, false, saPrior);
                double saWeight = fit.saWeight(training.messages(), training.spam(), weights.rules());
                TunedBands tuned = tuneBands(fit, training, prior, saPrior, weights.rules(), saWeight, bandPrior, innerFolds, innerSeed);
                Map<BayesBand, Double> bands = tuned.bands().weights();
                tunedPerFold.add(String.format(Locale.ROOT, "  L2 %s: %s", tuned.lambda(), bands));
                TokenModel tokens = TokenModel.train(training);
                return message -> message.score(weights.rules(), true, saWeight, bands.get(tokens.band(message)));
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
        Map<String, Roc> pooled = new LinkedHashMap<>();
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
            pooled.put(variant.getKey(), roc(spamScores, hamScores));
            System.out.println(pooled.get(variant.getKey()).row(variant.getKey(), 50, 70));
            perFold.put(variant.getKey(), lines);
        }
        System.out.println();
        perFold.forEach((variant, lines) -> {
            System.out.println(variant + ":");
            lines.forEach(System.out::println);
        });
        if (!tunedPerFold.isEmpty()) {
            System.out.println("Band weights' L2 chosen by inner cross-validation and the band weights, per outer fold (" + UNSURE_BANDS_ROW + "):");
            tunedPerFold.forEach(System.out::println);
        }

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

        Optional<WeightFit.BandWeights> fittedBands = Optional.empty();
        boolean bandsBetter = false;
        if (sa) {
            TunedBands tuned = tuneBands(fit, all, prior, saPrior, shipped.rules(), shippedSa, bandPrior, folds, seed);
            fittedBands = Optional.of(tuned.bands());
            System.out.printf(Locale.ROOT, "%nBand weights' L2 chosen by cross-validation on all %d messages: %s%n", messages.size(),
                tuned.lambda());
            List<BayesBand> bands = honestBands(all, folds, seed);
            System.out.printf(Locale.ROOT, "%nToken classifier band weights fitted on all %d messages (each message banded by a classifier "
                + "trained on the other %d folds; frozen: fewer than %d messages, prior kept):%n%n", messages.size(), folds - 1,
                settings.minHits());
            System.out.println("| band | spam | ham | prior (hand-set) | fitted |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (BayesBand band : BayesBand.values()) {
                long spamIn = 0;
                long hamIn = 0;
                for (int i = 0; i < messages.size(); i++) {
                    if (bands.get(i) == band) {
                        spamIn += spam.get(i) ? 1 : 0;
                        hamIn += spam.get(i) ? 0 : 1;
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s%s |%n", band.ruleId(), spamIn, hamIn, fmt(bandPrior.get(band)),
                    fmt(fittedBands.get().weights().get(band)), fittedBands.get().frozen().contains(band) ? " (frozen)" : "");
            }
            bandsBetter = better(pooled.get(UNSURE_BANDS_ROW), pooled.get(PRIOR_BANDS_ROW));
            System.out.println("Fitted band weights better held out than the hand-set ones (fewer ham stopped at 70, then more spam "
                + "stopped at 70, then more caught at 0 % ham): " + (bandsBetter ? "yes, --write ships them" : "no, --write ships the hand-set ones"));
        }

        if (write.isPresent()) {
            String provenance = "benchmarks/fit-weights.sh" + (withSa ? " --with-sa" : "") + " on "
                + LocalDate.now(ZoneOffset.UTC) + ", corpus " + String.join(", ", corpus) + ", " + folds + "-fold seed " + seed;
            writeTable(write.get(), shipped.rules(), shippedSa, provenance);
            System.out.println("\nWrote " + SHIPPED_TABLE + " (" + provenance + ")");
            if (sa) {
                writeBands(write.get(), bandsBetter ? fittedBands.orElseThrow().weights() : bandPrior, bandsBetter, provenance);
                System.out.println("Wrote " + SHIPPED_BANDS + " (" + provenance + ")");
            }
        }
    }

    /**
     * Band weights fitted on {@code training} without ever banding a message by a classifier that learnt it: the training
     * messages are split again into {@code folds} stratified inner folds, each inner fold is banded by a classifier
     * trained on the other inner folds, and the band weights are fitted on those bands on top of the fixed rule weights.
     */
    private static WeightFit.BandWeights fitBands(WeightFit fit, Labelled training, Map<String, Double> rules, double saWeight,
                                                  Map<BayesBand, Double> prior, int folds, long seed, boolean atThresholds) {
        return fit.bandWeights(training.messages(), training.spam(), honestBands(training, folds, seed),
            (message, points) -> message.score(rules, true, saWeight, points), prior, atThresholds);
    }

    /** Band weights fitted with the L2 penalty {@code lambda} chosen by cross-validation ({@link #tuneBands}). */
    private record TunedBands(WeightFit.BandWeights bands, double lambda) {
    }

    /**
     * Band weights ({@link #fitBands}, BAYES_UNSURE fitted too, at the thresholds) with their L2 penalty chosen among
     * {@link #BAND_LAMBDAS} by cross-validation inside {@code training} only: for each of {@code folds} stratified inner
     * folds, the rule weights, the SpamAssassin weight and the band weights (themselves nested) are fitted on the other
     * inner folds and score the inner fold, banded by a classifier trained on the other inner folds. The penalty kept has
     * the fewest inner held-out ham at {@code 70 - margin} or more, then the most inner held-out spam at 70 or more, then the
     * fewest ham at 50 or more, then is the strongest. The band weights are then fitted with it on all of {@code training}.
     */
    private static TunedBands tuneBands(WeightFit fit, Labelled training, Map<String, Double> rulePrior, double saPrior,
                                        Map<String, Double> rules, double saWeight, Map<BayesBand, Double> prior, int folds, long seed) {
        List<List<Integer>> inner = stratifiedFolds(training.spam(), folds, seed);
        List<Labelled> parts = new ArrayList<>();
        List<WeightFit.Weights> partRules = new ArrayList<>();
        List<Double> partSa = new ArrayList<>();
        List<TokenModel> partTokens = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            List<Integer> learnt = new ArrayList<>();
            for (int other = 0; other < folds; other++) {
                if (other != k) {
                    learnt.addAll(inner.get(other));
                }
            }
            Labelled part = training.subset(learnt);
            WeightFit.Weights weights = fit.fit(part.messages(), part.spam(), rulePrior, false, saPrior);
            parts.add(part);
            partRules.add(weights);
            partSa.add(fit.saWeight(part.messages(), part.spam(), weights.rules()));
            partTokens.add(TokenModel.train(part));
        }
        WeightFit.Settings settings = fit.settings();
        double best = BAND_LAMBDAS[0];
        long[] bestKey = null;
        for (double lambda : BAND_LAMBDAS) {
            WeightFit candidate = new WeightFit(settings.withLambda(lambda));
            long hamNear = 0;
            long hamFlagged = 0;
            long spamStopped = 0;
            for (int k = 0; k < folds; k++) {
                Map<String, Double> kRules = partRules.get(k).rules();
                double kSa = partSa.get(k);
                Map<BayesBand, Double> weights = fitBands(candidate, parts.get(k), kRules, kSa, prior, folds, seed, true).weights();
                for (int index : inner.get(k)) {
                    MessageEvidence message = training.messages().get(index);
                    int score = message.score(kRules, true, kSa, weights.get(partTokens.get(k).band(message)));
                    if (training.spam().get(index)) {
                        spamStopped += score >= WeightFit.STOP ? 1 : 0;
                    } else {
                        hamNear += score >= WeightFit.STOP - settings.margin() ? 1 : 0;
                        hamFlagged += score >= WeightFit.FLAG ? 1 : 0;
                    }
                }
            }
            long[] key = {-hamNear, spamStopped, -hamFlagged};
            if (bestKey == null || Arrays.compare(key, bestKey) > 0) {
                best = lambda;
                bestKey = key;
            }
        }
        WeightFit chosen = new WeightFit(settings.withLambda(best));
        return new TunedBands(fitBands(chosen, training, rules, saWeight, prior, folds, seed, true), best);
    }

    /** Each message's band from a token classifier trained on the other folds of {@code messages}. */
    private static List<BayesBand> honestBands(Labelled messages, int folds, long seed) {
        return heldOutBands(messages.spam(), folds, seed, indices -> {
            TokenModel tokens = TokenModel.train(messages.subset(indices));
            return index -> tokens.band(messages.messages().get(index));
        });
    }

    /**
     * Each message's band from a classifier that did not learn it: stratified folds over {@code spam}; for each fold,
     * {@code train} gets the indices of the other folds and answers the band of an index of the held-out fold.
     */
    static List<BayesBand> heldOutBands(List<Boolean> spam, int folds, long seed, Function<List<Integer>, IntFunction<BayesBand>> train) {
        List<List<Integer>> foldIndices = stratifiedFolds(spam, folds, seed);
        List<BayesBand> bands = new ArrayList<>(Collections.nCopies(spam.size(), (BayesBand) null));
        for (int k = 0; k < folds; k++) {
            List<Integer> learnt = new ArrayList<>();
            for (int other = 0; other < folds; other++) {
                if (other != k) {
                    learnt.addAll(foldIndices.get(other));
                }
            }
            IntFunction<BayesBand> classifier = train.apply(learnt);
            for (int index : foldIndices.get(k)) {
                bands.set(index, classifier.apply(index));
            }
        }
        return bands;
    }

    /** Fewer held-out ham stopped at 70, then more spam stopped at 70, then more caught at 0 % ham. */
    private static boolean better(Roc candidate, Roc baseline) {
        int hamStopped = Long.compare(Math.round(baseline.hamRateAt(WeightFit.STOP) * baseline.hamCount()),
            Math.round(candidate.hamRateAt(WeightFit.STOP) * candidate.hamCount()));
        if (hamStopped != 0) {
            return hamStopped > 0;
        }
        int spamStopped = Double.compare(candidate.spamRateAt(WeightFit.STOP), baseline.spamRateAt(WeightFit.STOP));
        if (spamStopped != 0) {
            return spamStopped > 0;
        }
        return candidate.caughtAtFalsePositiveRate(0) > baseline.caughtAtFalsePositiveRate(0);
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

    private static Properties prior(String resource) {
        Properties table = new Properties();
        try (InputStream in = FitWeights.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
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

    /** Writes the band table under a header saying how it was made (BayesWeights reads exactly the five band ids). */
    private static void writeBands(Path repository, Map<BayesBand, Double> weights, boolean fitted, String provenance) throws IOException {
        List<String> table = new ArrayList<>(List.of(
            "# Score each token classifier band adds to the 0-100 spam score (docs/learning.md). The classifier answers only once",
            "# the tenant has learnt enough spam and ham (scoring.bayes.minSpam / minHam).",
            "# GENERATED by " + provenance + "."));
        if (fitted) {
            table.addAll(List.of(
                "# Fitted (WeightFit.bandWeights) on top of the fitted rule weights: class-weighted logistic regression (a ham counts",
                "# 30 spam) with its cuts at the thresholds (a spam is pulled to 70, a ham pushed under 65), L2 towards the hand-set",
                "# weights (benchmarks/.../prior-bayes-weights.properties) chosen by cross-validation, each message banded by a",
                "# classifier trained on the other folds only; ham bands -60..0, BAYES_UNSURE 0..30, spam bands 0..60 (no band",
                "# reaches the block threshold alone), scaled so that no corpus ham reaches 65."));
        } else {
            table.add("# The fitted band weights did no better held out: these are the hand-set ones (prior-bayes-weights.properties).");
        }
        table.add("# Run the tool again rather than editing this file (docs/scoring.md, \"Where the weights come from\").");
        for (BayesBand band : BayesBand.values()) {
            table.add(band.ruleId() + "=" + fmt(weights.get(band)));
        }
        Files.write(repository.resolve(SHIPPED_BANDS), table, StandardCharsets.ISO_8859_1);
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
