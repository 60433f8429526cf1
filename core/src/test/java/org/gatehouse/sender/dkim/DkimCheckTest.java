package org.gatehouse.sender.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;
import org.gatehouse.dns.RecordType;
import org.gatehouse.sender.FakeDnsLookup;
import org.gatehouse.sender.FakeDnsLookup.Question;
import org.gatehouse.testing.MutableClock;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DkimCheckTest {
    private static final String MESSAGE = """
        From: Alice <alice@example.com>\r
        To: bob@example.net\r
        Subject: Quarterly figures\r
        Date: Mon, 23 Nov 2026 10:00:00 +0000\r
        Message-ID: <1@example.com>\r
        \r
        Hello Bob,\r
        the figures are attached.\r
        """;
    private static final String KEY_NAME = "sel._domainkey.example.com";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static KeyPair keys;
    private static KeyPair otherKeys;

    private final FakeDnsLookup dns = new FakeDnsLookup();
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeAll
    static void generateKeys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    private static String keyRecord(KeyPair pair) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** The DKIM-Signature field (without CRLF) jDKIM's signer makes for the message. */
    private static String sign(String message, String tags, KeyPair pair) throws IOException, FailException {
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; " + tags + " h=from:to:subject:date:message-id; bh=; b=;";
        return new DKIMSigner(template, pair.getPrivate())
            .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String signed(String message) throws IOException, FailException {
        return sign(message, "d=example.com; s=sel;", keys) + "\r\n" + message;
    }

    private List<DkimResult> verify(String message) throws IOException {
        return new DkimCheck(dns, clock).verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)))
            .join();
    }

    private DkimResult verifyOne(String message) throws IOException {
        List<DkimResult> results = verify(message);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void verifyShouldPassWhenTheKeyIsPublishedAndNothingChanged() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));

        DkimResult result = verifyOne(signed(MESSAGE));

        assertThat(result).isEqualTo(new DkimResult("example.com", "sel", DkimResult.Result.PASS, "signature verified"));
        assertThat(result.finding()).isEqualTo(Finding.of("DKIM_PASS", "dkim", "pass",
            "d=example.com s=sel: signature verified"));
        assertThat(result.authenticationResultsProperties()).isEqualTo("dkim=pass header.d=example.com header.s=sel");
        assertThat(dns.questions()).containsExactly(new Question(KEY_NAME, RecordType.TXT));
    }

    @Test
    void verifyShouldPassWhenTheMessageUsesBareLineFeeds() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));

        assertThat(verifyOne(signed(MESSAGE).replace("\r\n", "\n")).result()).isEqualTo(DkimResult.Result.PASS);
    }

    @Test
    void verifyShouldPassWhenRelaxedCanonicalizationAbsorbsWhitespaceChanges() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));
        String rewrapped = signed(MESSAGE).replace("Subject: Quarterly figures", "Subject:   Quarterly\r\n  figures")
            .replace("the figures are attached.", "the  figures are attached.   ");

        assertThat(verifyOne(rewrapped).result()).isEqualTo(DkimResult.Result.PASS);
    }

    @Test
    void verifyShouldFailWhenTheBodyWasTamperedWith() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));

        DkimResult result = verifyOne(signed(MESSAGE).replace("attached", "not attached"));

        assertThat(result.result()).isEqualTo(DkimResult.Result.FAIL);
        assertThat(result.reason()).isEqualTo("the body hash (bh=) does not match the body");
        assertThat(result.finding().ruleId()).isEqualTo("DKIM_FAIL");
        assertThat(result.authenticationResultsProperties()).isEqualTo(
            "dkim=fail reason=\"the body hash (bh=) does not match the body\" header.d=example.com header.s=sel");
    }

    @Test
    void verifyShouldFailWhenASignedHeaderWasTamperedWith() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));

        DkimResult result = verifyOne(signed(MESSAGE).replace("Quarterly figures", "Urgent: wire transfer"));

        assertThat(result.result()).isEqualTo(DkimResult.Result.FAIL);
        assertThat(result.reason()).isEqualTo("the header signature (b=) does not verify");
    }

    @Test
    void verifyShouldFailWhenThePublishedKeyIsAnotherOne() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(otherKeys));

        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.FAIL);
    }

    @Test
    void verifyShouldFailWhenTheKeyWasReplacedAfterAnEarlierMessageVerified() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));
        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.PASS);
        assertThat(verifyOne(signed(MESSAGE.replace("Quarterly", "Monthly"))).result()).isEqualTo(DkimResult.Result.PASS);

        dns.records(KEY_NAME, RecordType.TXT, keyRecord(otherKeys));

        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.FAIL);
    }

    @Test
    void verifyShouldPassEveryTimeWhenTheKeyRecordIsTooLongToBeRemembered() throws Exception {
        String longRecord = keyRecord(keys) + "; n=" + "x".repeat(HeaderSignature.MAX_REMEMBERED_RECORD);
        dns.records(KEY_NAME, RecordType.TXT, longRecord);

        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.PASS);
        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.PASS);
    }

    @Test
    void verifyShouldAnswerPermerrorWhenNoKeyIsPublished() throws Exception {
        DkimResult result = verifyOne(signed(MESSAGE));

        assertThat(result.result()).isEqualTo(DkimResult.Result.PERMERROR);
        assertThat(result.reason()).startsWith("no usable key at sel._domainkey.example.com: ");
        assertThat(result.finding().ruleId()).isEqualTo("DKIM_PERMERROR");
        assertThat(result.finding().reason()).startsWith("d=example.com s=sel: no usable key");
    }

    @Test
    void verifyShouldAnswerPermerrorWhenTheKeyIsRevoked() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, "v=DKIM1; k=rsa; p=");

        assertThat(verifyOne(signed(MESSAGE)).result()).isEqualTo(DkimResult.Result.PERMERROR);
    }

    @Test
    void verifyShouldAnswerTemperrorWhenTheKeyLookupFails() throws Exception {
        dns.temporaryError(KEY_NAME, RecordType.TXT);

        DkimResult result = verifyOne(signed(MESSAGE));

        assertThat(result.result()).isEqualTo(DkimResult.Result.TEMPERROR);
        assertThat(result.reason()).isEqualTo("the key could not be fetched: DNS lookup of sel._domainkey.example.com failed");
        assertThat(result.finding().ruleId()).isEqualTo("DKIM_TEMPERROR");
    }

    @Test
    void verifyShouldAnswerOneResultPerSignatureInHeaderOrder() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys))
            .records("bad._domainkey.example.org", RecordType.TXT, keyRecord(otherKeys));
        String message = sign(MESSAGE, "d=example.org; s=bad;", keys) + "\r\n" + signed(MESSAGE);

        List<DkimResult> results = verify(message);

        assertThat(results).extracting(DkimResult::domain, DkimResult::result).containsExactly(
            tuple("example.org", DkimResult.Result.FAIL),
            tuple("example.com", DkimResult.Result.PASS));
    }

    @Test
    void verifyShouldFetchAllKeysBeforeAnyAnswerArrives() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys))
            .records("other._domainkey.example.org", RecordType.TXT, keyRecord(otherKeys));
        String message = sign(MESSAGE, "d=example.org; s=other;", otherKeys) + "\r\n" + signed(MESSAGE);
        dns.holdAnswers();

        CompletableFuture<List<DkimResult>> results = new DkimCheck(dns, clock)
            .verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));

        assertThat(results).isNotDone();
        assertThat(dns.questions()).containsExactly(new Question("other._domainkey.example.org", RecordType.TXT),
            new Question(KEY_NAME, RecordType.TXT));
        dns.releaseAnswers();
        assertThat(results.join()).extracting(DkimResult::result)
            .containsExactly(DkimResult.Result.PASS, DkimResult.Result.PASS);
    }

    @Test
    void verifyShouldAnswerNoneWhenTheMessageIsUnsigned() throws Exception {
        DkimResult result = verifyOne(MESSAGE);

        assertThat(result).isEqualTo(DkimResult.none());
        assertThat(result.finding()).isEqualTo(Finding.of("DKIM_NONE", "dkim", "none",
            "the message has no DKIM-Signature"));
        assertThat(result.authenticationResultsProperties()).isEqualTo("dkim=none");
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void verifyShouldAnswerPermerrorWithoutLookupWhenMandatoryTagsAreMissing() throws Exception {
        DkimResult result = verifyOne("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; b=AAAA\r\n" + MESSAGE);

        assertThat(result.result()).isEqualTo(DkimResult.Result.PERMERROR);
        assertThat(result.domain()).isEqualTo("example.com");
        assertThat(result.reason()).startsWith("invalid signature: ");
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void verifyShouldAnswerPermerrorWhenTheSignatureIsNotTagValueSyntax() throws Exception {
        DkimResult result = verifyOne("DKIM-Signature: this is not a signature\r\n" + MESSAGE);

        assertThat(result.result()).isEqualTo(DkimResult.Result.PERMERROR);
        assertThat(result.finding().reason()).startsWith("unreadable signature: ");
    }

    @Test
    void verifyShouldAnswerPermerrorWhenTheSignatureExpired() throws Exception {
        // jDKIM's signer refuses an expired template, and an expired signature is refused before any crypto
        String expired = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel;"
            + " t=1000000000; x=1000086400; h=from:to:subject; bh=AAAA; b=AAAA\r\n";

        DkimResult result = verifyOne(expired + MESSAGE);

        assertThat(result.result()).isEqualTo(DkimResult.Result.PERMERROR);
        assertThat(result.reason()).startsWith("invalid signature: Signature is expired");
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void verifyShouldAnswerPermerrorWhenTheSignatureIsDatedInTheFuture() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));
        long inAnHour = NOW.plus(Duration.ofHours(1)).getEpochSecond();
        String message = sign(MESSAGE, "d=example.com; s=sel; t=" + inAnHour + ";", keys) + "\r\n" + MESSAGE;

        DkimResult result = verifyOne(message);

        assertThat(result.result()).isEqualTo(DkimResult.Result.PERMERROR);
        assertThat(result.reason()).isEqualTo("invalid signature: it is dated in the future (t=" + inAnHour + ")");
    }

    @Test
    void verifyShouldTolerateSmallClockDrift() throws Exception {
        dns.records(KEY_NAME, RecordType.TXT, keyRecord(keys));
        long inTwoMinutes = NOW.plus(Duration.ofMinutes(2)).getEpochSecond();
        String message = sign(MESSAGE, "d=example.com; s=sel; t=" + inTwoMinutes + ";", keys) + "\r\n" + MESSAGE;

        assertThat(verifyOne(message).result()).isEqualTo(DkimResult.Result.PASS);
    }
}
