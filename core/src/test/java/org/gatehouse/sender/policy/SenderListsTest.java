package org.gatehouse.sender.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.sender.policy.SenderPolicyTest.json;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class SenderListsTest {
    private static final InetAddress ELSEWHERE = ip("192.0.2.200");
    private static final InetAddress ELSEWHERE_V6 = ip("3fff::1");

    private static InetAddress ip(String value) {
        return InetAddresses.forString(value);
    }

    private static SenderLists lists(String section) {
        return SenderPolicy.parse(json(section)).lists();
    }

    private static Optional<String> blockedValue(SenderLists lists, InetAddress ip, String envelopeSender,
                                                 Optional<String> fromHeader) {
        return lists.blockMatch(ip, envelopeSender, fromHeader).map(SenderEntry::value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.0", "198.51.100.77", "198.51.100.255"})
    void blockMatchShouldMatchAddressesInsideAnIPv4Network(String address) {
        SenderLists lists = lists("{'block':[{'type':'ip','value':'198.51.100.0/24'}]}");

        assertThat(blockedValue(lists, ip(address), "", Optional.empty())).contains("198.51.100.0/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.99.255", "198.51.101.0", "2001:db8::1"})
    void blockMatchShouldNotMatchAddressesOutsideAnIPv4Network(String address) {
        SenderLists lists = lists("{'block':[{'type':'ip','value':'198.51.100.0/24'}]}");

        assertThat(lists.blockMatch(ip(address), "", Optional.empty())).isEmpty();
    }

    @Test
    void blockMatchShouldMatchAddressesInsideAnIPv6Network() {
        SenderLists lists = lists("{'block':[{'type':'ip','value':'2001:db8:bad::/48'}]}");

        assertThat(lists.blockMatch(ip("2001:db8:bad:1234::5"), "", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ip("2001:DB8:BAD::"), "", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ip("2001:db8:bae::1"), "", Optional.empty())).isEmpty();
        assertThat(lists.blockMatch(ip("192.0.2.1"), "", Optional.empty())).isEmpty();
    }

    @Test
    void blockMatchShouldMatchASingleAddressExactly() {
        SenderLists lists = lists("{'block':[{'type':'ip','value':'192.0.2.7'},{'type':'ip','value':'2001:db8::7'}]}");

        assertThat(lists.blockMatch(ip("192.0.2.7"), "", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ip("192.0.2.8"), "", Optional.empty())).isEmpty();
        assertThat(lists.blockMatch(ip("2001:db8:0:0:0:0:0:7"), "", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ip("2001:db8::8"), "", Optional.empty())).isEmpty();
    }

    @Test
    void blockMatchShouldMatchAnIPv4MappedIPv6ClientAgainstIPv4Networks() {
        SenderLists lists = lists("{'block':[{'type':'ip','value':'192.0.2.0/24'}]}");

        assertThat(lists.blockMatch(ip("::ffff:192.0.2.9"), "", Optional.empty())).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"john@acme.example", "John@Acme.Example", "JOHN@ACME.EXAMPLE", "john@acme.example."})
    void addressShouldMatchWhateverTheCase(String sender) {
        SenderLists lists = lists("{'allow':[{'type':'address','value':'John@ACME.example'}]}");

        assertThat(lists.allowMatch(ELSEWHERE, sender, Optional.empty()).map(SenderEntry::value))
            .contains("John@ACME.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@acme.example", "john@mail.acme.example", "john.doe@acme.example", "acme.example"})
    void addressShouldNotMatchOtherMailboxes(String sender) {
        SenderLists lists = lists("{'allow':[{'type':'address','value':'john@acme.example'}]}");

        assertThat(lists.allowMatch(ELSEWHERE, sender, Optional.empty())).isEmpty();
    }

    @Test
    void addressShouldMatchTheFromHeaderWhenTheEnvelopeDiffers() {
        SenderLists lists = lists("{'allow':[{'type':'address','value':'ceo@acme.example'}]}");

        assertThat(lists.allowMatch(ELSEWHERE, "bounces+123@esp.example", Optional.of("CEO@acme.example"))).isPresent();
    }

    @Test
    void matchShouldHandleTheNullSender() {
        SenderLists lists = lists("{'block':[{'type':'domain','value':'acme.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, "", Optional.empty())).isEmpty();
        assertThat(lists.blockMatch(ELSEWHERE, "", Optional.of("postmaster@acme.example"))).isPresent();
    }

    @Test
    void domainShouldMatchOnlyThatDomain() {
        SenderLists lists = lists("{'block':[{'type':'domain','value':'acme.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, "a@acme.example", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ELSEWHERE, "a@ACME.Example", Optional.empty())).isPresent();
        assertThat(lists.blockMatch(ELSEWHERE, "a@mail.acme.example", Optional.empty())).isEmpty();
        assertThat(lists.blockMatch(ELSEWHERE, "a@notacme.example", Optional.empty())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@acme.example", "a@mail.acme.example", "a@deep.er.mail.ACME.example"})
    void subdomainsShouldMatchTheDomainAndEverythingBelow(String sender) {
        SenderLists lists = lists("{'block':[{'type':'subdomains','value':'acme.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, sender, Optional.empty())).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@notacme.example", "a@acme.example.org", "a@example", "a@other.example"})
    void subdomainsShouldNotMatchOtherDomains(String sender) {
        SenderLists lists = lists("{'block':[{'type':'subdomains','value':'acme.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, sender, Optional.empty())).isEmpty();
    }

    @Test
    void subdomainsShouldMatchTheNearestEnclosingEntry() {
        SenderLists lists = lists("{'block':[{'type':'subdomains','value':'acme.example'},"
            + "{'type':'subdomains','value':'mail.acme.example'}]}");

        assertThat(blockedValue(lists, ELSEWHERE, "a@eu.mail.acme.example", Optional.empty())).contains("mail.acme.example");
    }

    @Test
    void matchShouldPreferTheMostSpecificEntry() {
        SenderLists lists = lists("{'block':[{'type':'subdomains','value':'acme.example'},"
            + "{'type':'domain','value':'acme.example'},"
            + "{'type':'address','value':'a@acme.example'},"
            + "{'type':'ip','value':'2001:db8::/32'}]}");

        assertThat(blockedValue(lists, ip("2001:db8::1"), "a@acme.example", Optional.empty())).contains("2001:db8::/32");
        assertThat(blockedValue(lists, ELSEWHERE_V6, "a@acme.example", Optional.empty())).contains("a@acme.example");
        assertThat(lists.blockMatch(ELSEWHERE_V6, "b@acme.example", Optional.empty()).map(SenderEntry::type))
            .contains(SenderEntry.Type.DOMAIN);
        assertThat(lists.blockMatch(ELSEWHERE_V6, "b@x.acme.example", Optional.empty()).map(SenderEntry::type))
            .contains(SenderEntry.Type.SUBDOMAINS);
    }

    @Test
    void allowMatchShouldReadOnlyTheAllowList() {
        SenderLists lists = lists("{'allow':[{'type':'domain','value':'friend.example'}],"
            + "'block':[{'type':'domain','value':'foe.example'}]}");

        assertThat(lists.allowMatch(ELSEWHERE, "a@friend.example", Optional.empty())).isPresent();
        assertThat(lists.allowMatch(ELSEWHERE, "a@foe.example", Optional.empty())).isEmpty();
        assertThat(lists.blockMatch(ELSEWHERE, "a@friend.example", Optional.empty())).isEmpty();
    }

    @Test
    void matchShouldCompareInternationalizedDomainsInTheirAsciiForm() {
        SenderLists lists = lists("{'block':[{'type':'domain','value':'xn--bcher-kva.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, "info@bücher.example", Optional.empty())).isPresent();
    }

    @Test
    void matchShouldIgnoreSendersWithoutADomain() {
        SenderLists lists = lists("{'block':[{'type':'subdomains','value':'acme.example'}]}");

        assertThat(lists.blockMatch(ELSEWHERE, "postmaster", Optional.of("@"))).isEmpty();
    }

    @Test
    void isExemptShouldMatchTheExemptionsOfThatCheckOnly() {
        SenderLists lists = lists("{'exemptions':{'spf':[{'type':'subdomains','value':'lists.example'},"
            + "{'type':'ip','value':'203.0.113.0/24'}],'dmarc':[{'type':'domain','value':'partner.example'}]}}");

        assertThat(lists.isExempt(SenderCheck.SPF, Optional.of("bounce.lists.example"), ELSEWHERE)).isTrue();
        assertThat(lists.isExempt(SenderCheck.SPF, Optional.empty(), ip("203.0.113.9"))).isTrue();
        assertThat(lists.isExempt(SenderCheck.SPF, Optional.of("partner.example"), ELSEWHERE)).isFalse();
        assertThat(lists.isExempt(SenderCheck.DMARC, Optional.of("Partner.Example"), ELSEWHERE)).isTrue();
        assertThat(lists.isExempt(SenderCheck.DMARC, Optional.of("sub.partner.example"), ELSEWHERE)).isFalse();
        assertThat(lists.isExempt(SenderCheck.DKIM, Optional.of("lists.example"), ip("203.0.113.9"))).isFalse();
        assertThat(lists.exemption(SenderCheck.SPF, Optional.empty(), ip("203.0.113.9")).map(SenderEntry::value))
            .contains("203.0.113.0/24");
    }

    @Test
    void emptyListsShouldMatchNothing() {
        SenderLists lists = SenderLists.empty();

        assertThat(lists.allowMatch(ELSEWHERE, "a@acme.example", Optional.of("b@acme.example"))).isEmpty();
        assertThat(lists.blockMatch(ELSEWHERE_V6, "a@acme.example", Optional.empty())).isEmpty();
        assertThat(lists.isExempt(SenderCheck.PTR, Optional.of("acme.example"), ELSEWHERE)).isFalse();
    }

    @Test
    void keyShouldIdentifyEntriesWhateverTheWriting() {
        assertThat(SenderEntry.Key.of(SenderEntry.Type.IP, "192.0.2.9/24", "value"))
            .isEqualTo(SenderEntry.Key.of(SenderEntry.Type.IP, "192.0.2.0/24", "value"));
        assertThat(SenderEntry.Key.of(SenderEntry.Type.ADDRESS, "John@Acme.Example", "value"))
            .isEqualTo(SenderEntry.Key.of(SenderEntry.Type.ADDRESS, "john@acme.example", "value"));
        assertThat(SenderEntry.Key.of(SenderEntry.Type.DOMAIN, "acme.example", "value"))
            .isNotEqualTo(SenderEntry.Key.of(SenderEntry.Type.SUBDOMAINS, "acme.example", "value"));
    }

    @Test
    void entryShouldKeepTheValueAsWritten() {
        SenderEntry entry = SenderEntry.of(SenderEntry.Type.ADDRESS, "John.Doe@Acme.Example", Optional.of("CFO"), "");

        assertThat(entry.value()).isEqualTo("John.Doe@Acme.Example");
        assertThat(entry.key().canonicalValue()).isEqualTo("john.doe@acme.example");
        assertThat(entry.comment()).contains("CFO");
    }

    @Test
    void listShouldFindEntriesByKeyAndPosition() {
        SenderList block = lists("{'block':[{'type':'domain','value':'a.example'},{'type':'ip','value':'192.0.2.1'}]}").block();

        assertThat(block.indexOf(SenderEntry.Key.of(SenderEntry.Type.IP, "192.0.2.1/32", "value"))).contains(1);
        assertThat(block.find(SenderEntry.Key.of(SenderEntry.Type.DOMAIN, "A.example", "value")).map(SenderEntry::value))
            .contains("a.example");
        assertThat(block.find(SenderEntry.Key.of(SenderEntry.Type.SUBDOMAINS, "a.example", "value"))).isEmpty();
    }
}
