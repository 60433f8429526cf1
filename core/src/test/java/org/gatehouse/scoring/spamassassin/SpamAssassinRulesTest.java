package org.gatehouse.scoring.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

class SpamAssassinRulesTest {
    private static final String MESSAGE = """
        Received: from mail.example.org (mail.example.org [192.0.2.10]) by mx.example.net (Postfix) with ESMTP id ABC123; \
        Mon, 1 Jul 2024 10:00:00 +0000
        From: "Buyer" <buyer@example.org>
        To: someone@example.net
        Subject: Cheap watches here
        Message-ID: <1@example.org>
        Date: Mon, 1 Jul 2024 10:00:00 +0000
        Content-Type: text/plain

        Visit http://198.51.100.7/deal now.
        Rolex Rolex Rolex
        """;

    private static RuleResult check(String rules, String message) {
        byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
        return SpamAssassinRules.compile(RuleConfig.parse("test.cf", rules), 0)
            .check(SaMessage.of(ParsedMessage.parse(raw), raw), Duration.ofSeconds(5));
    }

    @Test
    void compileShouldTranslatePerlOnlySyntaxWhenJavaDiffers() throws PerlRegex.Unsupported {
        assertThat(PerlRegex.compile("m{^foo[[:digit:]]+\\z}i").matcher("FOO12").find()).isTrue();
        assertThat(PerlRegex.compile("/a{,3}b/").matcher("a{,3}b").find()).isTrue();
        assertThat(PerlRegex.compile("/[][]x/").matcher("]x").find()).isTrue();
        assertThat(PerlRegex.compile("/a b # comment\n c/x").matcher("abc").find()).isTrue();
        assertThat(PerlRegex.compile("/[a b]/x").matcher(" ").find()).isTrue();
        assertThat(PerlRegex.compile("/end$/").matcher("the end\n").find()).isTrue();
        assertThat(PerlRegex.compile("/(a)\\g1/").matcher("aa").find()).isTrue();
        assertThat(PerlRegex.compile("m!http://x!").matcher("http://x").find()).isTrue();
    }

    @Test
    void compileShouldRefuseConstructsWithoutJavaEquivalentWhenPresent() {
        assertThatThrownBy(() -> PerlRegex.compile("/foo\\Kbar/")).isInstanceOf(PerlRegex.Unsupported.class);
        assertThatThrownBy(() -> PerlRegex.compile("/(?|a|b)/")).isInstanceOf(PerlRegex.Unsupported.class);
        assertThatThrownBy(() -> PerlRegex.compile("/(?{ code })/")).isInstanceOf(PerlRegex.Unsupported.class);
    }

    @Test
    void evaluateShouldFollowPerlArithmeticWhenMetaMixesCountsAndBooleans() {
        MetaExpression expression = MetaExpression.parse("(A + B + C > 1) && !D");

        assertThat(expression.evaluate(name -> name.equals("A") || name.equals("C") ? 1 : 0)).isEqualTo(1);
        assertThat(expression.evaluate(name -> name.equals("A") || name.equals("D") ? 1 : 0)).isZero();
        assertThat(expression.names()).containsExactly("A", "B", "C", "D");
    }

    @Test
    void checkShouldHitHeaderBodyUriAndMetaRulesWhenMessageMatches() {
        RuleResult result = check("""
            header T_SUBJ_WATCH Subject =~ /\\bwatch(?:es)?\\b/i
            describe T_SUBJ_WATCH Subject mentions watches
            score T_SUBJ_WATCH 1.5
            header __FROM_NAME From:name =~ /^Buyer$/
            header __HAS_MID exists:Message-ID
            body __ROLEX /rolex/i
            tflags __ROLEX multiple maxhits=2
            uri T_IP_URI m{^https?://\\d+\\.\\d+\\.\\d+\\.\\d+}
            score T_IP_URI 2.0
            meta T_META (__ROLEX >= 2) && __FROM_NAME && __HAS_MID
            score T_META 0.5 0.6 0.7 0.8
            rawbody T_NOT_THERE /viagra/
            """, MESSAGE);

        assertThat(result.names()).containsExactly("T_IP_URI", "T_META", "T_SUBJ_WATCH");
        assertThat(result.total()).isEqualTo(4.0);
        assertThat(result.hits()).filteredOn(hit -> hit.name().equals("T_SUBJ_WATCH")).singleElement()
            .extracting(RuleResult.Hit::description).isEqualTo("Subject mentions watches");
    }

