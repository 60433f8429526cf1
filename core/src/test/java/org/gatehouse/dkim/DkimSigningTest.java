package org.gatehouse.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.gatehouse.tenant.DomainName;
import org.junit.jupiter.api.Test;

class DkimSigningTest {
    private static final DomainName DOMAIN = DomainName.of("acme.example");
    private static final DkimSelector SELECTOR = DkimSelector.of("gh202612");
    private static final DkimKeyGenerator.Generated GENERATED = new DkimKeyGenerator().generate();
    private static final SigningKey KEY = SigningKey.fromPkcs8(DOMAIN, SELECTOR, GENERATED.privateKeyPkcs8());
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    private static final String MESSAGE = "From: Alice <alice@acme.example>\r\nTo: bob@customer.example\r\nSubject: offer\r\n"
        + "Date: Sun, 6 Dec 2026 22:40:00 +0000\r\nMessage-ID: <offer-1@acme.example>\r\nX-Unsigned: yes\r\n\r\nOur offer.\r\n";

    /** jDKIM's verifier, with the key record as DNS would answer it. */
    static List<SignatureRecord> verify(String signed, String txtRecord) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            if (!(selector + "._domainkey." + domain).equals(SELECTOR.asString() + "._domainkey." + DOMAIN.asString())) {
                throw new PermFailException("no key " + selector + "._domainkey." + domain);
            }
            return List.of(txtRecord);
        });
        return verifier.verify(new ByteArrayInputStream(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static String txt() {
        return "v=DKIM1; k=rsa; p=" + GENERATED.publicKey();
    }

    @Test
    void signShouldMakeASignatureJdkimVerifiesWithThePublishedKey() throws Exception {
        String field = DkimSigning.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), KEY, NOW);

        List<SignatureRecord> verified = verify(field + "\r\n" + MESSAGE, txt());

        assertThat(verified).singleElement().satisfies(record -> {
            assertThat(record.getDToken().toString()).isEqualTo("acme.example");
            assertThat(record.getSelector().toString()).isEqualTo("gh202612");
            assertThat(record.getHeaderCanonicalisationMethod()).isEqualTo("relaxed");
            assertThat(record.getBodyCanonicalisationMethod()).isEqualTo("relaxed");
            assertThat(record.getHeaders().stream().map(CharSequence::toString).toList())
                .containsExactly("From", "To", "Subject", "Date", "Message-ID");
        });
        assertThat(field).startsWith("DKIM-Signature:").contains("a=rsa-sha256").contains("t=" + NOW.getEpochSecond());
    }

    @Test
    void signatureShouldFailWhenASignedHeaderOrTheBodyChanges() throws Exception {
        String signed = DkimSigning.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), KEY, NOW) + "\r\n" + MESSAGE;

        assertThatThrownBy(() -> verify(signed.replace("Subject: offer", "Subject: other offer"), txt())).isInstanceOf(PermFailException.class);
        assertThatThrownBy(() -> verify(signed.replace("Our offer.", "Our better offer."), txt())).isInstanceOf(PermFailException.class);
        // unsigned fields and relaxed whitespace are free to change
        assertThat(verify(signed.replace("X-Unsigned: yes", "X-Unsigned: no").replace("Subject: offer", "Subject:   offer"), txt()))
            .hasSize(1);
    }

    @Test
    void signatureShouldFailWithAnotherKey() throws Exception {
        String signed = DkimSigning.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), KEY, NOW) + "\r\n" + MESSAGE;

        assertThatThrownBy(() -> verify(signed, "v=DKIM1; k=rsa; p=" + new DkimKeyGenerator().generate().publicKey()))
            .isInstanceOf(PermFailException.class);
    }

    @Test
    void signShouldBeRefusedWhenTheMessageHasNoFrom() {
        assertThatThrownBy(() -> DkimSigning.sign("To: bob@customer.example\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8), KEY, NOW))
            .isInstanceOf(DkimSigning.SigningException.class).hasMessageContaining("From");
    }

    @Test
    void signedByShouldFindASignatureOfTheSameDomainOnly() throws Exception {
        byte[] signed = (DkimSigning.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), KEY, NOW) + "\r\n" + MESSAGE).getBytes(StandardCharsets.UTF_8);

        assertThat(DkimSigning.signedBy(signed, DOMAIN)).isTrue();
        assertThat(DkimSigning.signedBy(signed, DomainName.of("other.example"))).isFalse();
        assertThat(DkimSigning.signedBy(MESSAGE.getBytes(StandardCharsets.UTF_8), DOMAIN)).isFalse();
    }
}
