package org.gatehouse.scoring.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Test;

class LiteralPrefilterTest {
    private static final String MESSAGE = """
        From: seller@example.org
        To: someone@example.net
        Subject: Discount WATCHES
        Message-ID: <1@example.org>
        Date: Mon, 1 Jul 2024 10:00:00 +0000
        Content-Type: text/plain

        Buy viagra ONLINE now, colour catalogue 12345.
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
        """;

    private static SpamAssassinRules rules(String rules) {
        return SpamAssassinRules.compile(RuleConfig.parse("test.cf", rules), 0);
    }

    private static RuleResult check(SpamAssassinRules rules) {
        byte[] raw = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
        return rules.check(SaMessage.of(ParsedMessage.parse(raw), raw), Duration.ofSeconds(5));
    }

    @Test
    void ofShouldReadTheTextEveryMatchNeedsWhenTheRegexHasALiteralRun() {
        assertThat(RequiredLiteral.of("\\bcheap (?:watch|rolex)es\\b")).contains(Set.of("cheap watches", "cheap rolexes"));
        assertThat(RequiredLiteral.of("Click\\.Here+x")).contains(Set.of("click.here"));
        assertThat(RequiredLiteral.of("ad+res+e?")).contains(Set.of("dres"));
        assertThat(RequiredLiteral.of("viag?ra\\d+online")).contains(Set.of("online"));
        assertThat(RequiredLiteral.of("[abc]de\\d+")).contains(Set.of("ade", "bde", "cde"));
    }

    @Test
    void ofShouldGiveOneLiteralPerBranchWhenTheRegexAlternates() {
        assertThat(RequiredLiteral.of("(?:foo|bar)baz")).contains(Set.of("foobaz", "barbaz"));
        assertThat(RequiredLiteral.of("foo|barbaz")).contains(Set.of("foo", "barbaz"));
        assertThat(RequiredLiteral.of("colou?r")).contains(Set.of("color", "colour"));
        assertThat(RequiredLiteral.of("[Ss]ale\\b")).contains(Set.of("sale"));
        assertThat(RequiredLiteral.of("(?i)free\\d+(?:money|credit)")).contains(Set.of("money", "credit"));
    }

    @Test
    void ofShouldGiveNothingWhenSomeMatchNeedsNoLongEnoughLiteral() {
        assertThat(RequiredLiteral.of("foo|ba")).isEmpty();
        assertThat(RequiredLiteral.of("a{0,3}bc")).isEmpty();
        assertThat(RequiredLiteral.of("(?:viagra)?\\d{5}")).isEmpty();
        assertThat(RequiredLiteral.of("[^x]yz")).isEmpty();
        assertThat(RequiredLiteral.of("(?x)f o o")).isEmpty();
        assertThat(RequiredLiteral.of("\\Qfoo\\E")).isEmpty();
    }

    @Test
    void ofShouldFoldCaseWhenTheRegexIsCaseInsensitive() throws PerlRegex.Unsupported {
        assertThat(RequiredLiteral.of(PerlRegex.compile("/VIAGRA Online/i"))).contains(Set.of("viagra online"));
        assertThat(RequiredLiteral.of(PerlRegex.compile("/VIAGRA Online/"))).contains(Set.of("viagra online"));
    }

    @Test
    void startsShouldListWhereAMatchCanStartWhenEveryMatchHasACharacter() throws PerlRegex.Unsupported {
        boolean[] first = RequiredLiteral.starts(PerlRegex.compile("/(?!viagra)(?:[v\\xe3]|\\\\\\/)[i1]agra/")).orElseThrow().first();

        assertThat(first['v']).isTrue();
        assertThat(first['V']).isTrue();
        assertThat(first[0xe3]).isTrue();
        assertThat(first['\\']).isTrue();
        assertThat(first['i']).isFalse();
        assertThat(first[' ']).isFalse();
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/a*b?/"))).isEmpty();
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/\\Gfoo/"))).isEmpty();
        // almost every first character, but only the pairs of one followed by y or Y
        RequiredLiteral.Starts pairs = RequiredLiteral.starts(PerlRegex.compile("/[^x]yz/")).orElseThrow();
        assertThat(pairs.possibleAt("ayz", 0)).isTrue();
        assertThat(pairs.possibleAt("aYz", 0)).isTrue();
        assertThat(pairs.possibleAt("abz", 0)).isFalse();
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/[^x]\\w/"))).isEmpty();
    }

    @Test
    void startsShouldSkipBlanksNotFollowedByTheWordWhenTheRegexOpensWithABlankOrLineStart() throws PerlRegex.Unsupported {
        RequiredLiteral.Starts starts = RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\s)(?:[yY\\xfd]our|[\\xc3][\\xbd]our)\\s/")).orElseThrow();

