package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.content.ContentLimits;
import org.junit.jupiter.api.Test;

/** The message view read from the content inspection's parse is the view a parse of its own gives. */
class ParsedMessageReadingTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();
    private static final String MULTIPART = """
            From: Alice <alice@example.com>
            To: bob@example.net
            Subject: =?UTF-8?Q?caf=C3=A9?= report
            Date: Tue, 1 Dec 2026 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: multipart/alternative; boundary="b2"

            --b2
            Content-Type: text/plain; charset=utf-8

            See https://example.com/report for the figures.
            --b2
            Content-Type: text/html; charset=utf-8

            <html><body><p>See <a href="https://example.com/report">the report</a>.</p></body></html>
            --b2--
            --b1
            Content-Type: application/zip; name="report.zip"
            Content-Transfer-Encoding: base64

            UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==
            --b1
            Content-Type: message/rfc822

            From: carol@example.org
            Subject: forwarded

            inner text
            --b1--
            """;

    private static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameView(ParsedMessage shared, ParsedMessage own) {
        assertThat(shared.headers()).isEqualTo(own.headers());
        assertThat(shared.date()).isEqualTo(own.date());
        assertThat(shared.textParts()).isEqualTo(own.textParts());
        assertThat(shared.htmlParts().stream().map(HtmlPart::visibleText).toList())
            .isEqualTo(own.htmlParts().stream().map(HtmlPart::visibleText).toList());
        assertThat(shared.links()).isEqualTo(own.links());
        assertThat(shared.imageCount()).isEqualTo(own.imageCount());
        assertThat(shared.attachments()).isEqualTo(own.attachments());
        assertThat(shared.htmlAttachments()).isEqualTo(own.htmlAttachments());
        assertThat(shared.leafParts()).isEqualTo(own.leafParts());
        assertThat(shared.problems()).isEqualTo(own.problems());
    }

    @Test
    void viewShouldBeTheOwnParseWhenReadFromTheInspectionsParse() {
        byte[] raw = crlf(MULTIPART);
        ParsedMessage.Reading reading = new ParsedMessage.Reading();

        ContentInspection inspection = INSPECTOR.inspectMessage(raw, reading);

        assertThat(reading.view()).isPresent();
        assertSameView(reading.view().get(), ParsedMessage.parse(raw));
        assertThat(reading.view().get().subject()).isEqualTo("café report");
        assertThat(reading.view().get().attachments()).extracting(Attachment::contentType)
            .containsExactly("application/zip", "message/rfc822");
        assertThat(inspection.parts()).extracting(part -> part.section()).contains("1.1", "1.2", "2", "3");
    }

    @Test
    void viewShouldBeTheOwnParseForEveryCorpusMessageWhenReadFromTheInspectionsParse() throws IOException {
        List<Path> messages;
        try (Stream<Path> files = Stream.concat(Files.walk(Paths.get("src/test/resources/corpora/spamassassin-public-corpus")),
                Files.walk(Paths.get("src/test/resources/corpora/spamassassin-tdata")))) {
            messages = files.filter(Files::isRegularFile)
                .filter(file -> !file.getFileName().toString().matches("(?i).*(license|notice|provenance).*")).toList();
        }
        List<Path> withoutView = new ArrayList<>();
        for (Path message : messages) {
            byte[] raw = Files.readAllBytes(message);
            ParsedMessage.Reading reading = new ParsedMessage.Reading();
            INSPECTOR.inspectMessage(raw, reading);
            if (reading.view().isEmpty()) {
                withoutView.add(message);
                continue;
            }
            assertSameView(reading.view().get(), ParsedMessage.parse(raw));
        }

        assertThat(messages).hasSizeGreaterThan(400);
        assertThat(withoutView).isEmpty();
    }

    @Test
    void viewShouldBeAbsentWhenTheInspectionStoppedAtALimit() {
        ContentInspector hurried = new ContentInspector(ContentLimits.defaults().withMaxDuration(Duration.ofNanos(1)));
        ParsedMessage.Reading reading = new ParsedMessage.Reading();

        ContentInspection inspection = hurried.inspectMessage(crlf(MULTIPART), reading);

        assertThat(inspection.isUnscannable()).isTrue();
        assertThat(reading.view()).isEmpty();
    }

    @Test
    void withFieldOnTopShouldReadTheFieldFirstWhenAddedToAView() {
        ParsedMessage view = ParsedMessage.parse(crlf(MULTIPART)).withFieldOnTop("Return-Path", "<bounce@mailer.example>");
        ParsedMessage parsed = ParsedMessage.parse(crlf("Return-Path: <bounce@mailer.example>\n" + MULTIPART));

        assertSameView(view, parsed);
        assertThat(view.returnPath()).contains("bounce@mailer.example");
        assertThat(view.headers().get(0).name()).isEqualTo("Return-Path");
    }

    @Test
    void withFieldOnTopShouldReadEveryFieldNameLikeAParseWhenTheFieldChangesWhatTheViewReads() {
        String[][] fields = {{"From", "Mallory <mallory@evil.example>"}, {"Reply-To", "<r@example.org>"}, {"To", "x@example.net"},
            {"Cc", "y@example.net"}, {"Date", "Wed, 2 Dec 2026 08:00:00 +0100"}, {"Subject", "=?UTF-8?Q?d=C3=A9j=C3=A0?="},
            {"Received", "from mx.example.org (mx.example.org [192.0.2.1]) by gw.example.net; Wed, 2 Dec 2026 08:00:01 +0100"}};
        for (String[] field : fields) {
            ParsedMessage view = ParsedMessage.parse(crlf(MULTIPART)).withFieldOnTop(field[0], field[1]);
            ParsedMessage parsed = ParsedMessage.parse(crlf(field[0] + ": " + field[1] + "\n" + MULTIPART));

            assertSameView(view, parsed);
            assertThat(view.from()).isEqualTo(parsed.from());
            assertThat(view.replyTo()).isEqualTo(parsed.replyTo());
            assertThat(view.to()).isEqualTo(parsed.to());
            assertThat(view.cc()).isEqualTo(parsed.cc());
            assertThat(view.receivedHops()).isEqualTo(parsed.receivedHops());
            assertThat(view.subjectAndText()).isEqualTo(parsed.subjectAndText());
            assertThat(view.subjectAndTextLowerCase()).isEqualTo(parsed.subjectAndTextLowerCase());
        }
    }

    @Test
    void viewShouldStopAtTheNestingBoundWhenTheInspectionsParseReadsAFiveThousandLevelTree() {
        byte[] raw = NestedMime.message(5_000).getBytes(StandardCharsets.US_ASCII);
        ParsedMessage.Reading reading = new ParsedMessage.Reading();

        ContentInspection inspection = INSPECTOR.inspectMessage(raw, reading);

        assertThat(inspection.problems()).isNotEmpty();
        assertThat(reading.view()).hasValueSatisfying(view -> {
            assertThat(view.subject()).isEqualTo("nested");
            assertThat(view.problems()).contains("MIME nesting deeper than " + ParsedMessage.MAX_MIME_DEPTH + " levels; the rest is not read");
            assertThat(view.textParts()).isEmpty();
        });
    }

    @Test
    void viewShouldKeepAOneMegabyteHeaderLineWhenTheInspectionsParseReadsIt() {
        String longValue = "x".repeat(1 << 20);
        byte[] raw = crlf("X-Long: " + longValue + "\n" + MULTIPART);
        ParsedMessage.Reading reading = new ParsedMessage.Reading();

        INSPECTOR.inspectMessage(raw, reading);

        assertThat(reading.view()).isPresent();
        assertSameView(reading.view().get(), ParsedMessage.parse(raw));
        assertThat(reading.view().get().subject()).isEqualTo("café report");
    }
}
