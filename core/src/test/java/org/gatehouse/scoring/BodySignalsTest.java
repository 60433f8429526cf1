package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.SignalsTest.clean;
import static org.gatehouse.scoring.SignalsTest.evaluate;
import static org.gatehouse.scoring.SignalsTest.message;

import org.junit.jupiter.api.Test;

class BodySignalsTest {
    @Test
    void optOutShouldFireWhenRemovalWordingComesWithoutListHeaders() {
        String body = "Great offer.\nTo be removed from our mailing list, reply with REMOVE.\n";

        assertThat(evaluate(BodySignals.OPT_OUT_WITHOUT_LIST_HEADERS, clean(body)))
                .contains("\"To be removed\" without List-Unsubscribe or other list headers");
        assertThat(evaluate(BodySignals.OPT_OUT_WITHOUT_LIST_HEADERS,
                message("List-Unsubscribe: <mailto:leave@example.com>\n\n" + body))).isEmpty();
        assertThat(evaluate(BodySignals.OPT_OUT_WITHOUT_LIST_HEADERS, message("Precedence: bulk\n\n" + body))).isEmpty();
        assertThat(evaluate(BodySignals.OPT_OUT_WITHOUT_LIST_HEADERS, clean("The optimal option is removal of the old server.\n")))
                .isEmpty();
    }

    @Test
    void hashBusterShouldFireWhenTheSubjectEndsInPaddingAndAToken() {
        assertThat(evaluate(BodySignals.SUBJECT_HASH_BUSTER, message("Subject: compare mortgage rate                  YLON\n\nbody\n")))
                .isPresent();
        assertThat(evaluate(BodySignals.SUBJECT_HASH_BUSTER, message("Subject: Minutes of the meeting 12\n\nbody\n"))).isEmpty();
    }

    @Test
    void advertisementShouldFireWhenTheSubjectStartsWithAdv() {
        assertThat(evaluate(BodySignals.SUBJECT_ADVERTISEMENT, message("Subject: ADV: Extended Auto Warranties\n\nbody\n"))).isPresent();
        assertThat(evaluate(BodySignals.SUBJECT_ADVERTISEMENT, message("Subject: Advice on the budget\n\nbody\n"))).isEmpty();
    }

    @Test
    void commentSplitsWordsShouldFireWhenACommentSitsBetweenLetters() {
        assertThat(evaluate(BodySignals.HTML_COMMENT_SPLITS_WORDS,
                message("Content-Type: text/html\n\n<p>Buy v<!-- x -->iagra now</p>\n"))).contains("1 HTML comment(s) inside words");
        assertThat(evaluate(BodySignals.HTML_COMMENT_SPLITS_WORDS,
                message("Content-Type: text/html\n\n<p>Hello</p><!-- footer --><p>World</p>\n"))).isEmpty();
    }

    @Test
    void bigFontShouldFireWhenFontsShout() {
        assertThat(evaluate(BodySignals.HTML_BIG_FONT, message("Content-Type: text/html\n\n<font size=\"+4\">FREE</font>\n")))
                .contains("font size +4");
        assertThat(evaluate(BodySignals.HTML_BIG_FONT, message("Content-Type: text/html\n\n<font size=7>FREE</font>\n"))).isPresent();
        assertThat(evaluate(BodySignals.HTML_BIG_FONT,
                message("Content-Type: text/html\n\n<span style=\"font-size: 48px\">FREE</span>\n"))).contains("font size 48px");
        assertThat(evaluate(BodySignals.HTML_BIG_FONT, message(
                "Content-Type: text/html\n\n<style>h1 { font-size: 24px }</style><font size=\"2\">news</font><font size=+1>x</font>\n")))
                .isEmpty();
    }

    @Test
    void tollFreeShouldFireWhenANorthAmericanFreephoneNumberIsGiven() {
        assertThat(evaluate(BodySignals.TOLL_FREE_NUMBER, clean("Call 1-800-397-9999 today\n"))).contains("toll-free number 800-397-9999");
        assertThat(evaluate(BodySignals.TOLL_FREE_NUMBER, clean("Call (888) 555-0100\n"))).contains("toll-free number (888) 555-0100");
        assertThat(evaluate(BodySignals.TOLL_FREE_NUMBER, clean("Ticket 4800-397-9999 and +44 20 7946 0800\n"))).isEmpty();
    }

    @Test
    void advanceFeeShouldFireWhenTwoFraudPhrasesAppear() {
        assertThat(evaluate(BodySignals.ADVANCE_FEE_PHRASES,
                clean("My late husband left the funds with a security company in Lagos.\n")))
                .contains("2 advance-fee phrases: late husband, security company");
        assertThat(evaluate(BodySignals.ADVANCE_FEE_PHRASES, clean("Please name a beneficiary for the pension.\n"))).isEmpty();
    }

    @Test
    void exclamationRunShouldFireWhenThreeMarksFollowEachOther() {
        assertThat(evaluate(BodySignals.EXCLAMATION_RUN, clean("Order today!!!\n"))).contains("\"!!!\" in the text");
        assertThat(evaluate(BodySignals.EXCLAMATION_RUN, message("Subject: WOW!!!!\n\nbody\n"))).contains("\"!!!!\" in the subject");
        assertThat(evaluate(BodySignals.EXCLAMATION_RUN, clean("Great! Thanks! See you!\n"))).isEmpty();
    }

    @Test
    void mostlyCapitalsShouldFireWhenTheTextShouts() {
        assertThat(evaluate(BodySignals.TEXT_MOSTLY_CAPITALS, clean("MAKE MONEY FROM HOME WITH NO EFFORT AT ALL. ".repeat(8) + "\n")))
                .isPresent();
        assertThat(evaluate(BodySignals.TEXT_MOSTLY_CAPITALS, clean("SHORT SHOUT\n"))).isEmpty();
        assertThat(evaluate(BodySignals.TEXT_MOSTLY_CAPITALS, clean("The NATO and IBM reports are attached. ".repeat(10) + "\n")))
                .isEmpty();
    }

    @Test
    void recipientsManyDomainsShouldFireWhenToListsAddressesOfManyDomains() {
        String to = "To: a@one.example, b@two.example, c@three.example\nCc: d@four.example\n";

        assertThat(evaluate(BodySignals.RECIPIENTS_MANY_DOMAINS, message(to + "\nbody\n")))
                .contains("4 recipient domains in To/Cc, e.g. four.example, one.example, three.example, two.example");
        assertThat(evaluate(BodySignals.RECIPIENTS_MANY_DOMAINS, message(to + "List-Id: <l.example>\n\nbody\n"))).isEmpty();
        assertThat(evaluate(BodySignals.RECIPIENTS_MANY_DOMAINS,
                message("To: a@one.example, b@one.example, c@two.example, d@three.example\n\nbody\n"))).isEmpty();
    }
}
