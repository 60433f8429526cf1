package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LanguagePolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();
    private static final String RUSSIAN = "Уважаемый клиент, ваш счёт будет заблокирован, если вы не подтвердите свои данные "
        + "в течение двадцати четырёх часов. Пожалуйста, перейдите по ссылке и введите пароль.";
    private static final String ENGLISH = "Dear customer, the quarterly report is ready for review. Please send your comments "
        + "to the finance team before Friday so that we can close the books on time.";

    private static LanguagePolicy policy(String json) throws Exception {
        return LanguagePolicy.parse(MAPPER.readTree(json), "content.language");
    }

    private static ContentInspection message(String subject, String body, String charset) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(("From: a@example.com\r\nTo: b@example.net\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=" + charset + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.write(body.getBytes(Charset.forName(charset)));
        raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return INSPECTOR.inspectMessage(raw.toByteArray());
    }

    @Test
    void evaluateShouldBlockAConfidentlyDetectedBlockedLanguage() throws Exception {
        LanguagePolicy policy = policy("{\"blockLanguages\": [\"ru\"], \"action\": \"quarantine\"}");

        assertThat(policy.evaluate(message("notice", RUSSIAN, "utf-8"))).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("CONTENT_LANGUAGE_BLOCKED");
            assertThat(finding.reason()).startsWith("the text is in ru (");
            assertThat(finding.action()).contains(Action.QUARANTINE);
        });
        assertThat(policy.evaluate(message("notice", ENGLISH, "utf-8"))).isEmpty();
    }

    @Test
    void evaluateShouldNotJudgeTheLanguageOfAFewWords() throws Exception {
        assertThat(policy("{\"blockLanguages\": [\"ru\"]}").evaluate(message("hi", "Привет!", "utf-8"))).isEmpty();
    }

    @Test
    void evaluateShouldBlockADeclaredCharsetByAnyOfItsNames() throws Exception {
        LanguagePolicy policy = policy("{\"blockCharsets\": [\"cp1251\", \"KOI8-R\"], \"action\": \"tag\"}");

        assertThat(policy.blockCharsets()).containsExactlyInAnyOrder("windows-1251", "koi8-r");
        assertThat(policy.evaluate(message("notice", RUSSIAN, "koi8-r"))).extracting(Finding::ruleId).containsExactly("CONTENT_CHARSET_BLOCKED");
        assertThat(policy.evaluate(message("notice", RUSSIAN, "windows-1251"))).extracting(Finding::reason)
            .containsExactly("the message declares charset windows-1251, a blocked charset");
        assertThat(policy.evaluate(message("notice", ENGLISH, "iso-8859-1"))).isEmpty();
    }

    @Test
    void evaluateShouldBlockAScriptAboveItsShareOfTheLetters() throws Exception {
        LanguagePolicy policy = policy("{\"blockScripts\": [\"CYRILLIC\"], \"minScriptShare\": 0.3}");

        assertThat(policy.evaluate(message("notice", RUSSIAN, "utf-8"))).singleElement()
            .satisfies(finding -> assertThat(finding.reason()).endsWith("of the letters are CYRILLIC, a blocked script"));
        // one Cyrillic word in English text stays under the share
        assertThat(policy.evaluate(message("notice", ENGLISH + " Привет", "utf-8"))).isEmpty();
    }

    @Test
    void parseShouldRefuseUnknownLanguagesCharsetsAndScriptsWithTheirPath() {
        assertInvalid("{\"blockLanguages\": [\"ru\", \"klingon\"]}", "content.language.blockLanguages[1]");
        assertInvalid("{\"blockCharsets\": [\"no-such-charset\"]}", "content.language.blockCharsets[0]");
        assertInvalid("{\"blockScripts\": [\"ELVISH\"]}", "content.language.blockScripts[0]");
        assertInvalid("{\"blockScripts\": [\"COMMON\"]}", "content.language.blockScripts[0]");
        assertInvalid("{\"minConfidence\": 1.5}", "content.language.minConfidence");
        assertInvalid("{\"action\": \"strip\"}", "content.language.action");
        assertInvalid("{\"languages\": []}", "content.language.languages");
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> policy(json)).isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }
}