        assertThat(starts.possibleAt("a your", 1)).isTrue();
        assertThat(starts.possibleAt("a YOUR", 1)).isTrue();
        assertThat(starts.possibleAt("a your", 2)).isTrue();
        assertThat(starts.possibleAt("a " + (char) 0xfd + "our", 1)).isTrue();
        assertThat(starts.possibleAt("a " + (char) 0xc3 + (char) 0xbd + "our", 1)).isTrue();
        assertThat(starts.possibleAt("a word", 1)).isFalse();
        assertThat(starts.possibleAt("a word", 0)).isFalse();
        assertThat(starts.possibleAt("a " + (char) 0xdd + "our", 1)).isFalse();
        assertThat(starts.possibleAt("a ", 1)).isFalse();
    }

    @Test
    void startsShouldNotSkipAfterTheOpeningGroupWhenItCanMatchMoreThanOneCharacter() throws PerlRegex.Unsupported {
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\s+)your/")).orElseThrow().before()).containsOnly(false);
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\R)your/"))).isEmpty();
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\s)?your/")).orElseThrow().before()).containsOnly(false);
        assertThat(RequiredLiteral.starts(PerlRegex.compile("/(?:^|\\s)\\w+/"))).isEmpty();
    }

    @Test
    void checkShouldFindEveryMatchWhenTheRegexOpensWithABlankOrLineStart() {
        SpamAssassinRules rules = rules("""
            body T_BUY /(?:^|\\s)buy\\s/i
            body T_NOW /(?:^|\\W)now(?:$|\\W)/i
            body T_BUY_NOW_TWICE /(?:^|\\s)(?:buy|now)\\b/i
            tflags T_BUY_NOW_TWICE multiple
            body T_CATALOGUE_ABSENT /(?:^|\\s)katalog/i
            """);

        RuleResult result = check(rules);

        assertThat(result.names()).containsExactly("T_BUY", "T_BUY_NOW_TWICE", "T_NOW");
        assertThat(result.hits()).filteredOn(hit -> hit.name().equals("T_BUY_NOW_TWICE")).singleElement()
            .satisfies(hit -> assertThat(hit.count()).isEqualTo(2));
    }

    @Test
    void scanShouldReportEveryRuleWhosePieceOccursWhateverItsCase() {
        LiteralAutomaton automaton = LiteralAutomaton.of(List.of(Set.of("she"), Set.of("hers", "his"), Set.of("zzz"), Set.of("he")));
        Set<Integer> found = new TreeSet<>();

        automaton.scan("uSHErs", found::add);

        assertThat(found).containsExactly(0, 1, 3);
    }

    @Test
    void checkShouldNotRunARegexWhenItsRequiredLiteralIsAbsent() {
        // (?:a+)+ over the long run of a's backtracks past any budget: only the prefilter keeps it from running
        SpamAssassinRules rules = rules("""
            body T_CATASTROPHIC /(?:a+)+literal_absent/
            score T_CATASTROPHIC 1.0
            """);

        RuleResult result = check(rules);

        assertThat(result.budgetExceeded()).isFalse();
        assertThat(result.names()).isEmpty();
        assertThat(rules.withoutLiteral()).isEmpty();
    }

    @Test
    void checkShouldHitWhenACaseInsensitiveLiteralOccursInAnotherCase() {
        RuleResult result = check(rules("""
            body T_CI_BODY /viagra online/i
            body T_CS_BODY /viagra online/
            header T_CI_SUBJECT Subject =~ /discount watches/i
            header T_NOT_SUBJECT Subject !~ /discount watches/
            """));

        assertThat(result.names()).containsExactly("T_CI_BODY", "T_CI_SUBJECT", "T_NOT_SUBJECT");
    }

    @Test
    void checkShouldHitWhenOneLiteralOfAnAlternationOccurs() {
        RuleResult result = check(rules("""
            body T_COLOUR /\\bcolou?r (?:catalogue|brochure)/
            body T_SPELLING /\\bcolor (?:catalogue|brochure)/
            """));

        assertThat(result.names()).containsExactly("T_COLOUR");
    }

    @Test
    void checkShouldRunARuleWithoutLiteralOnEveryText() {
        SpamAssassinRules rules = rules("""
            body T_FIVE_DIGITS /\\b\\d{5}\\b/
            body T_BANG /a!/
            """);

        RuleResult result = check(rules);

        assertThat(result.names()).containsExactly("T_BANG", "T_FIVE_DIGITS");
        assertThat(rules.withoutLiteral()).containsExactly("T_BANG", "T_FIVE_DIGITS");
    }

    @Test
    void checkShouldGiveTheSameHitsWithAndWithoutPrefilter() {
        String config = """
            body T_A /viagra\\s+online/i
            body T_B /(?:cheap|discount) watches/i
            header T_C Subject =~ /WATCH/
            header T_D From:addr =~ /\\@example\\.org$/
            uri T_E /example\\.com/
            rawbody T_F /colour catalogue/
            full T_G /^Message-ID: <\\d\\@/m
            tflags T_H multiple maxhits=3
            body T_H /a{10}/
            body T_I /(?<=\\s)colou?r\\b/
            rawbody T_J /^buy/im
            tflags T_K multiple
            body T_K /[0-9]{2}/
            """;
        List<Set<String>> results = new ArrayList<>();
        for (boolean prefilter : List.of(true, false)) {
            results.add(check(SpamAssassinRules.compile(RuleConfig.parse("test.cf", config), 0, prefilter)).names());
        }

        assertThat(results.get(0)).isEqualTo(results.get(1)).contains("T_A", "T_B", "T_D", "T_F", "T_G", "T_H", "T_I", "T_J", "T_K");
    }
}
