package org.gatehouse.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

class DkimKeyTest {
    private static final DkimKeyGenerator.Generated GENERATED = new DkimKeyGenerator().generate();
    private static final DkimKey KEY = DkimKey.of(TenantId.of("acme"), DomainName.of("acme.example"), DkimSelector.of("gh202612"),
        DkimKeyState.PENDING, GENERATED.publicKey(), Instant.parse("2026-12-06T22:40:00Z"), Optional.empty(), Optional.empty());

    @Test
    void generateShouldMakeAnRsa2048KeyPair() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(GENERATED.publicKey())));

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(SigningKey.fromPkcs8(KEY.domain(), KEY.selector(), GENERATED.privateKeyPkcs8()).toString())
            .doesNotContain(Base64.getEncoder().encodeToString(GENERATED.privateKeyPkcs8()).substring(0, 40));
    }

    @Test
    void dnsNameShouldBeTheSelectorUnderDomainkey() {
        assertThat(KEY.dnsName()).isEqualTo("gh202612._domainkey.acme.example");
    }

    @Test
    void txtRecordShouldBeTheDkim1RsaRecordOfThePublicKey() {
        assertThat(KEY.txtRecord()).isEqualTo("v=DKIM1; k=rsa; p=" + GENERATED.publicKey());
    }

    @Test
    void txtStringsShouldSplitTheRecordIn255CharacterStringsThatJoinBackToIt() {
        assertThat(KEY.txtRecord().length()).isGreaterThan(255);

        assertThat(KEY.txtStrings()).hasSizeGreaterThan(1).allSatisfy(string -> assertThat(string.length()).isLessThanOrEqualTo(255));
        assertThat(KEY.txtStrings().subList(0, KEY.txtStrings().size() - 1)).allSatisfy(string -> assertThat(string).hasSize(255));
        assertThat(String.join("", KEY.txtStrings())).isEqualTo(KEY.txtRecord());
        assertThat(KEY.zoneFileLine()).startsWith("gh202612._domainkey.acme.example. IN TXT ( \"v=DKIM1; k=rsa; p=")
            .endsWith("\" )").contains("\" \"");
    }

    @Test
    void withStateShouldKeepTheActivationTimeWhenAKeyIsRetired() {
        Instant activated = Instant.parse("2026-12-07T00:00:00Z");
        Instant retired = Instant.parse("2027-01-07T00:00:00Z");

        DkimKey key = KEY.withState(DkimKeyState.ACTIVE, activated).withState(DkimKeyState.RETIRED, retired);

        assertThat(key.state()).isEqualTo(DkimKeyState.RETIRED);
        assertThat(key.activatedAt()).contains(activated);
        assertThat(key.retiredAt()).contains(retired);
    }
}
