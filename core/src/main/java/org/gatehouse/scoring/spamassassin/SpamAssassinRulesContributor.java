package org.gatehouse.scoring.spamassassin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SpamAssassin's own rules run inside Gatehouse ({@link SpamAssassinRules}), as one more {@link ScoreContributor}: each
 * rule hit is a finding {@code SA_<NAME>} (check {@value #CHECK}) whose score is the rule's SpamAssassin score times
 * {@link SpamAssassinRulesSettings#pointsPerUnit()}; the total is clamped to the settings' range by scaling the last
 * findings. Without rule files it contributes nothing, and {@link #status()} says why (the health check reads it).
 */
public final class SpamAssassinRulesContributor implements ScoreContributor {
    public static final String CHECK = "spamassassin";
    public static final String PREFIX = "SA_";
    /** Reported when the time budget ran out before every rule ran. */
    public static final String BUDGET_EXCEEDED = "SA_TIME_BUDGET_EXCEEDED";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamAssassinRulesContributor.class);

    private final SpamAssassinRulesSettings settings;
    private final RuleFiles files;
    private final Optional<SpamAssassinRules> rules;
    private final String status;

    private SpamAssassinRulesContributor(SpamAssassinRulesSettings settings, RuleFiles files, Optional<SpamAssassinRules> rules,
                                         String status) {
        this.settings = settings;
        this.files = files;
        this.rules = rules;
        this.status = status;
    }

    /** Reads the rule files once; logs what was loaded and skipped, or that there are no rules. Never throws. */
    public static SpamAssassinRulesContributor load(SpamAssassinRulesSettings settings) {
        RuleFiles files = settings.ruleFiles();
        if (files.isEmpty()) {
            String status = "no SpamAssassin rule directory found (" + (settings.directories().isEmpty()
                ? RuleFiles.SA_UPDATE_ROOT + "/<version>/updates_spamassassin_org or " + RuleFiles.PACKAGED_RULES
                : settings.directories().toString()) + "): install spamassassin or set scoring.spamassassin.rules";
            LOGGER.warn("SpamAssassin rules: {}; the scorer runs without them", status);
            return new SpamAssassinRulesContributor(settings, files, Optional.empty(), status);
        }
        try {
            SpamAssassinRules loaded = SpamAssassinRules.load(files, settings.scoreSet());
            String status = loaded.size() + " rules from " + files.defaultRules().get() + files.siteRules().map(site -> " and " + site).orElse("")
                + ", score set " + settings.scoreSet() + "; " + loaded.skipped().size() + " skipped (not emulated), "
                + loaded.offline().size() + " network/Bayes rules not run; " + loaded.withoutLiteral().size()
                + " regex rules without a literal prefilter, " + loaded.withAutomaton().size() + " read by an automaton first";
            LOGGER.info("SpamAssassin rules: {}", status);
            if (!loaded.skipped().isEmpty()) {
                LOGGER.info("SpamAssassin rules skipped: {}", String.join(", ", loaded.skipped().keySet()));
            }
            return new SpamAssassinRulesContributor(settings, files, Optional.of(loaded), status);
        } catch (IOException | RuntimeException e) {
            String status = "SpamAssassin rules cannot be read: " + e.getMessage();
            LOGGER.warn("{}; the scorer runs without them", status);
            return new SpamAssassinRulesContributor(settings, files, Optional.empty(), status);
        }
    }

    /** For tests and tools: already compiled rules, read from these files. */
    public static SpamAssassinRulesContributor of(SpamAssassinRulesSettings settings, RuleFiles files, SpamAssassinRules rules) {
        return new SpamAssassinRulesContributor(settings, files, Optional.of(rules), rules.size() + " rules");
    }

    /** For tests and tools: already compiled rules. */
    public static SpamAssassinRulesContributor of(SpamAssassinRulesSettings settings, SpamAssassinRules rules) {
        return of(settings, settings.ruleFiles(), rules);
    }

    @Override
    public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
        if (rules.isEmpty()) {
            return List.of();
        }
        RuleResult result;
        try {
            result = rules.get().check(SaMessage.of(parsed, raw), settings.budget());
        } catch (RuntimeException e) {
            LOGGER.warn("SpamAssassin rules failed on a message", e);
            return List.of(Finding.of("SA_ERROR", CHECK, "error", "SpamAssassin rules failed: " + e.getClass().getSimpleName()));
        }
        List<Finding> findings = new ArrayList<>();
        double total = 0;
        for (RuleResult.Hit hit : result.hits()) {
            double points = settings.points(hit.score());
            // the running total stays within [min, max]: the hit that would cross a bound gives only what is left
            double bounded = Math.max(settings.min(), Math.min(settings.max(), total + points)) - total;
            total += bounded;
            String description = hit.description().isEmpty() ? hit.name() : hit.description();
            findings.add(Finding.of(PREFIX + hit.name(), CHECK, "hit", String.format(Locale.ROOT, "%s (SpamAssassin %s, %.3f)",
                description, hit.name(), hit.score())).withScore(Math.round(bounded * 10) / 10.0));
        }
        if (result.budgetExceeded()) {
            findings.add(Finding.of(BUDGET_EXCEEDED, CHECK, "error", "SpamAssassin rules stopped after the time budget of "
                + settings.budget().toMillis() + " ms; rules not run count as not hit"));
        }
        return findings;
    }

    @Override
    public boolean dependsOnTenant() {
        return false;
    }

    /** Whether rules are loaded: false when no rule directory was found or it could not be read. */
    public boolean hasRules() {
        return rules.isPresent();
    }

    /** One line on what is loaded, or why nothing is. */
    public String status() {
        return status;
    }

    /** Rules that could not be compiled, with the reason (for WebAdmin and the health check). */
    public Map<String, String> skipped() {
        return rules.map(SpamAssassinRules::skipped).orElse(Map.of());
    }

    /** The rules loaded at start, if any (for WebAdmin). */
    public Optional<SpamAssassinRules> rules() {
        return rules;
    }

    /** The rule directories found at start (read, or unreadable: see {@link #status()}). */
    public RuleFiles ruleFiles() {
        return files;
    }

    public SpamAssassinRulesSettings settings() {
        return settings;
    }
}
