package org.gatehouse.recipient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real OpenLDAP slapd on loopback ({@link LoopbackLdapServer}). */
class LdapRecipientLookupTest {
    static final String SUFFIX = "dc=acme,dc=example";
    static final String LDIF = String.join("\n",
        "dn: " + SUFFIX, "objectClass: dcObject", "objectClass: organization", "o: Acme", "dc: acme", "",
        "dn: ou=people," + SUFFIX, "objectClass: organizationalUnit", "ou: people", "",
        "dn: uid=bob,ou=people," + SUFFIX, "objectClass: inetOrgPerson", "uid: bob", "cn: Bob", "sn: Builder",
        "mail: bob@acme.example", "mail: robert@acme.example", "",
        "dn: uid=carol,ou=people," + SUFFIX, "objectClass: inetOrgPerson", "uid: carol", "cn: Carol", "sn: Singer",
        "mail: carol@acme.example", "");

    @TempDir
    static Path directory;
    static LoopbackLdapServer slapd;
    private final LdapRecipientLookup lookup = new LdapRecipientLookup();

    @BeforeAll
    static void startSlapd() throws Exception {
        slapd = LoopbackLdapServer.startWithTls(directory, SUFFIX, LDIF);
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        slapd.close();
    }

    private static RecipientPolicy.Ldap ldap(String filter, Optional<String> password) {
        return new RecipientPolicy.Ldap(URI.create(slapd.url()), false, Optional.empty(), Optional.of(slapd.bindDn()), password,
            "ou=people," + SUFFIX, filter, Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(2));
    }

    private static RecipientPolicy.Ldap ldap() {
        return ldap("(mail={address})", Optional.of(LoopbackLdapServer.BIND_PASSWORD));
    }

    @Test
    void checkShouldFindEveryAddressOfAnEntryAndNoOther() {
        assertThat(lookup.check(ldap(), "bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(lookup.check(ldap(), "robert@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(lookup.check(ldap(), "mallory@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
    }

    @Test
    void checkShouldEscapeTheAddressSoThatItCannotWidenTheFilter() {
        // unescaped, "*" would match every mail and ")(uid=*" would add a clause
        assertThat(lookup.check(ldap(), "*@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
        assertThat(lookup.check(ldap("(mail={local}*)", Optional.of(LoopbackLdapServer.BIND_PASSWORD)), "b*@acme.example").outcome())
            .isEqualTo(RecipientCheck.Outcome.UNKNOWN);
        assertThat(lookup.check(ldap("(&(uid={local})(objectClass=inetOrgPerson))", Optional.of(LoopbackLdapServer.BIND_PASSWORD)),
            "x)(uid=*@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
        assertThat(lookup.check(ldap("(&(uid={local})(objectClass=inetOrgPerson))", Optional.of(LoopbackLdapServer.BIND_PASSWORD)),
            "carol@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
    }

    @Test
    void checkShouldBeUnavailableWhenTheBindIsRefused() {
        RecipientCheck check = lookup.check(ldap("(mail={address})", Optional.of("wrong password")), "bob@acme.example");

        assertThat(check.outcome()).isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
        assertThat(check.detail()).contains("invalid credentials");
    }

    @Test
    void checkShouldBeUnavailableWhileTheServerIsDownAndFindAgainWhenItIsBack() throws Exception {
        assertThat(lookup.check(ldap(), "carol@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        slapd.stop();
        try {
            assertThat(lookup.check(ldap(), "carol@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
            assertThat(lookup.check(ldap(), "nobody@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
        } finally {
            slapd.start();
        }
        assertThat(lookup.check(ldap(), "carol@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
    }

    private static RecipientPolicy.Ldap tls(String url, boolean startTls, Optional<String> ca) {
        return new RecipientPolicy.Ldap(URI.create(url), startTls, ca, Optional.of(slapd.bindDn()), Optional.of(LoopbackLdapServer.BIND_PASSWORD),
            "ou=people," + SUFFIX, "(mail={address})", Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(2));
    }

    @Test
    void checkShouldWorkOverLdapsAndStartTlsWithTheServersCertificateTrusted() throws Exception {
        Optional<String> ca = Optional.of(slapd.certificatePem());

        assertThat(lookup.check(tls(slapd.ldapsUrl(), false, ca), "bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(lookup.check(tls(slapd.url(), true, ca), "bob@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.KNOWN);
        assertThat(lookup.check(tls(slapd.ldapsUrl(), false, ca), "mallory@acme.example").outcome()).isEqualTo(RecipientCheck.Outcome.UNKNOWN);
    }

    @Test
    void checkShouldBeUnavailableOverTlsWhenTheServersCertificateIsNotTrusted() {
        // a self-signed certificate is not among the JVM's trusted ones: no lookup, rather than one to an unverified server
        assertThat(lookup.check(tls(slapd.ldapsUrl(), false, Optional.empty()), "bob@acme.example").outcome())
            .isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
        assertThat(lookup.check(tls(slapd.url(), true, Optional.empty()), "bob@acme.example").outcome())
            .isEqualTo(RecipientCheck.Outcome.UNAVAILABLE);
    }
}
