package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;

/** The fast public-suffix walk gives Guava's answers: on chosen names and on every rule of the list itself. */
class DomainsTest {
    private static String guavaRegistrable(String host) {
        if (!InternetDomainName.isValid(host)) {
            return host;
        }
        InternetDomainName name = InternetDomainName.from(host);
        return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
    }

    private static boolean guavaUnder(String host) {
        return InternetDomainName.isValid(host) && InternetDomainName.from(host).isUnderPublicSuffix();
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of("example.com", "mail.example.co.uk", "co.uk", "uk", "com", "a.b.c.example.org",
            "foo.blogspot.com", "blogspot.com", "www.ck", "a.www.ck", "x.ck", "y.x.ck", "city.kawasaki.jp", "a.city.kawasaki.jp",
            "b.kawasaki.jp", "c.b.kawasaki.jp", "192.168.1.1", "1.2.3.4.example", "localhost", "no-suffix.invalidtld", "-bad.com",
            "bad-.com", "under_score.com", "_x.com", "a..b.com", "Example.COM", "xn--pypal-4ve.com", "paypal.com.evil.example",
            "example.123", "x" + "a".repeat(63) + ".com", "a".repeat(64) + ".com", "trailing.dot.com.", "ünï.com", "a.b.s3.amazonaws.com",
            "github.io", "user.github.io", "deep.user.github.io"));
        // every rule of the list as a name, under a label, and two labels down
        for (String rule : PublicSuffixPatterns.EXACT.keySet()) {
            names.add(rule);
            names.add("label." + rule);
            names.add("a.label." + rule);
        }
        for (String rule : PublicSuffixPatterns.UNDER.keySet()) {
            names.add("w." + rule);
            names.add("l.w." + rule);
        }
        for (String rule : PublicSuffixPatterns.EXCLUDED.keySet()) {
            names.add(rule);
            names.add("l." + rule);
        }
        return names;
    }

    @Test
    void registrableShouldGiveGuavasAnswerForEveryName() {
        List<String> differences = new ArrayList<>();
        int plain = 0;
        for (String name : names()) {
            if (Domains.plain(name)) {
                plain++;
            }
            if (!Domains.registrable(name).equals(guavaRegistrable(name)) || Domains.isUnderPublicSuffix(name) != guavaUnder(name)) {
                differences.add(name + ": " + Domains.registrable(name) + " / " + guavaRegistrable(name));
            }
        }

        assertThat(differences).isEmpty();
        assertThat(plain).isGreaterThan(10_000);
    }

    @Test
    void registrableShouldTakeTheLabelAboveThePublicSuffix() {
        assertThat(Domains.registrable("mail.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(Domains.registrable("deep.user.github.io")).isEqualTo("user.github.io");
        assertThat(Domains.registrable("co.uk")).isEqualTo("co.uk");
        assertThat(Domains.isUnderPublicSuffix("co.uk")).isFalse();
    }
}