    @Test
    void compileShouldSkipAndReportRuleWhenRegexOrEvalIsNotEmulated() {
        SpamAssassinRules rules = SpamAssassinRules.compile(RuleConfig.parse("test.cf", """
            body BAD_REGEX /foo\\Kbar/
            body UNKNOWN_EVAL eval:some_future_test()
            meta OVER_BAD BAD_REGEX || UNKNOWN_EVAL
            header NET_RULE eval:check_rbl('x', 'zen.example.')
            body GOOD /good/
            """), 0);

        assertThat(rules.skipped()).containsOnlyKeys("BAD_REGEX", "UNKNOWN_EVAL", "OVER_BAD");
        assertThat(rules.offline()).containsExactly("NET_RULE");
        assertThat(rules.supported()).containsExactly("GOOD");
    }

    @Test
    void parseShouldFollowConditionalBlocksWhenPluginsAndVersionsDiffer() {
        SpamAssassinRules rules = SpamAssassinRules.compile(RuleConfig.parse("test.cf", """
            ifplugin Mail::SpamAssassin::Plugin::FreeMail
              body IN_LOADED_PLUGIN /a/
            endif
            ifplugin Mail::SpamAssassin::Plugin::NotLoaded
              body IN_MISSING_PLUGIN /a/
            else
              body IN_ELSE /a/
            endif
            if (version >= 3.004000)
              body IN_VERSION /a/
            endif
            if !plugin(Mail::SpamAssassin::Plugin::ReplaceTags)
              body IN_NEGATED /a/
            endif
            """), 0);

        assertThat(rules.supported()).containsExactlyInAnyOrder("IN_LOADED_PLUGIN", "IN_ELSE", "IN_VERSION");
    }

    @Test
    void checkShouldReplaceTagsWhenRuleIsListedInReplaceRules() {
        RuleResult result = check("""
            replace_tag R (?:r|R)
            replace_tag X (?:x|X)
            replace_inter SP [\\s._-]?
            body T_ROLEX /<inter SP><R>olex/
            replace_rules T_ROLEX
            """, MESSAGE);

        assertThat(result.names()).containsExactly("T_ROLEX");
    }

    @Test
    void checkShouldStopAtTheBudgetWhenRegexBacktracksCatastrophically() {
        // "ab" on a line of its own: the text holds the pair every match needs, so the prefilter lets the regex run
        String message = MESSAGE.replace("Rolex Rolex Rolex", "a".repeat(60) + "\nab");
        byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
        SpamAssassinRules rules = SpamAssassinRules.compile(RuleConfig.parse("test.cf", "rawbody T_EVIL /(.*a){12}b/\n"), 0);

        RuleResult result = rules.check(SaMessage.of(ParsedMessage.parse(raw), raw), Duration.ofMillis(200));

        assertThat(result.budgetExceeded()).isTrue();
        assertThat(result.hits()).isEmpty();
    }

    @Test
    void contributeShouldScaleSpamAssassinScoresWhenRulesHit() {
        SpamAssassinRules rules = SpamAssassinRules.compile(RuleConfig.parse("test.cf", """
            header T_SUBJ Subject =~ /watches/
            describe T_SUBJ Subject mentions watches
            score T_SUBJ 2.5
            """), 0);
        // 10 points per SpamAssassin point, whatever the fitted default is
        SpamAssassinRulesContributor contributor = SpamAssassinRulesContributor.of(new SpamAssassinRulesSettings(List.of(), 0, 10,
            SpamAssassinRulesSettings.DEFAULT_MIN, SpamAssassinRulesSettings.DEFAULT_MAX, SpamAssassinRulesSettings.DEFAULT_BUDGET), rules);
        byte[] raw = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);

        List<Finding> findings = contributor.contribute(TenantId.of("t1"), raw, ParsedMessage.parse(raw), Verdict.empty());

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("SA_T_SUBJ");
            assertThat(finding.check()).isEqualTo("spamassassin");
            assertThat(finding.score()).isEqualTo(25.0);
            assertThat(finding.reason()).isEqualTo("Subject mentions watches (SpamAssassin T_SUBJ, 2.500)");
        });
    }

    @Test
    void loadShouldReportNoRulesWhenDirectoryIsMissing() {
        SpamAssassinRulesContributor contributor = SpamAssassinRulesContributor.load(new SpamAssassinRulesSettings(
            List.of(java.nio.file.Path.of("/nonexistent/spamassassin")), 0, 10, -30, 100, Duration.ofSeconds(1)));
        byte[] raw = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(contributor.hasRules()).isFalse();
        assertThat(contributor.status()).contains("no SpamAssassin rule directory found");
        assertThat(contributor.contribute(TenantId.of("t1"), raw, ParsedMessage.parse(raw), Verdict.empty())).isEmpty();
    }
}
