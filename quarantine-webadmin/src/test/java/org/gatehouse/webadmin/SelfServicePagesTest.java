package org.gatehouse.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.tenant.TenantId;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class SelfServicePagesTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> & 'quotes'";

    private static QuarantineEntry entry(String subject, String sender) {
        return new QuarantineEntry("acme.spam.00000000-0000-0000-0000-000000000001", TenantId.of("acme"), QuarantineFamily.SPAM,
            sender, List.of("bob@acme.example"), "192.0.2.1", subject, Instant.parse("2026-11-23T10:00:00Z"), 1234,
            Optional.of(80), Optional.empty(), List.of("GTUBE"), List.of("GTUBE"), "inbound", Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void confirmationShouldShowHostileTextAsTextWhenTheSubjectAndSenderCarryMarkup() {
        String html = SelfServicePages.confirmation(entry(HOSTILE, "a\"b@evil.example"), "Release?", "Release", "tok\"en", "c\"srf");

        Document page = Jsoup.parse(html);
        assertThat(page.select("script, img")).isEmpty();
        assertThat(page.body().text()).contains(HOSTILE, "a\"b@evil.example");
        assertThat(page.select("input[name=token]").attr("value")).isEqualTo("tok\"en");
        assertThat(page.select("input[name=csrf]").attr("value")).isEqualTo("c\"srf");
        assertThat(page.select("form").attr("method")).isEqualTo("post");
    }

    @Test
    void listShouldEscapeEveryRowAndCarryOneFormPerButton() {
        String html = SelfServicePages.list("bob@acme.example", List.of(new SelfServicePages.Row(entry(HOSTILE, ""),
            List.of(new SelfServicePages.Button("Release", "t1"), new SelfServicePages.Button("Block the sender", "t2")))), "csrf");

        Document page = Jsoup.parse(html);
        assertThat(page.select("script, img")).isEmpty();
        assertThat(page.select("td").eachText()).contains(HOSTILE, "(no sender)");
        assertThat(page.select("form")).hasSize(2);
        assertThat(page.select("form input[name=token]").eachAttr("value")).containsExactly("t1", "t2");
    }
}
