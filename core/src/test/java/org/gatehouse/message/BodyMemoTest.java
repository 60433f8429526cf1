package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BodyMemoTest {
    private static final String BODY = """
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Our spring offers: see https://shop.example.com/spring
            --b1
            Content-Type: text/html; charset=utf-8

            <p>Our spring offers: <a href="https://shop.example.com/spring">see them</a> <img src="cid:logo"></p>
            --b1--
            """;

    private static byte[] message(String headers, String body) {
        return (headers + body).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @BeforeEach
    void forget() {
        BodyMemo.clear();
    }

    @Test
    void parseShouldReadTheSameViewWhenTheBodyWasReadBefore() {
        byte[] first = message("From: News <news@shop.example.com>\nSubject: Spring\nDate: Sat, 5 Dec 2026 10:00:00 +0000\n", BODY);
        byte[] second = message("From: Other <other@else.example>\nSubject: Autumn!\nDate: Sun, 6 Dec 2026 11:30:00 +0100\n", BODY);
        ParsedMessage secondAlone = ParsedMessage.parse(second);
        BodyMemo.clear();

        ParsedMessage.parse(first);
        ParsedMessage secondRemembered = ParsedMessage.parse(second);

        assertThat(secondRemembered.from()).containsExactly("other@else.example");
        assertThat(secondRemembered.subjectAndText()).isEqualTo(secondAlone.subjectAndText()).startsWith("Autumn!");
        assertThat(secondRemembered.date()).contains(Instant.parse("2026-12-06T10:30:00Z"));
        assertThat(secondRemembered.readableText()).isEqualTo(secondAlone.readableText());
        assertThat(secondRemembered.links()).isEqualTo(secondAlone.links()).contains("https://shop.example.com/spring");
        assertThat(secondRemembered.imageCount()).isEqualTo(secondAlone.imageCount()).isEqualTo(1);
        assertThat(secondRemembered.leafParts()).isEqualTo(secondAlone.leafParts());
        assertThat(secondRemembered.attachments()).isEqualTo(secondAlone.attachments());
        assertThat(secondRemembered.problems()).isEqualTo(secondAlone.problems());
        assertThat(secondRemembered.htmlParts().get(0).document()).isSameAs(ParsedMessage.parse(first).htmlParts().get(0).document());
    }

    @Test
    void fromBodyShouldWorkAValueOutOncePerBodyWhenTheBodyWasReadBefore() {
        AtomicInteger computed = new AtomicInteger();
        ParsedMessage first = ParsedMessage.parse(message("Subject: Spring\n", BODY));
        ParsedMessage second = ParsedMessage.parse(message("Subject: Autumn\n", BODY));

        String fromFirst = first.fromBody("links", () -> computed.incrementAndGet() + " " + first.links());
        String fromSecond = second.fromBody("links", () -> computed.incrementAndGet() + " " + second.links());

        assertThat(fromSecond).isEqualTo(fromFirst).startsWith("1 ");
        assertThat(computed).hasValue(1);
        assertThat(second.withFieldOnTop("X-Top", "yes").fromBody("links", () -> "again")).isEqualTo(fromFirst);
    }

    @Test
    void fromBodyShouldWorkTheValueOutAgainWhenTheBodyDiffers() {
        ParsedMessage first = ParsedMessage.parse(message("Subject: Spring\n", BODY));
        ParsedMessage other = ParsedMessage.parse(message("Subject: Spring\n", BODY.replace("spring", "summer")));

        first.fromBody("links", () -> first.links().toString());

        assertThat(other.fromBody("links", () -> other.links().toString())).contains("summer").doesNotContain("spring");
    }

    @Test
    void fromBodyShouldWorkAValueOutForEveryMessageWhenTheBodyHasNoKey() {
        // a header section not ended by an empty line: no key, nothing remembered across messages
        ParsedMessage first = ParsedMessage.parse(message("Subject: Spring\n", ""));
        ParsedMessage second = ParsedMessage.parse(message("Subject: Spring\n", ""));

        first.fromBody("value", () -> "first");

        assertThat(first.fromBody("value", () -> "again")).isEqualTo("first");
        assertThat(second.fromBody("value", () -> "second")).isEqualTo("second");
    }

    @Test
    void keyShouldDifferWhenADescribingFieldDiffers() {
        String headers = "From: a@example.com\n";
        Optional<String> inline = BodyMemo.key(message(headers, BODY));
        Optional<String> attached = BodyMemo.key(message(headers + "Content-Disposition: attachment; filename=offers.eml\n", BODY));
        Optional<String> otherId = BodyMemo.key(message("From: b@example.com\nMessage-ID: <x@example.com>\n", BODY));

        assertThat(inline).isPresent().isNotEqualTo(attached).isEqualTo(otherId);
    }

    @Test
    void parseShouldReadTheBodyAgainWhenTheTopLevelDispositionDiffers() {
        ParsedMessage.parse(message("From: a@example.com\n", BODY));

        ParsedMessage attached = ParsedMessage.parse(message("From: a@example.com\nContent-Disposition: attachment\n",
                "Content-Type: text/plain\n\nhello\n"));
        ParsedMessage inline = ParsedMessage.parse(message("From: a@example.com\n", "Content-Type: text/plain\n\nhello\n"));

        assertThat(attached.textParts()).isEmpty();
        assertThat(attached.attachments()).hasSize(1);
        assertThat(inline.textParts()).hasSize(1);
    }

    @Test
    void keyShouldBeEmptyWhenTheHeaderSectionIsNotWellFormed() {
        assertThat(BodyMemo.key(message("From: a@example.com\nthis is not a field\n", "\nbody\n"))).isEmpty();
        assertThat(BodyMemo.key(message(" folded first: x\n", "\nbody\n"))).isEmpty();
        assertThat(BodyMemo.key(message("", "\nbody\n"))).isEmpty();
        assertThat(BodyMemo.key("From: a@example.com\r\nSubject: no body".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(BodyMemo.key("From: a@example.com\rX: y\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(BodyMemo.key(message("From: a@example.com\n", "\n" + "x".repeat(BodyMemo.MAX_BODY_BYTES + 1)))).isEmpty();
    }

    @Test
    void parseShouldKeepTheBodysProblemsWhenTheBodyWasReadBefore() {
        String broken = "Content-Type: multipart/mixed\n\nno boundary at all\n";
        List<String> alone = ParsedMessage.parse(message("From: a@example.com\n", broken)).problems();

        ParsedMessage remembered = ParsedMessage.parse(message("From: b@example.com\n", broken));

        assertThat(alone).isNotEmpty();
        assertThat(remembered.problems()).isEqualTo(alone);
    }

    @Test
    void commonDateShouldAgreeWithTheGrammarWhenItReadsADate() {
        List<String> dates = List.of("Sat, 5 Dec 2026 10:00:00 +0000", "Sat, 05 Dec 2026 10:00 -0530", "5 Dec 2026 10:00:00 +0000",
                "Sun, 6 Dec 2026 23:59:59 +1400", "Mon, 29 Feb 2027 10:00:00 +0000", "Tue, 31 Apr 2026 10:00:00 +0000",
                "Wed, 1 Jan 2026 24:00:00 +0000", "Thu, 1 Jan 2026 10:61:00 +0000", "Fri, 1 Jan 2026 10:00:60 +0000",
                "Xyz, 1 Jan 2026 10:00:00 +0000", "Sat, 1 JAN 2026 10:00:00 +0000", "sat, 1 Jan 2026 10:00:00 +0000",
                "Sat, 1 Jan 26 10:00:00 +0000", "Sat, 1 Jan 2026 10:00:00 GMT", "Sat, 1 Jan 2026 10:00:00 +0099",
                "Sat, 1 Jan 2026 10:00:00 +2400", "Sat, 1 Jan 2026 1:00:00 +0000", "Sat, 123 Jan 2026 10:00:00 +0000",
                "Sat,  1 Jan 2026 10:00:00 +0000", "Sat, 1 Jan 2026 10:00:00 +0000 (UTC)", "Sat, 1 Jan 2026 10:00:00 -0000",
                "Sat, 1 Jan 2026 10:00:00 +0100 (Central European Time)", "Sat, 1 Jan 2026 10:00:00 +0000 (a (nested) one)",
                "Sat, 1 Jan 2026 10:00:00 +0000 (UTC) (UTC)", "Sat, 1 Jan 2026 10:00:00 +0000 ()", "Sat, 1 Jan 2026 10:00:00 (UTC) +0000");
        int read = 0;
        for (String date : dates) {
            Optional<Instant> common = ParsedMessage.commonDate(date);
            if (common.isPresent()) {
                read++;
                assertThat(common).as(date).isEqualTo(ParsedMessage.grammarDate(date));
            }
            assertThat(ParsedMessage.parseDate(date)).as(date).isEqualTo(common.isPresent() ? common : ParsedMessage.grammarDate(date));
        }
        assertThat(read).isGreaterThanOrEqualTo(8);
    }
}
