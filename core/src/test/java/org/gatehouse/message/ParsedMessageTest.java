package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ParsedMessageTest {
    static ParsedMessage parse(String raw) {
        return ParsedMessage.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void headerShouldBeCaseInsensitiveAndDecodedWhenEncodedWordsAreUsed() {
        ParsedMessage message = parse("""
                SUBJECT: =?UTF-8?Q?caf=C3=A9_ouvert?=
                From: a@example.com

                body
                """);

        assertThat(message.header("subject")).contains("café ouvert");
        assertThat(message.rawHeader("Subject")).contains("=?UTF-8?Q?caf=C3=A9_ouvert?=");
        assertThat(message.subject()).isEqualTo("café ouvert");
    }

    @Test
    void addressesShouldBeLowerCasedWhenDisplayNamesAndGroupsAreUsed() {
        ParsedMessage message = parse("""
                From: "Alice" <Alice@Example.COM>
                Reply-To: Bob <bob@other.org>
                Return-Path: <bounce@mailer.example.com>
                To: team: carol@example.com, dave@example.com;, eve@example.net

                body
                """);

        assertThat(message.from()).containsExactly("alice@example.com");
        assertThat(message.replyTo()).containsExactly("bob@other.org");
        assertThat(message.returnPath()).contains("bounce@mailer.example.com");
        assertThat(message.to()).containsExactly("carol@example.com", "dave@example.com", "eve@example.net");
    }

    @Test
    void dateShouldParseWhenCommentsAndDoubleSpacesArePresent() {
        ParsedMessage message = parse("""
                Date: Wed,  4 Sep 2002 16:51:20 +0200 (CEST)
                Message-ID: <abc@example.com>

                body
                """);

        assertThat(message.date()).contains(Instant.parse("2002-09-04T14:51:20Z"));
        assertThat(message.hasValidMessageId()).isTrue();
    }

    @Test
    void dateShouldBeInvalidWhenTheZoneIsMalformed() {
        ParsedMessage message = parse("""
                Date: Thu, 29 Aug 2002 15:36:58 +-0500
                Message-ID: <000027473e39$0000377c$00003ada@>

                body
                """);

        assertThat(message.hasDate()).isTrue();
        assertThat(message.date()).isEmpty();
        assertThat(message.hasMessageId()).isTrue();
        assertThat(message.hasValidMessageId()).isFalse();
    }

    @Test
    void receivedShouldListTheChainNewestFirst() {
        ParsedMessage message = parse("""
                Received: from b by c
                Received: from a by b

                body
                """);

        assertThat(message.received()).containsExactly("from b by c", "from a by b");
    }

    @Test
    void partsShouldBeDecodedWithTheirCharsetsWhenMultipartAlternative() {
        ParsedMessage message = parse("""
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="inner"

                --inner
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Caf=E9 at http://example.com/menu.
                --inner
                Content-Type: text/html; charset=windows-1252

                <html><body><p>Café <a href="https://example.org/a">menu</a></p><img src="cid:x">
                <div style="display: none">hidden words for filters</div></body></html>
                --inner--
                --outer
                Content-Type: application/pdf; name="menu.pdf"
                Content-Disposition: attachment; filename="menu.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --outer
                Content-Type: image/png
                Content-Disposition: inline

                PNG
                --outer--
                """);

        assertThat(message.textParts()).singleElement().satisfies(part -> {
            assertThat(part.text()).startsWith("Café at http://example.com/menu.");
            assertThat(part.charset()).isEqualTo("ISO-8859-1");
        });
        assertThat(message.htmlParts()).singleElement().satisfies(part -> {
            assertThat(part.visibleText()).isEqualTo("Café menu");
            assertThat(part.hiddenText()).isEqualTo("hidden words for filters");
            assertThat(part.charset()).isEqualTo("windows-1252");
        });
        assertThat(message.links()).containsExactly("http://example.com/menu", "https://example.org/a");
        assertThat(message.imageCount()).isEqualTo(2);
        assertThat(message.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(java.util.Optional.of("menu.pdf"), "application/pdf", 9L),
                        org.assertj.core.groups.Tuple.tuple(java.util.Optional.empty(), "image/png", 3L));
        assertThat(message.problems()).isEmpty();
    }

    @Test
    void leafPartsShouldListEveryPartWithItsDeclaredCharsetAndEncoding() {
        ParsedMessage message = ParsedMessage.parse("""
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                café
                --b
                Content-Type: text/html; charset="ISO-8859-1"
                Content-Transfer-Encoding: base64

                PHA+aGk8L3A+
                --b
                Content-Type: image/gif

                GIF
                --b--
                """.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(message.leafParts()).extracting(LeafPart::mimeType, LeafPart::declaredCharset, LeafPart::transferEncoding,
                        LeafPart::attachment, LeafPart::highBitBytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("text/plain", java.util.Optional.empty(), "7bit", false, 1),
                        org.assertj.core.groups.Tuple.tuple("text/html", java.util.Optional.of("ISO-8859-1"), "base64", false, 0),
                        org.assertj.core.groups.Tuple.tuple("image/gif", java.util.Optional.empty(), "7bit", true, 0));
        assertThat(message.leafParts().get(1).size()).isEqualTo(9);
    }

    @Test
    void receivedHopsShouldReadTheChainNewestFirst() {
        ParsedMessage message = parse("""
                Received: from b.example.net (b.example.net [203.0.113.2]) by c.example.com; Fri, 23 Aug 2002 20:34:12 +0100
                Received: from a.example.net ([203.0.113.1]) by b.example.net; Fri, 23 Aug 2002 20:30:00 +0100
                Cc: Carol <Carol@Example.ORG>

                body
                """);

        assertThat(message.receivedHops()).extracting(ReceivedHop::ip)
                .containsExactly(java.util.Optional.of("203.0.113.2"), java.util.Optional.of("203.0.113.1"));
        assertThat(message.cc()).containsExactly("carol@example.org");
    }

    @Test
    void htmlPartShouldListFontSizesAndCommentsInsideWords() {
        ParsedMessage message = parse("""
                Content-Type: text/html

                <style>.big { font-size: 36pt }</style><font size="+3">FREE</font> v<!-- x -->iagra
                <span style="color: red; font-size:12px">small</span><!-- footer -->
                """);

        assertThat(message.htmlParts()).singleElement().satisfies(part -> {
            assertThat(part.fontSizes()).containsExactly("+3", "12px", "36pt");
            assertThat(part.commentsInsideWords()).isEqualTo(1);
        });
    }

    @Test
    void headerShouldBeDecodedWhenRawUtf8OrAnEncodedWordWithALanguageIsUsed() {
        ParsedMessage message = ParsedMessage.parse(("Subject: caf\u00e9 ouvert\r\nTo: =?iso-8859-1*sv?Q?D=F6rte?= <d@example.se>\r\n\r\nbody\r\n") // e acute
                .getBytes(StandardCharsets.UTF_8));

        assertThat(message.subject()).isEqualTo("café ouvert");
        assertThat(message.header("To")).contains("Dörte <d@example.se>");
        assertThat(message.headers().get(0).hasUndeclared8Bit()).isFalse();
    }

    @Test
    void subjectAndTextShouldJoinTheSubjectAndTheReadableText() {
        ParsedMessage message = parse("""
                Subject: Hello World

                Body Text
                """);

        assertThat(message.subjectAndText()).isEqualTo("Hello World\nBody Text\r\n");
        assertThat(message.subjectAndTextLowerCase()).isEqualTo("hello world\nbody text\r\n");
    }

    @Test
    void hiddenTextShouldIncludeSameColourAndZeroSizeText() {
        ParsedMessage message = parse("""
                Content-Type: text/html

                <p>Visible</p><span style="font-size:0px">tiny</span><span style="color:#fff;background-color:#fff">white</span>
                """);

        assertThat(message.htmlParts().get(0).visibleText()).isEqualTo("Visible");
        assertThat(message.htmlParts().get(0).hiddenText()).isEqualTo("tiny white");
    }

    @Test
    void parseShouldRecordAProblemWhenTheBoundaryIsMissing() {
        ParsedMessage message = parse("""
                Content-Type: multipart/mixed

                --x
                Content-Type: text/plain

                hello
                --x--
                """);

        assertThat(message.problems()).anySatisfy(problem -> assertThat(problem).contains("without a boundary"));
    }

    @Test
    void parseShouldRecordAProblemWhenTheCharsetIsUnknown() {
        ParsedMessage message = parse("""
                Content-Type: text/plain; charset=unknown-8bit

                hello
                """);

        assertThat(message.textParts()).singleElement().satisfies(part -> assertThat(part.text()).startsWith("hello"));
        assertThat(message.problems()).anySatisfy(problem -> assertThat(problem).contains("undecodable charset unknown-8bit"));
    }

    @Test
    void parseShouldRecordAProblemWhenBytesAreNotValidInTheDeclaredCharset() {
        byte[] raw = "Content-Type: text/plain; charset=utf-8\r\n\r\nbad \u00ff\u00fe bytes\r\n".getBytes(StandardCharsets.ISO_8859_1); // bytes 0xFF 0xFE, not UTF-8

        ParsedMessage message = ParsedMessage.parse(raw);

        assertThat(message.problems()).anySatisfy(problem -> assertThat(problem).contains("not valid UTF-8"));
    }

    @Test
    void parseShouldNotThrowWhenTheInputIsGarbage() {
        byte[][] broken = {
                new byte[0],
                "no headers at all, just text".getBytes(StandardCharsets.US_ASCII),
                "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>unterminated".getBytes(StandardCharsets.US_ASCII),
                "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64===\r\n".getBytes(StandardCharsets.US_ASCII),
                "From: <<<@@@>>>\r\nDate: yesterday\r\nTo: ;;;\r\n: no name\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\r', '\n', '\r', '\n', 3},
        };

        for (byte[] raw : broken) {
            ParsedMessage message = ParsedMessage.parse(raw);
            assertThat(message.headers()).isNotNull();
            assertThat(message.readableText()).isNotNull();
        }
        assertThat(ParsedMessage.parse(broken[4]).date()).isEmpty();
        assertThat(ParsedMessage.parse(broken[4]).from()).isEmpty();
    }

    @Test
    void parseShouldSkipTheMboxSeparatorLine() {
        ParsedMessage message = parse("""
                From someone@example.com Wed Sep  4 19:07:34 2002
                Subject: hello

                body
                """);

        assertThat(message.subject()).isEqualTo("hello");
        assertThat(message.headers()).extracting(HeaderField::name).containsExactly("Subject");
    }
}
