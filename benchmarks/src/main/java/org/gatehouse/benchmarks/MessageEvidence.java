package org.gatehouse.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.phishing.PhishingDetector;
import org.gatehouse.phishing.PhishingPolicy;
import org.gatehouse.scoring.ScoringEngine;
import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.scoring.learning.MessageTokenizer;
import org.gatehouse.scoring.spamassassin.RuleFiles;
import org.gatehouse.scoring.spamassassin.RuleResult;
import org.gatehouse.scoring.spamassassin.SaMessage;
import org.gatehouse.scoring.spamassassin.SpamAssassinRules;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesSettings;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;

/**
 * What the gateway's scorer sees in one message, kept apart so that any weight table can be tried on it without
 * reading the message again: the Gatehouse rules that fired (whatever their weight), the phishing findings of a
 * tenant's default phishing policy (their points and whether they reach its threshold), SpamAssassin's total and hits
 * from the installed rules run in-process (score set 0, as {@code spamd --local}), and optionally spamd's own score.
 *
 * @param rules the Gatehouse rule ids that fired
 * @param phishing each phishing finding's points (rule id to points, the default policy's weight)
 * @param phishingAction whether the phishing findings reached the default policy's threshold (its action applies)
 * @param saTotal SpamAssassin's total over the rules run in-process, when the rules are installed and asked for
 * @param saHits the SpamAssassin rules that fired
 * @param spamd spamd's score for the same bytes, when a spamd was given
 * @param tokens the token classifier's token hashes ({@link MessageTokenizer}), for training it on some messages
 * @param nanos the in-process time: parse, Gatehouse rules, phishing, SpamAssassin rules
 */
record MessageEvidence(String name, Set<String> rules, Map<String, Double> phishing, boolean phishingAction, OptionalDouble saTotal,
                       Set<String> saHits, OptionalDouble spamd, Set<Long> tokens, long nanos) {
    /** The tenant the phishing checks judge for: a domain of its own that no corpus message uses, no partners. */
    static final Tenant TENANT = Tenant.of(TenantId.of("quality"), "Quality Test Tenant", List.of(DomainName.of("quality.example")),
        Downstream.of("127.0.0.1", 25, false), List.<Cidr>of());

    double phishingPoints() {
        return phishing.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * The spam score the gateway would give with these weights, as {@code MessageScorer} sums it: the content score
     * (GTUBE 100, else the weights' sum rounded and clamped to 0-100), plus the phishing points, plus SpamAssassin's
     * total times {@code saPointsPerUnit} kept within the contributor's range when {@code withSa}; rounded, clamped.
     */
    int score(Map<String, Double> weights, boolean withSa, double saPointsPerUnit) {
        return score(weights, withSa, saPointsPerUnit, 0);
    }

    /** {@link #score(Map, boolean, double)} with more points from another contributor (the token classifier's band). */
    int score(Map<String, Double> weights, boolean withSa, double saPointsPerUnit, double morePoints) {
        double content = 0;
        for (String rule : rules) {
            content += weights.getOrDefault(rule, 0.0);
        }
        long contentScore = rules.contains(Signals.GTUBE) ? 100 : Math.max(0, Math.min(100, Math.round(content)));
        double sum = contentScore + phishingPoints() + morePoints;
        if (withSa && saTotal.isPresent()) {
            sum += Math.max(SpamAssassinRulesSettings.DEFAULT_MIN, Math.min(SpamAssassinRulesSettings.DEFAULT_MAX,
                saTotal.getAsDouble() * saPointsPerUnit));
        }
        return (int) Math.max(0, Math.min(100, Math.round(sum)));
    }

    /** Reads messages the way the gateway's scorer does, one at a time (the parts it holds are thread-safe, it is not). */
    static final class Extractor {
        private static final Pattern SPAMD_SCORE = Pattern.compile("Spam: \\S+ ; (-?[0-9.]+) /");
        private static final Duration SA_BUDGET = Duration.ofSeconds(10);

        private final ScoringEngine engine = new ScoringEngine(Signals.all(), ScoringWeights.defaults());
        private final PhishingDetector phishing = PhishingDetector.offline();
        private final MessageTokenizer tokenizer = new MessageTokenizer();
        private final Optional<SpamAssassinRules> spamAssassin;
        private final Optional<SpamcClient> spamd;

        private Extractor(Optional<SpamAssassinRules> spamAssassin, Optional<SpamcClient> spamd) {
            this.spamAssassin = spamAssassin;
            this.spamd = spamd;
        }

        /**
         * @param withSpamAssassin run the installed SpamAssassin rules (RuleFiles.system(), score set 0); absent rules
         *     leave {@code saTotal} empty
         * @param spamdPort a spamd on loopback to ask too, or 0
         */
        static Extractor create(boolean withSpamAssassin, int spamdPort) throws IOException {
            Optional<SpamAssassinRules> rules = Optional.empty();
            if (withSpamAssassin && !RuleFiles.system().isEmpty()) {
                rules = Optional.of(SpamAssassinRules.load(RuleFiles.system(), SpamAssassinRulesSettings.DEFAULT_SCORE_SET));
            }
            return new Extractor(rules, spamdPort > 0 ? Optional.of(new SpamcClient("127.0.0.1", spamdPort)) : Optional.empty());
        }

        boolean hasSpamAssassin() {
            return spamAssassin.isPresent();
        }

        MessageEvidence of(CorpusFolder.Message message) throws IOException {
            long start = System.nanoTime();
            ParsedMessage parsed = ParsedMessage.parse(message.raw());
            Set<String> rules = new LinkedHashSet<>();
            engine.score(parsed).findings().forEach(finding -> rules.add(finding.ruleId()));
            Map<String, Double> points = new LinkedHashMap<>();
            boolean action = false;
            for (Finding finding : phishing.findings(TENANT, PhishingPolicy.defaults(), parsed)) {
                if (finding.score() != 0) {
                    points.merge(finding.ruleId(), finding.score(), Double::sum);
                }
                action |= finding.action().isPresent();
            }
            OptionalDouble saTotal = OptionalDouble.empty();
            Set<String> saHits = new LinkedHashSet<>();
            if (spamAssassin.isPresent()) {
                RuleResult result = spamAssassin.get().check(SaMessage.of(parsed, message.raw()), SA_BUDGET);
                saTotal = OptionalDouble.of(result.total());
                result.hits().forEach(hit -> saHits.add(hit.name()));
            }
            long nanos = System.nanoTime() - start;
            OptionalDouble spamdScore = OptionalDouble.empty();
            if (spamd.isPresent()) {
                String verdict = spamd.get().check(message.raw());
                Matcher score = SPAMD_SCORE.matcher(verdict);
                if (!score.find()) {
                    throw new IOException("no score in spamd's answer: " + verdict);
                }
                spamdScore = OptionalDouble.of(Double.parseDouble(score.group(1)));
            }
            Set<Long> tokens = MessageTokenizer.hashes(tokenizer.tokens(parsed));
            return new MessageEvidence(message.name(), rules, points, action, saTotal, saHits, spamdScore, tokens, nanos);
        }
    }
}
