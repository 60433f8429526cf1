package org.gatehouse.quarantine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStoreContract;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DigestMessageBuilderTest {
    private static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");
    private static final Instant EXPIRY = NOW.plus(Duration.ofHours(72));
    private static final TenantId ACME = TenantStoreContract.ACME_ID;
    private static final String ALICE = "alice@acme.example";
    private static final String BASE = "http://gateway.example:8025";
    private static final Pattern TOKEN_URL = Pattern.compile(Pattern.quote(BASE) + "/quarantine/(action|self-service)\\?token=([A-Za-z0-9_.-]+)");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    ActionTokens tokens;
    DigestMessageBuilder builder = new DigestMessageBuilder("quarantine@gateway.example", BASE + "/");

    @BeforeEach
    void setUp() {
        new JdbcTenantStore(derby.database()).save(TenantStoreContract.ACME);
        tokens = new ActionTokens(new JdbcSigningKeys(derby.database()), new JdbcUsedTokens(derby.database()));
    }

    private static QuarantineEntry entry(String id, QuarantineFamily family, String sender, String subject, Instant receivedAt) {
        return new QuarantineEntry(id, ACME, family, sender, List.of(ALICE), "192.0.2.1", subject, receivedAt, 1234,
            Optional.of(12), Optional.empty(), List.of("GTUBE", "SCORE_HIGH"), List.of("GTUBE test string"), "inbound",
            receivedAt.plus(Duration.ofDays(14)));
    }

    private Optional<DigestMessage> build(List<QuarantineEntry> entries) {
        return builder.build(ACME, ALICE, entries, Optional.of(DigestActions.signed(tokens, ACME, ALICE, EXPIRY)),
            ZoneId.of("Europe/Paris"), NOW);
    }

    private static Message parse(DigestMessage digest) throws IOException {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(digest.content()));
    }

    private static String text(Entity part) throws IOException {
        try (InputStream in = ((TextBody) part.getBody()).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> urls(String text) {
        List<String> urls = new ArrayList<>();
        Matcher matcher = TOKEN_URL.matcher(text);
        while (matcher.find()) {
            urls.add(matcher.group());
        }
        return urls;
    }

    @Test
    void buildShouldWriteAMultipartAlternativeWithTextAndHtml() throws Exception {
        DigestMessage digest = build(List.of(
            entry("e1", QuarantineFamily.SPAM, "bob@spam.example", "Cheap watches", NOW.minus(Duration.ofHours(2))),
            entry("e2", QuarantineFamily.POLICY, "carol@partner.example", "Invoice ☃", NOW.minus(Duration.ofHours(1))))).orElseThrow();

        Message message = parse(digest);

        assertThat(message.getMimeType()).isEqualTo("multipart/alternative");
        assertThat(message.getSubject()).isEqualTo("Quarantine digest: 2 new messages");
        assertThat(message.getFrom().get(0).getAddress()).isEqualTo("quarantine@gateway.example");
        assertThat(message.getTo().flatten().get(0).getAddress()).isEqualTo(ALICE);
        assertThat(message.getDate()).isEqualTo(java.util.Date.from(NOW));
        assertThat(message.getMessageId()).isEqualTo(digest.messageId()).endsWith("@gateway.example>");
        assertThat(message.getHeader().getField("Auto-Submitted").getBody()).isEqualTo("auto-generated");
        assertThat(message.getHeader().getField("MIME-Version").getBody()).isEqualTo("1.0");
        Multipart multipart = (Multipart) message.getBody();
        assertThat(multipart.getBodyParts()).hasSize(2);
        Entity plain = multipart.getBodyParts().get(0);
        Entity html = multipart.getBodyParts().get(1);
        assertThat(plain.getMimeType()).isEqualTo("text/plain");
        assertThat(plain.getCharset()).isEqualToIgnoringCase("UTF-8");
        assertThat(plain.getContentTransferEncoding()).isEqualTo("quoted-printable");
        assertThat(html.getMimeType()).isEqualTo("text/html");
        assertThat(html.getCharset()).isEqualToIgnoringCase("UTF-8");
        String plainText = text(plain);
        assertThat(plainText).contains("bob@spam.example", "Cheap watches", "Invoice ☃", "spam: GTUBE, SCORE_HIGH",
            "policy: GTUBE", "2024-03-01 08:00 (Europe/Paris)", "Release and always allow the sender", "Block the sender");
        assertThat(plainText.indexOf("Invoice")).as("newest first").isLessThan(plainText.indexOf("Cheap watches"));
        assertThat(urls(plainText)).hasSize(7);
        assertThat(urls(text(html))).hasSize(7);
        assertThat(digest.entries()).extracting(QuarantineEntry::id).containsExactly("e2", "e1");
        assertThat(new String(digest.content(), StandardCharsets.US_ASCII).replace("\r\n", "")).as("every line ends with CRLF")
            .doesNotContain("\n", "\r");
    }

    @Test
    void linksShouldCarryTokensThatVerifyForEachActionAndTheSelfServicePage() throws Exception {
        DigestMessage digest = build(List.of(entry("e1", QuarantineFamily.SPAM, "bob@spam.example", "Hello", NOW))).orElseThrow();
        Multipart multipart = (Multipart) parse(digest).getBody();

        List<ActionToken> verified = new ArrayList<>();
        Matcher matcher = TOKEN_URL.matcher(text(multipart.getBodyParts().get(0)));
        while (matcher.find()) {
            ActionToken token = tokens.verify(matcher.group(2), NOW).token();
            assertThat(matcher.group(1)).isEqualTo(token.action() == TokenAction.LIST ? "self-service" : "action");
            verified.add(token);
        }

        assertThat(verified).extracting(ActionToken::action).containsExactly(TokenAction.RELEASE, TokenAction.RELEASE_AND_ALLOW,
            TokenAction.BLOCK_SENDER, TokenAction.LIST);
        assertThat(verified).allSatisfy(token -> {
            assertThat(token.recipient()).isEqualTo(ALICE);
            assertThat(token.expiresAt()).isEqualTo(EXPIRY);
        });
        assertThat(verified.subList(0, 3)).allSatisfy(token -> assertThat(token.entryId()).contains("e1"));
        Document html = Jsoup.parse(text(multipart.getBodyParts().get(1)));
        assertThat(html.select("a[href]")).extracting(link -> link.attr("href"))
            .containsExactlyElementsOf(urls(text(multipart.getBodyParts().get(0))));
    }

    @Test
    void buildShouldLeaveOutVirusEntriesWhateverTheCallerPasses() throws Exception {
        DigestMessage digest = build(List.of(
            entry("clean", QuarantineFamily.SPAM, "bob@spam.example", "Spam", NOW),
            entry("eicar", QuarantineFamily.VIRUS, "evil@virus.example", "Open the attachment", NOW))).orElseThrow();

        assertThat(digest.entries()).extracting(QuarantineEntry::id).containsExactly("clean");
        assertThat(parse(digest).getSubject()).isEqualTo("Quarantine digest: 1 new message");
        assertThat(text(((Multipart) parse(digest).getBody()).getBodyParts().get(0))).doesNotContain("evil@virus.example", "Open the attachment");
        assertThat(build(List.of(entry("eicar", QuarantineFamily.VIRUS, "evil@virus.example", "x", NOW)))).isEmpty();
    }

    @Test
    void buildShouldLeaveOutEntriesOfOtherTenantsAndOtherRecipients() {
        QuarantineEntry otherTenant = new QuarantineEntry("g1", TenantId.of("globex"), QuarantineFamily.SPAM, "x@y.example",
            List.of(ALICE), "192.0.2.1", "s", NOW, 1, Optional.empty(), Optional.empty(), List.of(), List.of(), "inbound", NOW);
        QuarantineEntry otherRecipient = new QuarantineEntry("a2", ACME, QuarantineFamily.SPAM, "x@y.example",
            List.of("bob@acme.example"), "192.0.2.1", "s", NOW, 1, Optional.empty(), Optional.empty(), List.of(), List.of(),
            "inbound", NOW);
        QuarantineEntry upperCase = new QuarantineEntry("a3", ACME, QuarantineFamily.SPAM, "x@y.example",
            List.of("Alice@ACME.example"), "192.0.2.1", "s", NOW, 1, Optional.empty(), Optional.empty(), List.of(), List.of(),
            "inbound", NOW);

        assertThat(build(List.of(otherTenant, otherRecipient, upperCase)).orElseThrow().entries())
            .extracting(QuarantineEntry::id).containsExactly("a3");
    }

    @Test
    void htmlShouldShowHostileSubjectsAndSendersAsInertText() throws Exception {
        String subject = "<script>alert(1)</script>\"onmouseover=\"alert(2)\" <img src=x onerror=alert(3)>";
        String sender = "\"><a href=\"javascript:alert(4)\">x</a>@evil.example";
        DigestMessage digest = build(List.of(entry("e1", QuarantineFamily.PHISHING, sender, subject, NOW))).orElseThrow();

        String html = text(((Multipart) parse(digest).getBody()).getBodyParts().get(1));
        Document document = Jsoup.parse(html);

        assertThat(document.select("script, img")).isEmpty();
        assertThat(document.select("a[href]")).allSatisfy(link -> assertThat(link.attr("href")).startsWith(BASE + "/quarantine/"));
        assertThat(document.getAllElements()).allSatisfy(element ->
            assertThat(element.attributes().asList()).noneMatch(attribute -> attribute.getKey().startsWith("on")));
        assertThat(document.select("dd")).extracting(Element::text).contains(subject, sender);
        assertThat(html).doesNotContain("<script>", "<img");
    }

    @Test
    void headersShouldNeverCarryTextOfAHeldMessage() throws Exception {
        String subject = "Hi\r\nBcc: victim@elsewhere.example\r\nX-Injected: yes\r\n\r\n<b>body</b> =?UTF-8?B?SW5qZWN0ZWQ=?=";
        String sender = "evil@x.example\r\nX-Injected-Sender: yes";
        DigestMessage digest = build(List.of(entry("e1", QuarantineFamily.SPAM, sender, subject, NOW))).orElseThrow();

        Message message = parse(digest);

        assertThat(message.getHeader().getFields()).extracting(Field::getName)
            .containsExactlyInAnyOrder("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type");
        assertThat(message.getSubject()).isEqualTo("Quarantine digest: 1 new message");
        String headers = new String(digest.content(), StandardCharsets.UTF_8).split("\r\n\r\n", 2)[0];
        assertThat(headers).doesNotContain("Injected", "victim", "evil");
        String plain = text(((Multipart) message.getBody()).getBodyParts().get(0));
        assertThat(plain).contains("Subject: Hi Bcc: victim@elsewhere.example X-Injected: yes <b>body</b> =?UTF-8?B?SW5qZWN0ZWQ=?=")
            .contains("From: evil@x.example X-Injected-Sender: yes");
        assertThat(plain.lines()).noneMatch(line -> line.startsWith("Bcc:") || line.startsWith("X-Injected"));
    }

    @Test
    void buildShouldRefuseARecipientThatIsNotAPlainAddress() {
        assertThatThrownBy(() -> builder.build(ACME, "alice@acme.example\r\nBcc: x@y.example", List.of(), Optional.empty(),
            ZoneOffset.UTC, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DigestMessageBuilder("quarantine@gateway.example", "javascript:alert(1)"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DigestMessageBuilder("quarantine@gateway.example", "http://gateway.example/?a=b"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildShouldOnlyListWithoutLinksWhenSelfServiceIsOff() throws Exception {
        DigestMessage digest = builder.build(ACME, ALICE, List.of(entry("e1", QuarantineFamily.SPAM, "bob@spam.example", "Hello", NOW)),
            Optional.empty(), ZoneOffset.UTC, NOW).orElseThrow();

        Multipart multipart = (Multipart) parse(digest).getBody();

        assertThat(urls(text(multipart.getBodyParts().get(0)))).isEmpty();
        assertThat(Jsoup.parse(text(multipart.getBodyParts().get(1))).select("a")).isEmpty();
        assertThat(text(multipart.getBodyParts().get(0))).contains("Hello", "ask your administrator");
    }

    @Test
    void buildShouldListAtMostTheLimitAndCountTheRest() throws Exception {
        List<QuarantineEntry> entries = IntStream.range(0, DigestMessageBuilder.MAX_LISTED + 5)
            .mapToObj(i -> entry("e" + i, QuarantineFamily.SPAM, "bob@spam.example", "Subject " + i, NOW.minusSeconds(i)))
            .toList();
        DigestMessage digest = builder.build(ACME, ALICE, entries, Optional.empty(), ZoneOffset.UTC, NOW).orElseThrow();

        String plain = text(((Multipart) parse(digest).getBody()).getBodyParts().get(0));

        assertThat(parse(digest).getSubject()).isEqualTo("Quarantine digest: " + entries.size() + " new messages");
        assertThat(plain).contains("Subject 99\r\n", "5 more are not listed here.").doesNotContain("Subject 100");
    }

    @Test
    void shownShouldRemoveControlsAndDirectionOverridesAndCutLongText() {
        assertThat(DigestMessageBuilder.shown("a\r\nb\tc\u202Ed\u0000e")).isEqualTo("a b c d e");
        assertThat(DigestMessageBuilder.shown("\r\n")).isEqualTo("(none)");
        assertThat(DigestMessageBuilder.shown("x".repeat(500))).hasSize(201).endsWith("…");
    }
}
