package org.gatehouse.scoring.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Test;

/**
 * The character-pair prefilter ({@link CharacterPairs}, {@link RequiredLiteral#pairs}, the opening pairs of
 * {@link RequiredLiteral#starts}) never keeps a regex from a match it has: read off hand-made regexes, checked against
 * random texts, and over the project corpus with Debian's rules, where every rule's hit count must be the same with
 * and without the prefilters.
 */
class CharacterPairsPrefilterTest {
    private static boolean holds(String regex, String text) {
        return RequiredLiteral.pairs(regex).orElseThrow().holds(CharacterPairs.present(text));
    }

    @Test
    void pairsShouldNeedEveryJunctionWhenTheRegexIsALetterSequence() throws PerlRegex.Unsupported {
        CharacterPairs.Condition wells = RequiredLiteral.pairs(PerlRegex.compile("/W[e3]l{2}s/i")).orElseThrow();

        assertThat(wells.holds(CharacterPairs.present("at wells fargo"))).isTrue();
        assertThat(wells.holds(CharacterPairs.present("W3LLS"))).isTrue();
        assertThat(wells.holds(CharacterPairs.present("walls"))).isFalse();
        assertThat(wells.holds(CharacterPairs.present("we ll s"))).isFalse();
        assertThat(wells.holds(CharacterPairs.present("wel"))).isFalse();
    }

    @Test
    void pairsShouldAllowEveryBranchWhenTheRegexAlternatesOrHasOptionalParts() {
        assertThat(holds("colou?r", "color")).isTrue();
        assertThat(holds("colou?r", "colour")).isTrue();
        assertThat(holds("colou?r", "colr")).isFalse();
        assertThat(holds("(?:abc|de)f", "def")).isTrue();
        assertThat(holds("(?:abc|de)f", "abcf")).isTrue();
        assertThat(holds("(?:abc|de)f", "abf")).isFalse();
        assertThat(holds("a(?=bc)b", "ab")).isTrue();
        assertThat(holds("x{2,}", "xx")).isTrue();
        assertThat(holds("x{2,}", "x x")).isFalse();
    }

    @Test
    void pairsShouldGiveNothingWhenAMatchNeedsNoPairOrTheRegexIsNotUnderstood() {
        assertThat(RequiredLiteral.pairs("a")).isEmpty();
        assertThat(RequiredLiteral.pairs("a?b")).isEmpty();
        assertThat(RequiredLiteral.pairs("(?:ab)?")).isEmpty();
        assertThat(RequiredLiteral.pairs("ab|c")).isEmpty();
        assertThat(RequiredLiteral.pairs("(?x)a b")).isEmpty();
        assertThat(RequiredLiteral.pairs(".\\W")).isEmpty();
    }

    @Test
    void startsShouldOnlyAllowTheOpeningPairsWhenTheRegexOpensWithWords() throws PerlRegex.Unsupported {
        RequiredLiteral.Starts starts = RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\s)(?:p[a4]y|send)\\s/i")).orElseThrow();

        assertThat(starts.possibleAt("x pay", 1)).isTrue();
        assertThat(starts.possibleAt("x P4Y", 1)).isTrue();
        assertThat(starts.possibleAt("send", 0)).isTrue();
        assertThat(starts.possibleAt("x pot", 1)).isFalse();
        assertThat(starts.possibleAt("x sold", 1)).isFalse();
        assertThat(starts.possibleAt("x p", 1)).isFalse();
    }

    /** Every regex here, on every random text over its alphabet: a match implies the pairs hold and a start is allowed. */
    @Test
    void prefiltersShouldAllowEveryMatchWhenTextsAreRandom() {
        List<String> regexes = List.of("ab", "a+b", "(?:a|b)?ab", "(?:^|\\s)ab", "(?:^|\\W)(?:ab|ba)\\b", "a.b", "(a)\\1b",
            "a(?:b|)a", "(?:ab){2}", "a{2,3}b?a", "[^a]b", "(?i)AB", "(?:a\\s?)+b", "b(?<=ab)a", "\\bba", "a$", "(?:x|ab)(?:y|ba)",
            "(?:^|\\s)a?b[ab]", "[ab]{3}\\s", "(?:a|bb)(?:|a)b", "(?:^|\\R)ab", "\\Ra", "x?\\R?a");
        String alphabet = "abAB \r\nxy";
        Random random = new Random(20261207);
        int matches = 0;
        for (String regex : regexes) {
            Pattern pattern = Pattern.compile(regex);
            Optional<CharacterPairs.Condition> pairs = RequiredLiteral.pairs(pattern);
            Optional<RequiredLiteral.Starts> starts = RequiredLiteral.starts(pattern);
            for (int i = 0; i < 3000; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(12);
                for (int k = 0; k < length; k++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    matches++;
                    String found = regex + " on [" + text + "] at " + matcher.start();
                    if (pairs.isPresent()) {
                        assertThat(pairs.get().holds(CharacterPairs.present(text.toString()))).as(found).isTrue();
                    }
                    if (starts.isPresent()) {
                        assertThat(starts.get().possibleAt(text.toString(), matcher.start())).as(found).isTrue();
                    }
                    if (matcher.end() == matcher.start()) {
                        break;
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(5_000);
    }

    /** Debian's rules over the 280 corpus messages: every rule's hit count, internal rules included, with and without. */
    @Test
    void prefiltersShouldChangeNoRuleHitCountWhenCheckingTheProjectCorpus() throws Exception {
        RuleConfig config = RuleConfig.read(RuleFiles.system());
        SpamAssassinRules prefiltered = SpamAssassinRules.compile(config, 0);
        SpamAssassinRules unfiltered = SpamAssassinRules.compile(config, 0, false);
        Map<String, String> differences = new TreeMap<>();
        int hits = 0;
        for (Path message : ProjectCorpus.messages()) {
            byte[] raw = Files.readAllBytes(message);
            Map<String, Integer> with = prefiltered.hitCounts(SaMessage.of(ParsedMessage.parse(raw), raw), Duration.ofSeconds(30));
            Map<String, Integer> without = unfiltered.hitCounts(SaMessage.of(ParsedMessage.parse(raw), raw), Duration.ofSeconds(30));
            hits += without.size();
            if (!with.equals(without)) {
                differences.put(message.getParent().getFileName() + "/" + message.getFileName(), "prefiltered " + with + ", every regex run " + without);
            }
        }

        assertThat(prefiltered.withCharacterPairs()).hasSizeGreaterThan(1000);
        assertThat(hits).isGreaterThan(5000);
        assertThat(differences).isEmpty();
    }
}
