package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LookalikeDomainsTest {
    private static final List<String> BRANDS = ImpersonatedBrands.load();
    private static final LookalikeDomains BRAND_LOOKALIKES = LookalikeDomains.of(BRANDS);
    /** Cyrillic small a (U+0430) in place of the Latin a. */
    private static final String CYRILLIC_PAYPAL = "p\u0430ypal.com"; // Cyrillic a

    @Test
    void matchShouldReportConfusableWhenACyrillicLetterReplacesALatinOne() {
        Lookalike lookalike = BRAND_LOOKALIKES.match(CYRILLIC_PAYPAL).orElseThrow();

        assertThat(lookalike.protectedDomain()).isEqualTo("paypal.com");
        assertThat(lookalike.techniques()).containsExactlyInAnyOrder(Technique.CONFUSABLE, Technique.MIXED_SCRIPT);
        assertThat(lookalike.distance()).isEqualTo(1);
        assertThat(lookalike.explanation()).contains("paypal.com", "CONFUSABLE", "Latin and Cyrillic");
    }

    @Test
    void matchShouldAddPunycodeWhenTheConfusableArrivesAsXn() {
        assertThat(IDN.toASCII(CYRILLIC_PAYPAL)).isEqualTo("xn--pypal-4ve.com");

        Lookalike lookalike = BRAND_LOOKALIKES.match("xn--pypal-4ve.com").orElseThrow();

        assertThat(lookalike.candidate()).isEqualTo("xn--pypal-4ve.com");
        assertThat(lookalike.protectedDomain()).isEqualTo("paypal.com");
        assertThat(lookalike.techniques())
            .containsExactlyInAnyOrder(Technique.CONFUSABLE, Technique.MIXED_SCRIPT, Technique.PUNYCODE);
        assertThat(lookalike.explanation()).contains(CYRILLIC_PAYPAL, "xn--pypal-4ve.com", "PUNYCODE");
    }

    @Test
    void matchShouldNotReportPunycodeWhenTheDecodedNameMatchesNothing() {
        assertThat(BRAND_LOOKALIKES.match(IDN.toASCII("b\u00fccher.de"))).isEmpty(); // u umlaut
    }

    @Test
    void matchShouldReportConfusableWithoutMixedScriptWhenTheWholeLabelIsCyrillic() {
        LookalikeDomains tenant = LookalikeDomains.of(List.of("coop.example"));

        Lookalike lookalike = tenant.match("\u0441\u043e\u043e\u0440.example").orElseThrow(); // Cyrillic es, o, o, er

        assertThat(lookalike.techniques()).containsExactly(Technique.CONFUSABLE);
        assertThat(lookalike.distance()).isEqualTo(4);
    }

    @Test
    void matchShouldReportMixedScriptWhenALabelMixesLatinAndGreek() {
        Lookalike lookalike = BRAND_LOOKALIKES.match("micr\u03bfsoft.com").orElseThrow(); // Greek omicron

        assertThat(lookalike.protectedDomain()).isEqualTo("microsoft.com");
        assertThat(lookalike.techniques()).containsExactlyInAnyOrder(Technique.CONFUSABLE, Technique.MIXED_SCRIPT);
        assertThat(lookalike.explanation()).contains("Latin and Greek");
    }

    @Test
    void matchShouldReportMixedScriptAlongsideATypoWhenTheLabelMixesScripts() {
        Lookalike lookalike = BRAND_LOOKALIKES.match("n\u0435tfiix.com").orElseThrow(); // Cyrillic ie

        assertThat(lookalike.protectedDomain()).isEqualTo("netflix.com");
        assertThat(lookalike.techniques()).contains(Technique.MIXED_SCRIPT, Technique.CONFUSABLE, Technique.EDIT_DISTANCE);
    }

    @Test
    void matchShouldReportHomoglyphWhenRnImitatesM() {
        Lookalike lookalike = BRAND_LOOKALIKES.match("rnicrosoft.com").orElseThrow();

        assertThat(lookalike.protectedDomain()).isEqualTo("microsoft.com");
        assertThat(lookalike.techniques()).containsExactly(Technique.HOMOGLYPH);
        assertThat(lookalike.distance()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paypa1.com", "PaypaI.com", "paypa1.com."})
    void matchShouldReportHomoglyphWhenADigitOrCapitalIImitatesL(String candidate) {
        Lookalike lookalike = BRAND_LOOKALIKES.match(candidate).orElseThrow();

        assertThat(lookalike.protectedDomain()).isEqualTo("paypal.com");
        assertThat(lookalike.techniques()).contains(Technique.HOMOGLYPH);
        assertThat(lookalike.techniques()).doesNotContain(Technique.TLD_SWAP, Technique.PUNYCODE, Technique.MIXED_SCRIPT);
    }

    @Test
    void matchShouldReportHomoglyphWhenVvClAndZeroImitateLetters() {
        assertThat(BRAND_LOOKALIKES.match("vvhatsapp.com")).map(Lookalike::protectedDomain).contains("whatsapp.com");
        assertThat(BRAND_LOOKALIKES.match("idoud.com")).map(Lookalike::techniques).contains(Set.of(Technique.HOMOGLYPH));
        assertThat(BRAND_LOOKALIKES.match("g00gle.com").orElseThrow().techniques()).containsExactly(Technique.HOMOGLYPH);
    }

    @Test
    void matchShouldReportHomoglyphOnAShortLabelOnlyWhenItIsExact() {
        assertThat(BRAND_LOOKALIKES.match("dh1.com").orElseThrow().techniques()).containsExactly(Technique.HOMOGLYPH);
        assertThat(BRAND_LOOKALIKES.match("up5.com")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"micorsoft.com", "microsfot.com", "mircosoft.com"})
    void matchShouldReportTranspositionWhenAdjacentLettersAreSwapped(String candidate) {
        Lookalike lookalike = BRAND_LOOKALIKES.match(candidate).orElseThrow();

        assertThat(lookalike.protectedDomain()).isEqualTo("microsoft.com");
        assertThat(lookalike.techniques()).containsExactly(Technique.TRANSPOSITION);
        assertThat(lookalike.distance()).isEqualTo(1);
    }

    @Test
    void matchShouldReportTranspositionAndEditDistanceWhenBothAreNeededOnALongLabel() {
        Lookalike lookalike = BRAND_LOOKALIKES.match("micorsofft.com").orElseThrow();

        assertThat(lookalike.techniques()).containsExactlyInAnyOrder(Technique.TRANSPOSITION, Technique.EDIT_DISTANCE);
        assertThat(lookalike.distance()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paypall.com", "paypl.com", "paypak.com", "netfllx.com"})
    void matchShouldReportEditDistanceForOneTypo(String candidate) {
        Lookalike lookalike = BRAND_LOOKALIKES.match(candidate).orElseThrow();

        assertThat(lookalike.techniques()).containsExactly(Technique.EDIT_DISTANCE);
        assertThat(lookalike.distance()).isEqualTo(1);
    }

    @Test
    void matchShouldAllowTwoEditsOnlyFromNineLetters() {
        assertThat(BRAND_LOOKALIKES.match("rnicrosooft.com")).isPresent();
        assertThat(BRAND_LOOKALIKES.match("wellsfarrgo0.com")).map(Lookalike::distance).contains(2);
        assertThat(BRAND_LOOKALIKES.match("wellsfarrgo00.com")).isEmpty();
        assertThat(BRAND_LOOKALIKES.match("bankofamerrika.com")).map(Lookalike::distance).contains(2);
        assertThat(BRAND_LOOKALIKES.match("paypaall.com")).isEmpty();
        assertThat(BRAND_LOOKALIKES.match("netfliiix.com")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ubs.com", "dpd.com", "uss.com", "irs.co.uk.evil.com", "usp.com"})
    void matchShouldNotApplyEditDistanceToShortLabels(String candidate) {
        assertThat(BRAND_LOOKALIKES.match(candidate)).isEmpty();
    }

    @Test
    void matchShouldReportHyphenationWhenHyphensAreAddedOrRemoved() {
        assertThat(BRAND_LOOKALIKES.match("pay-pal.com").orElseThrow().techniques()).containsExactly(Technique.HYPHENATION);
        assertThat(BRAND_LOOKALIKES.match("well-s-fargo.com").orElseThrow().techniques()).containsExactly(Technique.HYPHENATION);

        Lookalike tenant = LookalikeDomains.of(List.of("acmecorp.example")).match("acme-corp.example").orElseThrow();

        assertThat(tenant.protectedDomain()).isEqualTo("acmecorp.example");
        assertThat(tenant.techniques()).containsExactly(Technique.HYPHENATION);
        assertThat(LookalikeDomains.of(List.of("acme-corp.example")).match("acmecorp.example"))
            .map(Lookalike::techniques).contains(Set.of(Technique.HYPHENATION));
    }

    @Test
    void matchShouldNotReportHyphenationWhenHyphensAreTheSame() {
        Lookalike lookalike = LookalikeDomains.of(List.of("acme-corp.example")).match("acme-c0rp.example").orElseThrow();

        assertThat(lookalike.techniques()).containsExactly(Technique.HOMOGLYPH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paypal.co", "paypal.com.br", "paypal.net", "paypal.github.io", "PAYPAL.CO.UK"})
    void matchShouldReportTldSwapWhenTheSameLabelSitsUnderAnotherSuffix(String candidate) {
        Lookalike lookalike = BRAND_LOOKALIKES.match(candidate).orElseThrow();

        assertThat(lookalike.protectedDomain()).isEqualTo("paypal.com");
        assertThat(lookalike.techniques()).containsExactly(Technique.TLD_SWAP);
        assertThat(lookalike.distance()).isZero();
    }

    @Test
    void matchShouldReportTldSwapWithTheOtherTechniqueWhenBothAreUsed() {
        assertThat(BRAND_LOOKALIKES.match("paypa1.net").orElseThrow().techniques())
            .containsExactlyInAnyOrder(Technique.HOMOGLYPH, Technique.TLD_SWAP);
    }

    @Test
    void matchShouldTreatAShortLabelUnderAnotherSuffixAsTldSwap() {
        assertThat(BRAND_LOOKALIKES.match("irs.gov.co").orElseThrow().protectedDomain()).isEqualTo("irs.gov");
    }

    @Test
    void matchShouldPreferTheProtectedDomainWithTheSameSuffix() {
        assertThat(BRAND_LOOKALIKES.match("docusigm.net")).map(Lookalike::protectedDomain).contains("docusign.net");
        assertThat(BRAND_LOOKALIKES.match("docusigm.com")).map(Lookalike::protectedDomain).contains("docusign.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"paypal.com", "PAYPAL.COM", "PayPal.com.", " paypal.com ", "mail.paypal.com",
        "www.login.PayPal.com", "barclays.co.uk", "online.barclays.co.uk", "gov.uk", "www.gov.uk", "tax.service.gov.uk",
        "hmrc.gov.uk", "\uff50\uff41\uff59\uff50\uff41\uff4c.com"}) // fullwidth "paypal"
    void matchShouldIgnoreProtectedDomainsAndTheirSubdomains(String candidate) {
        assertThat(BRAND_LOOKALIKES.match(candidate)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmail.com", "outlook.com", "example.org", "github.com", "yahoo.com", "mailchimp.com",
        "sendgrid.net", "amazonses.com", "google-analytics.com", "googleusercontent.com", "mailgun.org",
        "protonmail.com", "zendesk.com", "atlassian.net", "cloudflare.com", "wikipedia.org", "bbc.co.uk",
        "nytimes.com", "office365.com", "microsoftonline.com"})
    void matchShouldLeaveCommonUnrelatedDomainsAlone(String candidate) {
        assertThat(BRAND_LOOKALIKES.match(candidate)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "[192.0.2.1]", "2001:db8::1", "localhost", "paypal", "", "  ", "pay pal.com",
        "-paypal.com", "paypal..com"})
    void matchShouldNeverReportIpLiteralsSingleLabelsOrNonDomains(String candidate) {
        assertThat(BRAND_LOOKALIKES.match(candidate)).isEmpty();
    }

    @Test
    void matchShouldFindNoBrandALookalikeOfAnother() {
        for (String brand : BRANDS) {
            assertThat(BRAND_LOOKALIKES.match(brand)).as(brand).isEmpty();
        }
    }

    @Test
    void matchShouldFindNoBrandALookalikeOfTheOtherBrandsWhenItIsNotProtectedItself() {
        for (String brand : BRANDS) {
            String label = brand.substring(0, brand.indexOf('.'));
            List<String> others = BRANDS.stream().filter(other -> !other.startsWith(label + ".")).toList();

            Optional<Lookalike> match = LookalikeDomains.of(others).match(brand);

            assertThat(match).as(brand).isEmpty();
        }
    }

    @Test
    void matchShouldGiveTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        List<String> candidates = List.of(CYRILLIC_PAYPAL, "xn--pypal-4ve.com", "rnicrosoft.com", "micorsoft.com",
            "pay-pal.com", "paypal.co", "micr\u03bfsoft.com", "gmail.com", "amazonses.com", "n\u0435tfiix.com"); // Greek omicron, Cyrillic ie
        List<Optional<Lookalike>> expected = candidates.stream().map(BRAND_LOOKALIKES::match).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Optional<Lookalike>>>> answers = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                answers.add(pool.submit(() -> {
                    List<Optional<Lookalike>> seen = new ArrayList<>();
                    for (int round = 0; round < 200; round++) {
                        seen = candidates.stream().map(BRAND_LOOKALIKES::match).toList();
                    }
                    return seen;
                }));
            }
            for (Future<List<Optional<Lookalike>>> answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofShouldRejectNamesThatCannotBeProtected() {
        assertThatThrownBy(() -> LookalikeDomains.of(List.of("paypal.com", "192.0.2.1")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.1");
        assertThatThrownBy(() -> LookalikeDomains.of(List.of("localhost"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void protectedDomainsShouldKeepTheConfiguredNames() {
        assertThat(LookalikeDomains.of(List.of("Acme.example", "acme.test")).protectedDomains())
            .containsExactly("Acme.example", "acme.test");
    }

    @Test
    void loadShouldReadTheShippedBrandsWithoutCommentsOrDuplicates() {
        assertThat(BRANDS).hasSizeGreaterThanOrEqualTo(55).doesNotHaveDuplicates()
            .contains("paypal.com", "microsoft.com", "barclays.co.uk", "irs.gov", "gov.uk", "docusign.net")
            .allSatisfy(domain -> assertThat(domain).doesNotContain("#", " ").isLowerCase());
    }
}
