package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Test;

class SignalsTest {
    private static final String CLEAN_HEADERS = """
            Received: from mx.example.com by mx.example.org
            Date: Mon, 23 Nov 2026 10:00:00 +0000
            Message-ID: <1@example.com>
            From: Alice <alice@example.com>
            To: bob@example.org
            Subject: Minutes of Monday's meeting
            """;

    static ParsedMessage message(String headersAndBody) {
        return ParsedMessage.parse(headersAndBody.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static ParsedMessage clean(String body) {
        return message(CLEAN_HEADERS + "\n" + body);
    }

    static Optional<String> evaluate(String ruleId, ParsedMessage message) {
        return Signals.all().stream().filter(signal -> signal.ruleId().equals(ruleId)).findFirst().orElseThrow().evaluate(message);
    }

    @Test
    void noSignalShouldFireWhenTheMessageIsAPlainNote() {
        ParsedMessage message = clean("Hi Bob, the minutes are attached to the wiki page. Alice\n");

        assertThat(Signals.all()).allSatisfy(signal -> assertThat(signal.evaluate(message)).as(signal.ruleId()).isEmpty());
    }

    @Test
    void gtubeShouldFireWhenTheTestStringIsInTheBody() {
        assertThat(evaluate(Signals.GTUBE, clean("x " + Signals.GTUBE_STRING + " y\n"))).isPresent();
    }

    @Test
    void dateSignalsShouldFireWhenDateIsMissingOrInvalid() {
        assertThat(evaluate(Signals.DATE_MISSING, message("From: a@example.com\n\nbody\n"))).isPresent();
        assertThat(evaluate(Signals.DATE_INVALID, message("Date: Sat, 14 Sep 2002 13:36:40\n\nbody\n")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("Sat, 14 Sep 2002 13:36:40"));
        assertThat(evaluate(Signals.DATE_INVALID, message("From: a@example.com\n\nbody\n"))).isEmpty();
    }

    @Test
    void messageIdSignalsShouldFireWhenMissingOrMalformed() {
        assertThat(evaluate(Signals.MESSAGE_ID_MISSING, message("From: a@example.com\n\nbody\n"))).isPresent();
        assertThat(evaluate(Signals.MESSAGE_ID_INVALID, message("Message-ID: <0000$0000@>\n\nbody\n"))).isPresent();
    }

    @Test
    void receivedMissingShouldFireWhenNoServerAddedAReceivedField() {
        assertThat(evaluate(Signals.RECEIVED_MISSING, message("From: a@example.com\n\nbody\n"))).isPresent();
    }

    @Test
    void replyToMismatchShouldFireWhenReplyToIsAnotherDomainUnlessMailingList() {
        String headers = "From: a@imail.example\nReply-To: collect@yahoo.example\n";

        assertThat(evaluate(Signals.REPLY_TO_DOMAIN_MISMATCH, message(headers + "\nbody\n")))
                .contains("From domain imail.example but Reply-To domain yahoo.example");
        assertThat(evaluate(Signals.REPLY_TO_DOMAIN_MISMATCH, message(headers + "List-Id: <l.example>\n\nbody\n"))).isEmpty();
        assertThat(evaluate(Signals.REPLY_TO_DOMAIN_MISMATCH,
                message("From: a@news.example.com\nReply-To: b@example.com\n\nbody\n"))).isEmpty();
    }

    @Test
    void htmlOnlyShouldFireWhenThereIsNoPlainAlternative() {
        assertThat(evaluate(Signals.HTML_ONLY, message("Content-Type: text/html\n\n<p>hi</p>\n"))).isPresent();
        assertThat(evaluate(Signals.HTML_ONLY, clean("hi\n"))).isEmpty();
    }

    @Test
    void hiddenTextShouldFireWhenEnoughTextIsHidden() {
        assertThat(evaluate(Signals.HTML_HIDDEN_TEXT, message(
                "Content-Type: text/html\n\n<p>Buy</p><div style=\"display:none\">lorem ipsum dolor sit amet consectetur</div>\n")))
                .isPresent();
        assertThat(evaluate(Signals.HTML_HIDDEN_TEXT, message(
                "Content-Type: text/html\n\n<p>Buy</p><div style=\"display:none\">preheader</div>\n"))).isEmpty();
    }

    @Test
    void imageOnlyShouldFireWhenImagesComeWithLittleText() {
        assertThat(evaluate(Signals.IMAGE_ONLY_LITTLE_TEXT, message(
                "Content-Type: text/html\n\n<a href=\"http://x.example\"><img src=\"http://x.example/a.gif\"></a>\n")))
                .contains("1 image(s) and 0 characters of text");
        assertThat(evaluate(Signals.IMAGE_ONLY_LITTLE_TEXT, message(
                "Content-Type: text/html\n\n<img src=\"a.gif\"><p>" + "word ".repeat(60) + "</p>\n"))).isEmpty();
    }

    @Test
    void manyLinksShouldFireWhenMoreThanTheThresholdOfDistinctTargets() {
        StringBuilder links = new StringBuilder();
        for (int i = 0; i <= Signals.MANY_LINKS_THRESHOLD; i++) {
            links.append("http://example.com/").append(i).append('\n');
        }

        assertThat(evaluate(Signals.MANY_LINKS, clean(links.toString()))).contains("21 distinct link targets");
        assertThat(evaluate(Signals.MANY_LINKS, clean("http://example.com/1\n".repeat(30)))).isEmpty();
    }

    @Test
    void ipLiteralLinkShouldFireWhenTheHostIsAnAddress() {
        assertThat(evaluate(Signals.IP_LITERAL_LINK, clean("see http://192.0.2.7/login now\n"))).isPresent();
        assertThat(evaluate(Signals.IP_LITERAL_LINK, message(
                "Content-Type: text/html\n\n<a href=\"http://user@198.51.100.1:8080/x\">bank</a>\n"))).isPresent();
        assertThat(evaluate(Signals.IP_LITERAL_LINK, clean("see http://192.0.2.7.example.com/ and version 1.2.3.4\n"))).isEmpty();
    }

    @Test
    void allCapsSubjectShouldFireWhenTheSubjectHasNoLowerCase() {
        assertThat(evaluate(Signals.SUBJECT_ALL_CAPS, message("Subject: MAKE MONEY FAST 2002\n\nbody\n"))).isPresent();
        assertThat(evaluate(Signals.SUBJECT_ALL_CAPS, message("Subject: RE: IBM\n\nbody\n"))).isEmpty();
    }

    @Test
    void allCapsSubjectShouldNotFireWhenTheScriptHasNoCase() {
        assertThat(evaluate(Signals.SUBJECT_ALL_CAPS, message("Subject: =?UTF-8?B?44GX44GY44G/44Go44KC44KC44Gu44Kz44Op44Oc44Os44O844K344On44Oz?=\n\nbody\n")))
                .isEmpty();
    }

    @Test
    void moneyUrgencyShouldFireWhenEnoughDistinctPhrasesAppear() {
        ParsedMessage three = clean("ACT NOW! This offer is 100% free with no obligation.\n");
        ParsedMessage five = clean("Act now, 100% free, no obligation, money back, limited time.\n");

        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, three)).contains("3 money/urgency phrases: act now, 100% free, no obligation");
        assertThat(evaluate(Signals.MONEY_URGENCY_MANY, three)).isEmpty();
        assertThat(evaluate(Signals.MONEY_URGENCY_MANY, five)).isPresent();
        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, clean("The debt was paid; act now.\n"))).isEmpty();
    }

    @Test
    void wordingSignalsShouldJudgeEachSubjectWhenTheBodyWasReadBefore() {
        String body = "Our offer: act now, it is 100% free.\n";
        ParsedMessage plainSubject = clean(body);
        ParsedMessage urgentSubject = message(CLEAN_HEADERS.replace("Subject: Minutes of Monday's meeting",
            "Subject: No obligation v1agra") + "\n" + body);

        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, plainSubject)).isEmpty();
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, plainSubject)).isEmpty();
        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, urgentSubject)).contains("3 money/urgency phrases: act now, 100% free, no obligation");
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, urgentSubject)).contains("\"v1agra\" disguises \"viagra\"");
        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, clean(body))).isEmpty();
    }

    @Test
    void wordingSignalsShouldJudgeAnOverlongSubjectEveryTime() {
        String body = "Our offer is here.\n";
        String padding = "x ".repeat(Signal.MAX_REMEMBERED_SUBJECT);
        ParsedMessage disguised = message(CLEAN_HEADERS.replace("Subject: Minutes of Monday's meeting",
            "Subject: " + padding + "v1agra") + "\n" + body);
        ParsedMessage plain = message(CLEAN_HEADERS.replace("Subject: Minutes of Monday's meeting",
            "Subject: " + padding + "viagra") + "\n" + body);

        assertThat(evaluate(Signals.OBFUSCATED_WORDS, disguised)).contains("\"v1agra\" disguises \"viagra\"");
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, plain)).isEmpty();
    }

    @Test
    void moneyUrgencyShouldNotFireWhenPhrasesArePartsOfLongerWords() {
        ParsedMessage insideWords = clean("React nowhere: 100% freedom, no obligations, urgently.\n");

        assertThat(evaluate(Signals.MONEY_URGENCY_PHRASES, insideWords)).isEmpty();
    }

    @Test
    void obfuscatedWordsShouldNotFireWhenTheDisguisedWordIsPartOfALongerWord() {
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("xv1agra 2c@sh c@shx\n"))).isEmpty();
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("v1agra\n"))).contains("\"v1agra\" disguises \"viagra\"");
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("(c@sh)\n"))).contains("\"c@sh\" disguises \"cash\"");
    }

    @Test
    void obfuscatedWordsShouldFireWhenLettersAreReplacedByLookAlikes() {
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("cheap v1agra and c@sh\n"))).contains("\"v1agra\" disguises \"viagra\"");
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("F.R.E.E money\n"))).isPresent();
        assertThat(evaluate(Signals.OBFUSCATED_WORDS, clean("free money at the bank, viagra ads\n"))).isEmpty();
    }

    @Test
    void obfuscatedWordsShouldFindWhatAWholeTextScanOfEveryPatternFinds() throws java.io.IOException {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "vViIaAgGrRcClLsSeEtTxXoOpPhHmMyYnNkKbBfFuUw14@3!|05$79.-_* \n\u00e9\u00df\u0661\ud835\udc00"; // a non-ASCII letter written as an escape
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int t = 0; t < 5_000; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(6) == 0) {
                    String target = Signals.OBFUSCATION_TARGETS.get(random.nextInt(Signals.OBFUSCATION_TARGETS.size()));
                    text.append(random.nextBoolean() ? target : target.replace('a', '@').replace('i', '1').replace("s", "$."));
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            texts.add(text.toString());
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(
                java.nio.file.Paths.get("src/test/resources/corpora/spamassassin-public-corpus"))) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).limit(300).toList()) {
                texts.add(ParsedMessage.parse(java.nio.file.Files.readAllBytes(file)).subjectAndText());
            }
        }

        assertThat(texts).allSatisfy(text -> assertThat(Signals.firstDisguisedWord(text)).as(text).isEqualTo(firstDisguisedWordByScan(text)));
        assertThat(texts.stream().filter(text -> Signals.firstDisguisedWord(text).isPresent()).count()).as("texts with a disguised word")
                .isGreaterThan(200);
    }

    private static final java.util.List<java.util.regex.Pattern> WHOLE_TEXT_PATTERNS = Signals.OBFUSCATION_TARGETS.stream()
            .map(Signals::obfuscationPattern).toList();

    /** The rule as first written: every pattern's find() over the whole text. */
    private static Optional<String> firstDisguisedWordByScan(String text) {
        for (int i = 0; i < Signals.OBFUSCATION_TARGETS.size(); i++) {
            String target = Signals.OBFUSCATION_TARGETS.get(i);
            java.util.regex.Matcher matcher = WHOLE_TEXT_PATTERNS.get(i).matcher(text);
            while (matcher.find()) {
                if (!matcher.group().equalsIgnoreCase(target)) {
                    return Optional.of("\"" + matcher.group() + "\" disguises \"" + target + "\"");
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void mimeMalformedShouldFireWhenParsingFoundProblems() {
        assertThat(evaluate(Signals.MIME_MALFORMED, message("Content-Type: multipart/mixed\n\nbody\n")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("without a boundary"));
    }

    @Test
    void toUndisclosedShouldFireWhenToHoldsNoAddress() {
        assertThat(evaluate(Signals.TO_UNDISCLOSED, message("To: undisclosed-recipients:;\n\nbody\n"))).isPresent();
    }

    @Test
    void fromLocalpartDigitsShouldFireOnlyForLettersThenDigits() {
        assertThat(evaluate(Signals.FROM_LOCALPART_DIGITS, message("From: john4821@example.com\n\nbody\n"))).isPresent();
        assertThat(evaluate(Signals.FROM_LOCALPART_DIGITS,
                message("From: online#3.19658.4b-x.1@newsletter.example.com\n\nbody\n"))).isEmpty();
    }

    @Test
    void subjectBaitPunctuationShouldFireOnExclamationOrDollar() {
        assertThat(evaluate(Signals.SUBJECT_BAIT_PUNCTUATION, message("Subject: Earn $500 a day\n\nbody\n"))).isPresent();
    }
}
