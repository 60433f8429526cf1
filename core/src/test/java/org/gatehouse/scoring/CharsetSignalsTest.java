package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Test;

class CharsetSignalsTest {
    /** Messages here carry raw 8-bit bytes: each character below 256 is one byte. */
    private static ParsedMessage bytes(String raw) {
        return ParsedMessage.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Optional<String> evaluate(String ruleId, ParsedMessage message) {
        return SignalsTest.evaluate(ruleId, message);
    }

    @Test
    void undeclared8BitShouldFireWhenAnAsciiOrUndeclaredPartHasManyHighBytes() {
        String accented = "caf\u00e9 na\u00efve r\u00e9sum\u00e9 ".repeat(4); // Latin-1 accented letters

        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT, bytes("Content-Type: text/plain\n\n" + accented + "\n")))
                .contains("16 8-bit bytes in a text/plain part declared without a charset");
        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT,
                bytes("Content-Type: text/plain; charset=us-ascii\n\n" + accented + "\n"))).isPresent();
        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT,
                bytes("Content-Type: text/plain; charset=iso-8859-1\n\n" + accented + "\n"))).isEmpty();
        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT, bytes("Content-Type: text/html\n\n<p>caf\u00e9</p>\n"))).isEmpty(); // e acute
    }

    @Test
    void undeclared8BitShouldFireWhenAHeaderHasRawBytesThatAreNotUtf8() {
        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT, bytes("Subject: \u00a5\u00f8\u00b1\u00e4\n\nbody\n"))) // Latin-1 bytes in a header
                .contains("8-bit bytes in the Subject field");
        String utf8Subject = new String("Subject: café\n\nbody\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(evaluate(CharsetSignals.CHARSET_UNDECLARED_8BIT, bytes(utf8Subject))).isEmpty();
    }

    @Test
    void scriptMismatchShouldFireWhenAnAsianSubjectSitsOverAWesternBody() {
        String subject = "Subject: =?big5?B?rEKq96SjrE5+fqdPtsykRn5+?=\n";

        assertThat(evaluate(CharsetSignals.CHARSET_SCRIPT_MISMATCH, bytes(subject + "Content-Type: text/html; charset=iso-8859-1\n\n<p>hi</p>\n")))
                .contains("subject in big5 but the body declared iso-8859-1");
        assertThat(evaluate(CharsetSignals.CHARSET_SCRIPT_MISMATCH, bytes(subject + "Content-Type: text/html; charset=big5\n\n<p>hi</p>\n")))
                .isEmpty();
    }

    @Test
    void scriptMismatchShouldFireWhenAWesternPartIsMostlyHighBytes() {
        String cjkAsLatin1 = new String("這是你上次要的東西這是你上次要的東西".getBytes(java.nio.charset.Charset.forName("big5")),
                StandardCharsets.ISO_8859_1);

        assertThat(evaluate(CharsetSignals.CHARSET_SCRIPT_MISMATCH,
                bytes("Content-Type: text/plain; charset=iso-8859-1\n\n" + cjkAsLatin1 + "\n")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("declared iso-8859-1 but 24 of its 38 bytes are 8-bit"));
        assertThat(evaluate(CharsetSignals.CHARSET_SCRIPT_MISMATCH,
                bytes("Content-Type: text/plain; charset=iso-8859-1\n\nCaf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e et g\u00e2teau.\n"))) // Latin-1 accented letters
                .isEmpty();
    }

    @Test
    void encodedWordInvalidShouldFireWhenTheCharsetIsUnknownOrTheWordDoesNotDecode() {
        assertThat(evaluate(CharsetSignals.ENCODED_WORD_INVALID, bytes("Subject: =?x-unknown-7?Q?hello?=\n\nbody\n")))
                .contains("encoded-word in Subject with unknown charset x-unknown-7");
        assertThat(evaluate(CharsetSignals.ENCODED_WORD_INVALID, bytes("Subject: =?utf-8?Q?caf=C3=A9?=\n\nbody\n"))).isEmpty();
        assertThat(evaluate(CharsetSignals.ENCODED_WORD_INVALID, bytes("Subject: =?utf-8*en?Q?caf=C3=A9?=\n\nbody\n"))).isEmpty();
    }

    @Test
    void needlessBase64ShouldFireWhenAsciiTextIsBase64Encoded() {
        String ascii = "Plain words that need no encoding at all, written out at some length for the test. ".repeat(2);
        String encoded = Base64.getMimeEncoder().encodeToString(ascii.getBytes(StandardCharsets.US_ASCII));
        String latin = Base64.getMimeEncoder().encodeToString((ascii + "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1)); // e acute

        assertThat(evaluate(CharsetSignals.TEXT_BASE64_NEEDLESS, bytes(
                "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + encoded + "\n")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("text/plain part of 16"));
        assertThat(evaluate(CharsetSignals.TEXT_BASE64_NEEDLESS, bytes(
                "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n" + latin + "\n"))).isEmpty();
        assertThat(evaluate(CharsetSignals.TEXT_BASE64_NEEDLESS, bytes(
                "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n"))).isEmpty();
    }
}
