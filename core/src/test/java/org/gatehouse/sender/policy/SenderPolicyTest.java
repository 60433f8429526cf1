package org.gatehouse.sender.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;

class SenderPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** JSON written with single quotes, for readable tests. */
    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode example() throws IOException {
        try (InputStream in = SenderPolicyTest.class.getResourceAsStream("/sender-policy/example.json")) {
            return MAPPER.readTree(in);
        }
    }

    private static void assertInvalid(String section, String path) {
        assertThatThrownBy(() -> SenderPolicy.parse(json(section)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(path));
    }

    @Test
    void parseShouldReadTheDocumentedExample() throws IOException {
        SenderPolicy policy = SenderPolicy.parse(example());

        assertThat(policy.lists().allow().entries()).extracting(SenderEntry::value)
            .containsExactly("198.51.100.0/24", "Billing@Supplier.example", "bank.example");
        assertThat(policy.lists().allow().entries().get(0).comment()).contains("partner's outbound relays");
        assertThat(policy.lists().block().entries()).extracting(SenderEntry::type)
            .containsExactly(SenderEntry.Type.DOMAIN, SenderEntry.Type.IP, SenderEntry.Type.ADDRESS);
        assertThat(policy.countries()).isEqualTo(new CountryPolicy(CountryPolicy.Mode.BLOCK,
            com.google.common.collect.ImmutableSet.of("KP", "RU"), Action.TAG));
        assertThat(policy.dnsbl().useGlobal()).isTrue();
        assertThat(policy.dnsbl().zones()).containsExactly(
            new DnsblZone(DomainName.of("bl.example.net"),
                ImmutableMap.of("127.0.0.2", "spam source", "127.0.0.4", "exploited host"),
                new CheckOutcome(Action.BLOCK, 0)),
            new DnsblZone(DomainName.of("dul.example.org"), ImmutableMap.of(), new CheckOutcome(Action.TAG, 30)));
        assertThat(policy.check(SenderCheck.SPF).outcome("fail")).isEqualTo(new CheckOutcome(Action.QUARANTINE, 30));
        assertThat(policy.check(SenderCheck.SPF).outcome("softfail")).isEqualTo(new CheckOutcome(Action.PASS, 15));
        assertThat(policy.check(SenderCheck.DKIM).outcome("fail")).isEqualTo(new CheckOutcome(Action.PASS, 20));
        assertThat(policy.check(SenderCheck.DMARC).outcome("none")).isEqualTo(new CheckOutcome(Action.PASS, 2));
        assertThat(policy.check(SenderCheck.PTR).enabled()).isFalse();
        assertThat(policy.lists().exemptions(SenderCheck.SPF).entries()).extracting(SenderEntry::value)
            .containsExactly("lists.example");
        assertThat(policy.lists().exemptions(SenderCheck.DKIM).entries()).isEmpty();
        assertThat(policy.onDnsTemporaryError()).isEqualTo(OnDnsTemporaryError.CONTINUE);
        assertThat(policy.blockAction()).isEqualTo(Action.BLOCK);
    }

    @Test
    void defaultsShouldBeThePolicyOfAnEmptySection() {
        SenderPolicy defaults = SenderPolicy.defaults();

        assertThat(SenderPolicy.parse(json("{}"))).isEqualTo(defaults);
        assertThat(defaults.lists()).isEqualTo(SenderLists.empty());
        assertThat(defaults.countries()).isEqualTo(CountryPolicy.off());
        assertThat(defaults.dnsbl()).isEqualTo(DnsblPolicy.defaults());
        assertThat(defaults.onDnsTemporaryError()).isEqualTo(OnDnsTemporaryError.CONTINUE);
        assertThat(defaults.blockAction()).isEqualTo(Action.BLOCK);
        for (SenderCheck check : SenderCheck.values()) {
            assertThat(defaults.check(check)).isEqualTo(CheckPolicy.defaults(check));
            assertThat(defaults.check(check).enabled()).isTrue();
        }
    }

    @Test
    void defaultsShouldScoreFailuresAndTagSpfFail() {
        SenderPolicy defaults = SenderPolicy.defaults();

        assertThat(defaults.check(SenderCheck.SPF).outcome("fail")).isEqualTo(new CheckOutcome(Action.TAG, 20));
        assertThat(defaults.check(SenderCheck.SPF).outcome("softfail")).isEqualTo(new CheckOutcome(Action.PASS, 10));
        assertThat(defaults.check(SenderCheck.PTR).outcome("none")).isEqualTo(new CheckOutcome(Action.PASS, 5));
        assertThat(defaults.check(SenderCheck.PTR).outcome("fail")).isEqualTo(new CheckOutcome(Action.PASS, 5));
        assertThat(defaults.check(SenderCheck.DMARC).honorSenderPolicy()).isTrue();
        assertThat(defaults.check(SenderCheck.SPF).honorSenderPolicy()).isFalse();
    }

    @Test
    void ofShouldReadTheSectionOfADocumentOrTheDefaults() throws IOException {
        PolicySchema schema = new PolicySchema(Set.of(new SenderPolicySection()));
        ObjectNode document = MAPPER.createObjectNode();
        document.set("sender", example());

        assertThat(SenderPolicy.of(schema.validate(document))).isEqualTo(SenderPolicy.parse(example()));
        assertThat(SenderPolicy.of(PolicyDocument.empty())).isEqualTo(SenderPolicy.defaults());
    }

    @Test
    void schemaShouldRefuseADocumentWhoseSenderSectionIsInvalid() {
        PolicySchema schema = new PolicySchema(Set.of(new SenderPolicySection()));

        assertThatThrownBy(() -> schema.validate(json("{'sender':{'block':[{'type':'ip','value':'300.1.1.1'}]}}")))
            .isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.getField()).isEqualTo("sender.block[0].value"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not an object                | sender                                   | []",
        "unknown key                  | sender.allowList                         | {'allowList':[]}",
        "list not an array            | sender.allow                             | {'allow':{}}",
        "entry not an object          | sender.block[0]                          | {'block':['spam.example']}",
        "entry unknown key            | sender.block[0].note                     | {'block':[{'type':'domain','value':'a.example','note':'x'}]}",
        "entry without type           | sender.block[0].type                     | {'block':[{'value':'a.example'}]}",
        "entry unknown type           | sender.block[0].type                     | {'block':[{'type':'host','value':'a.example'}]}",
        "entry without value          | sender.allow[0].value                    | {'allow':[{'type':'domain'}]}",
        "value not a string           | sender.allow[0].value                    | {'allow':[{'type':'domain','value':42}]}",
        "bad domain                   | sender.block[1].value                    | {'block':[{'type':'domain','value':'a.example'},{'type':'domain','value':'bad_domain.example'}]}",
        "single-label domain          | sender.block[0].value                    | {'block':[{'type':'subdomains','value':'example'}]}",
        "bad CIDR                     | sender.block[0].value                    | {'block':[{'type':'ip','value':'192.0.2.0/33'}]}",
        "bad IPv6                     | sender.block[0].value                    | {'block':[{'type':'ip','value':'2001:db8::zz'}]}",
        "address without domain       | sender.block[0].value                    | {'block':[{'type':'address','value':'john@'}]}",
        "address without local part   | sender.block[0].value                    | {'block':[{'type':'address','value':'@acme.example'}]}",
        "address with space           | sender.block[0].value                    | {'block':[{'type':'address','value':'jo hn@acme.example'}]}",
        "value with spaces around     | sender.block[0].value                    | {'block':[{'type':'domain','value':' acme.example'}]}",
        "comment not a string         | sender.block[0].comment                  | {'block':[{'type':'domain','value':'acme.example','comment':1}]}",
        "duplicate domain any case    | sender.block[2].value                    | {'block':[{'type':'domain','value':'a.example'},{'type':'domain','value':'b.example'},{'type':'domain','value':'A.Example'}]}",
        "duplicate address any case   | sender.allow[1].value                    | {'allow':[{'type':'address','value':'John@a.example'},{'type':'address','value':'john@A.EXAMPLE'}]}",
        "duplicate network            | sender.allow[1].value                    | {'allow':[{'type':'ip','value':'192.0.2.7'},{'type':'ip','value':'192.0.2.7/32'}]}",
        "in allow and block           | sender.block[0].value                    | {'allow':[{'type':'ip','value':'192.0.2.0/24'}],'block':[{'type':'ip','value':'192.0.2.0/24'}]}",
        "exemption unknown check      | sender.exemptions.helo                   | {'exemptions':{'helo':[]}}",
        "exemption of an address      | sender.exemptions.dkim[0].type           | {'exemptions':{'dkim':[{'type':'address','value':'a@b.example'}]}}",
        "exemption duplicate          | sender.exemptions.spf[1].value           | {'exemptions':{'spf':[{'type':'ip','value':'2001:db8::/32'},{'type':'ip','value':'2001:DB8::/32'}]}}",
        "countries unknown mode       | sender.countries.mode                    | {'countries':{'mode':'deny','list':['CN']}}",
        "country lower case           | sender.countries.list[1]                 | {'countries':{'mode':'block','list':['CN','ru']}}",
        "country not ISO              | sender.countries.list[0]                 | {'countries':{'mode':'block','list':['UK']}}",
        "country duplicate            | sender.countries.list[1]                 | {'countries':{'mode':'block','list':['CN','CN']}}",
        "allow mode without countries | sender.countries.list                    | {'countries':{'mode':'allow'}}",
        "unknownCountry redirect      | sender.countries.unknownCountry          | {'countries':{'mode':'block','list':['CN'],'unknownCountry':'redirect'}}",
        "dnsbl unknown key            | sender.dnsbl.global                      | {'dnsbl':{'global':true}}",
        "dnsbl useGlobal not boolean  | sender.dnsbl.useGlobal                   | {'dnsbl':{'useGlobal':'yes'}}",
        "dnsbl zone without zone      | sender.dnsbl.zones[0].zone               | {'dnsbl':{'zones':[{'action':'block'}]}}",
        "dnsbl zone without action    | sender.dnsbl.zones[0].action             | {'dnsbl':{'zones':[{'zone':'bl.example.net'}]}}",
        "dnsbl code not loopback      | sender.dnsbl.zones[0].returnCodes[\"10.0.0.2\"] | {'dnsbl':{'zones':[{'zone':'bl.example.net','action':'tag','returnCodes':{'10.0.0.2':'x'}}]}}",
        "dnsbl code meaning empty     | sender.dnsbl.zones[0].returnCodes[\"127.0.0.2\"] | {'dnsbl':{'zones':[{'zone':'bl.example.net','action':'tag','returnCodes':{'127.0.0.2':''}}]}}",
        "dnsbl score too high         | sender.dnsbl.zones[0].score              | {'dnsbl':{'zones':[{'zone':'bl.example.net','action':'tag','score':101}]}}",
        "dnsbl duplicate zone         | sender.dnsbl.zones[1].zone               | {'dnsbl':{'zones':[{'zone':'bl.example.net','action':'tag'},{'zone':'BL.example.net','action':'block'}]}}",
        "spf unknown result           | sender.spf.actions.hardfail              | {'spf':{'actions':{'hardfail':{'action':'block'}}}}",
        "ptr has no permerror         | sender.ptr.actions.permerror             | {'ptr':{'actions':{'permerror':{'score':5}}}}",
        "spf redirect refused         | sender.spf.actions.fail.action           | {'spf':{'actions':{'fail':{'action':'redirect'}}}}",
        "spf upper-case action        | sender.spf.actions.fail.action           | {'spf':{'actions':{'fail':{'action':'REJECT'}}}}",
        "spf negative score           | sender.spf.actions.fail.score            | {'spf':{'actions':{'fail':{'score':-1}}}}",
        "spf score not a number       | sender.spf.actions.fail.score            | {'spf':{'actions':{'fail':{'score':'20'}}}}",
        "spf empty outcome            | sender.spf.actions.fail                  | {'spf':{'actions':{'fail':{}}}}",
        "spf enabled not boolean      | sender.spf.enabled                       | {'spf':{'enabled':'true'}}",
        "honorSenderPolicy not dmarc  | sender.spf.honorSenderPolicy             | {'spf':{'honorSenderPolicy':true}}",
        "dkim unknown key             | sender.dkim.action                       | {'dkim':{'action':{}}}",
        "onDnsTemporaryError unknown  | sender.onDnsTemporaryError               | {'onDnsTemporaryError':'ignore'}",
        "blockAction tag              | sender.blockAction                       | {'blockAction':'tag'}",
    })
    void parseShouldNameThePathWhenSectionIsInvalid(String description, String path, String section) {
        assertInvalid(section, path);
    }

    @Test
    void parseShouldAcceptMaxEntriesButNoMore() {
        ObjectNode section = MAPPER.createObjectNode();
        ArrayNode block = section.putArray("block");
        for (int i = 0; i < SenderList.MAX_ENTRIES; i++) {
            block.addObject().put("type", "ip").put("value", "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
        }

        assertThat(SenderPolicy.parse(section).lists().block().size()).isEqualTo(SenderList.MAX_ENTRIES);

        block.addObject().put("type", "domain").put("value", "one-too-many.example");
        assertThatThrownBy(() -> SenderPolicy.parse(section))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("sender.block"));
    }

    @Test
    void parseShouldAcceptTheSameValueAsDomainAndAsSubdomains() {
        SenderPolicy policy = SenderPolicy.parse(json(
            "{'block':[{'type':'domain','value':'acme.example'},{'type':'subdomains','value':'acme.example'}]}"));

        assertThat(policy.lists().block().size()).isEqualTo(2);
    }

    @Test
    void parseShouldNameTheNewWordWhenAnActionSaysReject() {
        assertThatThrownBy(() -> SenderPolicy.parse(json("{'blockAction':'reject'}")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                assertThat(e.getField()).isEqualTo("sender.blockAction");
                assertThat(e.getMessage()).contains("use 'block'");
            });
        assertThatThrownBy(() -> SenderPolicy.parse(json("{'dmarc':{'actions':{'fail':{'action':'reject'}}}}")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("sender.dmarc.actions.fail.action"));
    }

    @Test
    void parseShouldAcceptQuarantineAsBlockActionAndTempfailOnDnsErrors() {
        SenderPolicy policy = SenderPolicy.parse(json("{'blockAction':'quarantine','onDnsTemporaryError':'tempfail'}"));

        assertThat(policy.blockAction()).isEqualTo(Action.QUARANTINE);
        assertThat(policy.onDnsTemporaryError()).isEqualTo(OnDnsTemporaryError.TEMPFAIL);
    }

    @Test
    void parseShouldKeepTheDefaultsOfResultsThePolicyDoesNotName() {
        CheckPolicy spf = SenderPolicy.parse(json("{'spf':{'actions':{'fail':{'score':40}}}}")).check(SenderCheck.SPF);

        assertThat(spf.outcome("fail")).isEqualTo(new CheckOutcome(Action.TAG, 40));
        assertThat(spf.actionIsExplicit("fail")).isFalse();
        assertThat(spf.outcome("softfail")).isEqualTo(SenderCheck.SPF.defaults().get("softfail"));
    }

    @Test
    void dmarcFailShouldTakeThePublishedPolicyWhenHonoured() {
        CheckPolicy dmarc = SenderPolicy.defaults().check(SenderCheck.DMARC);

        assertThat(dmarc.outcome("fail", Optional.of("reject")).action()).isEqualTo(Action.BLOCK);
        assertThat(dmarc.outcome("fail", Optional.of("quarantine")).action()).isEqualTo(Action.QUARANTINE);
        assertThat(dmarc.outcome("fail", Optional.of("none"))).isEqualTo(dmarc.outcome("fail"));
        assertThat(dmarc.outcome("fail", Optional.empty())).isEqualTo(dmarc.outcome("fail"));
        assertThat(dmarc.outcome("fail", Optional.of("reject")).score()).isEqualTo(dmarc.outcome("fail").score());
    }

    @Test
    void dmarcFailShouldKeepTheTenantActionWhenExplicit() {
        CheckPolicy dmarc = SenderPolicy.parse(json("{'dmarc':{'actions':{'fail':{'action':'quarantine'}}}}"))
            .check(SenderCheck.DMARC);

        assertThat(dmarc.outcome("fail", Optional.of("reject")).action()).isEqualTo(Action.QUARANTINE);
    }

    @Test
    void dmarcFailShouldIgnoreThePublishedPolicyWhenNotHonoured() {
        CheckPolicy dmarc = SenderPolicy.parse(json("{'dmarc':{'honorSenderPolicy':false}}")).check(SenderCheck.DMARC);

        assertThat(dmarc.outcome("fail", Optional.of("reject")).action()).isEqualTo(Action.PASS);
    }

    @Test
    void dmarcPublishedPolicyShouldNotChangeOtherResults() {
        CheckPolicy dmarc = SenderPolicy.defaults().check(SenderCheck.DMARC);

        assertThat(dmarc.outcome("temperror", Optional.of("reject")).action()).isEqualTo(Action.PASS);
    }

    @Test
    void outcomeShouldRefuseAResultTheCheckNeverReports() {
        assertThatThrownBy(() -> SenderPolicy.defaults().check(SenderCheck.PTR).outcome("permerror"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksShouldReportTheDocumentedResults() {
        assertThat(SenderCheck.SPF.results())
            .containsExactly("pass", "fail", "softfail", "neutral", "none", "temperror", "permerror");
        assertThat(SenderCheck.DKIM.results()).containsExactly("pass", "fail", "none", "temperror", "permerror");
        assertThat(SenderCheck.DMARC.results()).containsExactly("pass", "fail", "none", "temperror", "permerror");
        assertThat(SenderCheck.PTR.results()).containsExactly("pass", "fail", "none", "temperror");
    }

    @Test
    void countriesShouldRefuseListedCountriesInBlockModeAndOthersInAllowMode() {
        CountryPolicy block = SenderPolicy.parse(json("{'countries':{'mode':'block','list':['CN','XK']}}")).countries();
        CountryPolicy allow = SenderPolicy.parse(json("{'countries':{'mode':'allow','list':['DE','FR']}}")).countries();

        assertThat(block.refuses("CN")).isTrue();
        assertThat(block.refuses("XK")).isTrue();
        assertThat(block.refuses("DE")).isFalse();
        assertThat(allow.refuses("DE")).isFalse();
        assertThat(allow.refuses("CN")).isTrue();
        assertThat(CountryPolicy.off().refuses("CN")).isFalse();
    }

    @Test
    void countriesShouldActOnUnknownCountryOnlyWhenFiltering() {
        CountryPolicy block = SenderPolicy.parse(json("{'countries':{'mode':'block','list':['CN'],'unknownCountry':'quarantine'}}"))
            .countries();

        assertThat(block.actionForUnknownCountry()).contains(Action.QUARANTINE);
        assertThat(CountryPolicy.off().actionForUnknownCountry()).isEmpty();
    }

    @Test
    void dnsblZoneShouldListOnlyTheConfiguredCodesWithTheirMeaning() throws IOException {
        DnsblZone zone = SenderPolicy.parse(example()).dnsbl().zones().get(0);

        assertThat(zone.listing("127.0.0.2")).contains("spam source");
        assertThat(zone.listing("127.0.0.3")).isEmpty();
        assertThat(zone.listing("192.0.2.1")).isEmpty();
    }

    @Test
    void dnsblZoneWithoutCodesShouldListAnyLoopbackAnswer() throws IOException {
        DnsblZone zone = SenderPolicy.parse(example()).dnsbl().zones().get(1);

        assertThat(zone.listing("127.0.0.11")).isPresent();
        assertThat(zone.listing("192.0.2.1")).isEmpty();
        assertThat(zone.listing("not an address")).isEmpty();
    }

    @Test
    void parseShouldNotKeepAReferenceToTheJson() {
        ObjectNode section = (ObjectNode) json("{'block':[{'type':'domain','value':'spam.example'}]}");
        SenderPolicy policy = SenderPolicy.parse(section);

        ((ArrayNode) section.get("block")).removeAll();

        assertThat(policy.lists().block().size()).isEqualTo(1);
    }

    @Test
    void sectionShouldRefuseNamingTheListWhenAnyListHasMoreEntriesThanTheOperatorLimit() throws Exception {
        SenderPolicySection section = new SenderPolicySection(new org.gatehouse.tenant.TenantLimits(10, 10, 1));
        String two = "[{\"type\":\"domain\",\"value\":\"a.example\"},{\"type\":\"domain\",\"value\":\"b.example\"}]";

        for (String[] list : new String[][] {{"{\"allow\":" + two + "}", "sender.allow"}, {"{\"block\":" + two + "}", "sender.block"},
            {"{\"exemptions\":{\"spf\":" + two + "}}", "sender.exemptions.spf"}}) {
            assertThatThrownBy(() -> section.validate(MAPPER.readTree(list[0])))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage()).isEqualTo(list[1] + ": at most 1 entries, has 2"));
        }
        section.validate(MAPPER.readTree("{\"allow\":[{\"type\":\"domain\",\"value\":\"a.example\"}]}"));
    }
}
