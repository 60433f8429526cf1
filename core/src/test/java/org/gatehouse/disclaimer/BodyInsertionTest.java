package org.gatehouse.disclaimer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BodyInsertionTest {
    private static final Disclaimer BOTTOM = Disclaimer.of(Optional.of("Acme Corp. confidential:\nif you are not the addressee,"
        + " delete this message."), Optional.empty(), DisclaimerPosition.BOTTOM, "t");
    private static final Disclaimer TOP = BOTTOM.at(DisclaimerPosition.TOP);
    private static final String SEPARATOR = BodyInsertion.TEXT_SEPARATOR;

    @Test
    void intoTextShouldAppendBelowTheSeparatorInTheBodyLineBreaks() {
        assertThat(BodyInsertion.intoText("Hi\r\nBob\r\n", BOTTOM)).isEqualTo("Hi\r\nBob\r\n\r\n" + SEPARATOR
            + "\r\nAcme Corp. confidential:\r\nif you are not the addressee, delete this message.\r\n");
        assertThat(BodyInsertion.intoText("Hi\nBob", BOTTOM)).isEqualTo("Hi\nBob\n\n" + SEPARATOR
            + "\nAcme Corp. confidential:\nif you are not the addressee, delete this message.\n");
        assertThat(BodyInsertion.intoText("", BOTTOM)).startsWith(SEPARATOR + "\r\n");
    }

    @Test
    void intoTextShouldPutATopDisclaimerAboveTheText() {
        assertThat(BodyInsertion.intoText("Hi Bob", TOP)).isEqualTo("Acme Corp. confidential:\r\nif you are not the addressee,"
            + " delete this message.\r\n" + SEPARATOR + "\r\n\r\nHi Bob");
    }

    @Test
    void intoHtmlShouldInsertBeforeTheLastClosingBodyTag() {
        String html = BodyInsertion.intoHtml("<HTML><Body><p>Hi</p><pre>&lt;/body&gt;</pre></BODY ></HTML>", BOTTOM, StandardCharsets.UTF_8);

        assertThat(html).isEqualTo("<HTML><Body><p>Hi</p><pre>&lt;/body&gt;</pre><div class=\"gatehouse-disclaimer\"><hr>"
            + "<p>Acme Corp. confidential:<br>if you are not the addressee, delete this message.</p></div></BODY ></HTML>");
    }

    @Test
    void intoHtmlShouldInsertAfterTheOpeningBodyTagForTheTop() {
        assertThat(BodyInsertion.intoHtml("<html><head><title>x</title></head><body bgcolor=\"#fff\">Hi</body></html>", TOP,
            StandardCharsets.UTF_8)).startsWith("<html><head><title>x</title></head><body bgcolor=\"#fff\"><div class=\"gatehouse-disclaimer\"><p>")
            .endsWith("</p><hr></div>Hi</body></html>");
    }

    @Test
    void intoHtmlShouldAppendOrPrependWithoutABodyTag() {
        assertThat(BodyInsertion.intoHtml("<p>Hi</p>", BOTTOM, StandardCharsets.UTF_8)).startsWith("<p>Hi</p><div class=")
            .endsWith("</div>");
        assertThat(BodyInsertion.intoHtml("<p>Hi</p>", TOP, StandardCharsets.UTF_8)).startsWith("<div class=").endsWith("<p>Hi</p>");
        assertThat(BodyInsertion.intoHtml("<p>Hi</p></html>", BOTTOM, StandardCharsets.UTF_8)).endsWith("</div></html>");
    }

    @Test
    void intoHtmlShouldWriteCharacterReferencesForWhatTheCharsetCannotEncode() {
        Disclaimer euro = Disclaimer.of(Optional.of("Soci\u00e9t\u00e9 \u2013 100 \u20ac \ud83d\udd12"), Optional.empty(), // e acute, en dash, euro sign, padlock emoji
            DisclaimerPosition.BOTTOM, "t");

        assertThat(BodyInsertion.intoHtml("<p>x</p>", euro, StandardCharsets.ISO_8859_1))
            .contains("<p>Soci\u00e9t\u00e9 &#x2013; 100 &#x20AC; &#x1F512;</p>"); // e acute
        assertThat(BodyInsertion.intoHtml("<p>x</p>", euro, StandardCharsets.UTF_8)).contains("\u2013 100 \u20ac \ud83d\udd12"); // en dash, euro sign, padlock emoji
    }

    @Test
    void textHoldsShouldFindAQuotedAndRewrappedCopy() {
        String reply = "Fine.\r\n\r\n> Earlier text\r\n> ---\r\n> ACME Corp. confidential: if you\r\n>>  are not the addressee,\r\n"
            + "> delete\u00a0this message.\r\n";

        assertThat(BodyInsertion.textHolds(reply, BOTTOM)).isTrue();
        assertThat(BodyInsertion.textHolds("Acme Corp. confidential: if you are the addressee.", BOTTOM)).isFalse();
    }

    @Test
    void htmlHoldsShouldFindACopyInAQuotedBlock() {
        String reply = "<html><body><p>Fine.</p><blockquote type=\"cite\"><div>Acme Corp. <i>confidential</i>:<br>if you are"
            + " not the&nbsp;addressee, delete this message.</div></blockquote></body></html>";

        assertThat(BodyInsertion.htmlHolds(reply, BOTTOM)).isTrue();
        assertThat(BodyInsertion.htmlHolds("<p>Acme Corp. confidential</p>", BOTTOM)).isFalse();
    }

    @Test
    void holdsShouldRecogniseAnInsertedDisclaimer() {
        Disclaimer linked = Disclaimer.of(Optional.empty(), Optional.of("<p>See <a href=\"https://acme.example/t\">terms</a></p>"),
            DisclaimerPosition.BOTTOM, "t");

        assertThat(BodyInsertion.textHolds(BodyInsertion.intoText("Hi", linked), linked)).isTrue();
        assertThat(BodyInsertion.htmlHolds(BodyInsertion.intoHtml("<p>Hi</p>", linked, StandardCharsets.UTF_8), linked)).isTrue();
        assertThat(BodyInsertion.textHolds("Hi", linked)).isFalse();
    }

    @Test
    void asSeparateTextShouldListTheDisclaimersInOrder() {
        Disclaimer stamp = Disclaimer.of(Optional.of("Scanned by Example."), Optional.empty(), DisclaimerPosition.BOTTOM, "t");

        assertThat(BodyInsertion.asSeparateText(List.of(TOP, stamp))).isEqualTo("Acme Corp. confidential:\nif you are not the"
            + " addressee, delete this message.\n\n" + SEPARATOR + "\nScanned by Example.\n");
    }
}
