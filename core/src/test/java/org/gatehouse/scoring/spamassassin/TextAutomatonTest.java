package org.gatehouse.scoring.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@link TextAutomaton} never keeps a regex from a match it has (it accepts a superset), and it does reject texts:
 * hand-made regexes, random texts, and the form-list regex shape it was built for. Over Debian's rules and the project
 * corpus, {@code CharacterPairsPrefilterTest} finds every rule's hit count unchanged with it.
 */
class TextAutomatonTest {
    /** A deadline no test reaches. */
    private static DeadlineCharSequence.Deadline later() {
        return new DeadlineCharSequence.Deadline(System.nanoTime() + Duration.ofMinutes(5).toNanos());
    }

    private static TextAutomaton automaton(String regex, int flags) {
        return TextAutomaton.of(Pattern.compile(regex, flags | Pattern.UNIX_LINES), new TextAutomaton.Budget(100_000)).orElseThrow();
    }

    private static TextAutomaton automaton(String regex) {
        return automaton(regex, 0);
    }

    @Test
    void mayMatchShouldRejectATextWithoutAMatchWhenTheRegexIsAListOfAlternatives() {
        // the shape of SpamAssassin's __FILL_THIS_FORM_SHORT2: three form fields in a row, each one of many words
        TextAutomaton fields = automaton("(?:(?:your\\s)?(?:name|address|phone|country|age|occupation)[:\\s]{1,5}){3}", Pattern.CASE_INSENSITIVE);

        assertThat(fields.mayMatch("Please send your Name: Address: Phone: to us", later())).isTrue();
        assertThat(fields.mayMatch("name age country ", later())).isTrue();
        assertThat(fields.mayMatch("The messages of this page are about the country we live in.", later())).isFalse();
        assertThat(fields.mayMatch("name, age and country", later())).isFalse();
    }

    @Test
    void mayMatchShouldFoldOnlyAsciiLettersWhenTheRegexIsCaseInsensitive() {
        assertThat(automaton("viagra", Pattern.CASE_INSENSITIVE).mayMatch("cheap VIAGRA now", later())).isTrue();
        assertThat(automaton("viagra").mayMatch("cheap VIAGRA now", later())).isFalse();
        assertThat(automaton("[^a-z]x", Pattern.CASE_INSENSITIVE).mayMatch("Ax", later())).isFalse();
        assertThat(automaton("[^a-z]x", Pattern.CASE_INSENSITIVE).mayMatch("1x", later())).isTrue();
        // Java folds ASCII only (no UNICODE_CASE): Latin-1 e-acute and E-acute stay apart
        assertThat(automaton(String.valueOf((char) 0xE9), Pattern.CASE_INSENSITIVE).mayMatch(String.valueOf((char) 0xC9), later())).isFalse();
    }

    @Test
    void mayMatchShouldWidenWhatAnAutomatonCannotHoldWhenTheRegexHasLookaroundsOrBackReferences() {
        // the lookahead and \b match the empty string, the back reference any string: candidates Java then settles
        assertThat(automaton("\\bpay(?!pal)").mayMatch("paypal", later())).isTrue();
        assertThat(automaton("(ab)x\\1").mayMatch("abxcd", later())).isTrue();
        assertThat(automaton("(ab)x\\1").mayMatch("abyab", later())).isFalse();
        assertThat(automaton("a{3,7}b").mayMatch("aaab", later())).isTrue();
        assertThat(automaton("a{3,7}b").mayMatch("aab", later())).isFalse();
    }

    @Test
    void mayMatchShouldCountATextAsCandidateWhenItHasACharacterAbove0xFF() {
        assertThat(automaton("abc").mayMatch("x" + (char) 0x20AC, later())).isTrue();
    }

    @Test
    void mayMatchShouldCountATextAsCandidateWhenTheStateBudgetIsSpent() {
        TextAutomaton.Budget budget = new TextAutomaton.Budget(2);
        TextAutomaton word = TextAutomaton.of(Pattern.compile("abcdef"), budget).orElseThrow();

        // the start state and the one after "a" are made; the one after "ab" is not: the text is a candidate
        assertThat(word.mayMatch("abx", later())).isTrue();
        assertThat(budget.used()).isEqualTo(2);
    }

    @Test
    void mayMatchShouldStopAtTheDeadlineWhenTheTextIsHuge() {
        String huge = "a".repeat(4 << 20);
        DeadlineCharSequence.Deadline passed = new DeadlineCharSequence.Deadline(System.nanoTime() - 1);

        assertThatThrownBy(() -> automaton("b").mayMatch(huge, passed)).isInstanceOf(DeadlineCharSequence.BudgetExceeded.class);
        assertThat(automaton("b").mayMatch(huge, later())).isFalse();
    }

    @Test
    void ofShouldGiveNothingWhenTheRegexMatchesTheEmptyStringOrIsNotUnderstood() {
        TextAutomaton.Budget budget = new TextAutomaton.Budget(100);

        assertThat(TextAutomaton.of(Pattern.compile("a*"), budget)).isEmpty();
        assertThat(TextAutomaton.of(Pattern.compile("(?=x)"), budget)).isEmpty();
        assertThat(TextAutomaton.of(Pattern.compile("(?i)abc"), budget)).isEmpty();
        assertThat(TextAutomaton.of(Pattern.compile("a b", Pattern.COMMENTS), budget)).isEmpty();
    }

    /** Every regex here, on random texts over its alphabet: a match implies the automaton says it may match; and it rejects some. */
    @Test
    void mayMatchShouldAllowEveryMatchWhenTextsAreRandom() {
        List<String> regexes = List.of("ab", "a+b", "(?:a|b)?ab", "(?:^|\\s)ab", "(?:^|\\W)(?:ab|ba)\\b", "a.b", "(a)\\1b",
            "a(?:b|)a", "(?:ab){2}", "a{2,3}b?a", "[^a]b", "AB", "(?:a\\s?)+b", "b(?<=ab)a", "\\bba", "a$", "(?:x|ab)(?:y|ba)",
            "(?:^|\\s)a?b[ab]", "[ab]{3}\\s", "(?:a|bb)(?:|a)b", "(?:^|\\R)ab", "\\Ra", "x?\\R?a", "[\\w]{2}\\d?y", "[^\\sa]+x",
            "(?>a|ab)y", "a*?b+?x", "\\x61\\x{62}", "[a-b&&[^b]]x", "\\QaB\\E");
        String alphabet = "abAB \r\nxy1";
        Random random = new Random(20261207);
        int matches = 0;
        int rejected = 0;
        for (String regex : regexes) {
            for (int flags : new int[] {0, Pattern.CASE_INSENSITIVE, Pattern.DOTALL | Pattern.MULTILINE}) {
                Pattern pattern = Pattern.compile(regex, flags | Pattern.UNIX_LINES);
                Optional<TextAutomaton> automaton = TextAutomaton.of(pattern, new TextAutomaton.Budget(100_000));
                assertThat(automaton).as(regex).isPresent();
                for (int i = 0; i < 2000; i++) {
                    StringBuilder text = new StringBuilder();
                    int length = random.nextInt(12);
                    for (int k = 0; k < length; k++) {
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    boolean may = automaton.get().mayMatch(text, later());
                    if (pattern.matcher(text).find()) {
                        matches++;
                        assertThat(may).as(regex + " flags " + flags + " on [" + text + "]").isTrue();
                    } else if (!may) {
                        rejected++;
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(15_000);
        assertThat(rejected).isGreaterThan(50_000);
    }
}
