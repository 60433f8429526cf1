package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.GlobalPolicyStore;
import org.gatehouse.policy.GlobalPolicyVersion;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.sender.FakeDnsLookup;
import org.gatehouse.sender.SenderChecks;
import org.gatehouse.sender.SenderPolicyEvaluator;
import org.gatehouse.sender.SenderSettings;
import org.gatehouse.sender.SenderVerification;
import org.gatehouse.sender.dmarc.DmarcEvaluator;
import org.gatehouse.sender.geo.GeoIpLookup;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class SenderPolicyRcptHookTest {
    private static final MaybeSender MALLORY = MaybeSender.getMailSender("mallory@sender.test");
    private static final MaybeSender ALICE = MaybeSender.getMailSender("alice@sender.test");
    /** Where the client 192.0.2.10 is looked up in the tenant's DNSBL. */
    private static final String CLIENT_IN_DNSBL = "10.2.0.192.dnsbl.example";
    private static final String REJECTING_DNSBL = "\"dnsbl\":{\"zones\":[{\"zone\":\"dnsbl.example\",\"action\":\"block\"}]}";

    /** The operator's global policy, in memory. */
    static final class InMemoryGlobalPolicyStore implements GlobalPolicyStore {
        private final List<GlobalPolicyVersion> versions = new ArrayList<>();

        @Override
        public GlobalPolicyVersion save(PolicyDocument document, String author, Optional<String> comment) {
            GlobalPolicyVersion version = new GlobalPolicyVersion(versions.size() + 1, document, Instant.EPOCH, author, comment);
            versions.add(version);
            return version;
        }

        @Override
        public Optional<GlobalPolicyVersion> current() {
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
        }

        @Override
        public List<GlobalPolicyVersion> versions() {
            return List.copyOf(versions);
        }
    }

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final GlobalPolicies globalPolicies = new GlobalPolicies(new InMemoryGlobalPolicyStore());
    private final FakeDnsLookup dns = new FakeDnsLookup();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private SenderPolicyRcptHook hook() {
        return hook(dns);
    }

    private SenderPolicyRcptHook hook(DnsLookup dnsLookup) {
        SenderSettings settings = new SenderSettings("gatehouse.test", Duration.ofSeconds(2));
        SenderChecks checks = new SenderChecks(dnsLookup, GeoIpLookup.notConfigured(), settings.budget(), Runnable::run,
            DmarcEvaluator.withRandomSampling(), Clock.systemUTC());
        SenderVerification verification = new SenderVerification(checks, new SenderPolicyEvaluator(SenderPolicyEvaluator.GlobalDnsbl.none()),
            new TenantPolicies(policies), globalPolicies);
        return new SenderPolicyRcptHook(new TenantDirectory(tenants), verification, settings);
    }

    private void acmeSenderPolicy(String section) {
        policies.save(SmtpTestFixtures.ACME, SmtpTestFixtures.policy("{\"sender\":" + section + "}"), "test", Optional.empty());
    }

    private static HookResult rcpt(SenderPolicyRcptHook hook, SmtpTestFixtures.Session session, MaybeSender sender, String recipient)
        throws Exception {
        return hook.doRcpt(session, sender, new MailAddress(recipient));
    }

    private static HookResult rcpt(SenderPolicyRcptHook hook, MaybeSender sender) throws Exception {
        return rcpt(hook, new SmtpTestFixtures.Session(), sender, "bob@acme.example");
    }

    private static void assertRefused(HookResult result, String decidedBy) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 Message refused by the recipient's policy: " + decidedBy);
    }

    @Test
    void doRcptShouldAcceptWhenNothingInTheTenantsPolicyRefusesTheSender() throws Exception {
        acmeSenderPolicy("{\"block\":[{\"type\":\"address\",\"value\":\"mallory@sender.test\"}]," + REJECTING_DNSBL + "}");

        assertThat(rcpt(hook(), ALICE).getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(dns.questions()).containsExactly(new FakeDnsLookup.Question(CLIENT_IN_DNSBL, RecordType.A));
    }

    @Test
    void doRcptShouldRefuseWith550WhenTheTenantsBlockListNamesTheEnvelopeSender() throws Exception {
        acmeSenderPolicy("{\"block\":[{\"type\":\"address\",\"value\":\"mallory@sender.test\"}]}");

        assertRefused(rcpt(hook(), MALLORY), "SENDER_BLOCKLISTED (block)");
    }

    @Test
    void doRcptShouldRefuseWith550WhenTheTenantsBlockListNamesTheClientAddress() throws Exception {
        acmeSenderPolicy("{\"block\":[{\"type\":\"ip\",\"value\":\"192.0.2.0/24\"}]}");

        assertRefused(rcpt(hook(), ALICE), "SENDER_BLOCKLISTED (block)");
    }

    @Test
    void doRcptShouldRefuseWith550WhenTheOperatorsGlobalBlockListNamesTheSender() throws Exception {
        globalPolicies.update(new ObjectMapper().readTree("{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"sender.test\"}]}}"),
            "operator", Optional.empty());

        assertRefused(rcpt(hook(), ALICE), "SENDER_GLOBAL_BLOCKLISTED (block)");
    }

    @Test
    void doRcptShouldRefuseWith550WhenTheClientIsListedInATenantsRejectingDnsbl() throws Exception {
        acmeSenderPolicy("{" + REJECTING_DNSBL + "}");
        dns.records(CLIENT_IN_DNSBL, RecordType.A, "127.0.0.2");

        assertRefused(rcpt(hook(), ALICE), "DNSBL_LISTED (dnsbl.example)");
    }

    @Test
    void doRcptShouldRefuseWith550WhenTheTenantRejectsClientsOfUnknownCountry() throws Exception {
        acmeSenderPolicy("{\"countries\":{\"mode\":\"allow\",\"list\":[\"FR\"],\"unknownCountry\":\"block\"}}");

        assertRefused(rcpt(hook(), ALICE), "GEOIP_NOT_CONFIGURED (not_configured)");
    }

    @Test
    void doRcptShouldAnswer451WhenADnsblLookupFailedAndTheTenantChoseToTempfail() throws Exception {
        acmeSenderPolicy("{" + REJECTING_DNSBL + ",\"onDnsTemporaryError\":\"tempfail\"}");
        dns.temporaryError(CLIENT_IN_DNSBL, RecordType.A);

        HookResult result = rcpt(hook(), ALICE);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription())
            .isEqualTo("4.7.0 Sender checks could not complete, please try again later: DNSBL_TEMPERROR (dnsbl.example)");
    }

    @Test
    void doRcptShouldAcceptWhenADnsblLookupFailedAndTheTenantChoseToContinue() throws Exception {
        acmeSenderPolicy("{" + REJECTING_DNSBL + "}");
        dns.temporaryError(CLIENT_IN_DNSBL, RecordType.A);

        assertThat(rcpt(hook(), ALICE).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldLeaveAQuarantiningBlockToTheEndOfData() throws Exception {
        acmeSenderPolicy("{\"blockAction\":\"quarantine\",\"block\":[{\"type\":\"address\",\"value\":\"mallory@sender.test\"}]}");

        assertThat(rcpt(hook(), MALLORY).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldJudgeEachRecipientByItsOwnTenantsPolicy() throws Exception {
        acmeSenderPolicy("{\"block\":[{\"type\":\"address\",\"value\":\"mallory@sender.test\"}]}");
        SenderPolicyRcptHook hook = hook();
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertThat(rcpt(hook, session, MALLORY, "bob@acme.example").getSmtpRetCode()).isEqualTo("550");
        assertThat(rcpt(hook, session, MALLORY, "carol@globex.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(hook, session, MALLORY, "dave@elsewhere.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldNotCheckARelayingClient() throws Exception {
        acmeSenderPolicy("{\"block\":[{\"type\":\"ip\",\"value\":\"198.51.100.0/24\"}]}");
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        assertThat(rcpt(hook(), session, ALICE, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(hook(), ALICE));
    }

    @Test
    void doRcptShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        policies.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(hook(), ALICE));
    }

    @Test
    void doRcptShouldAnswer451WhenTheSenderChecksFail() throws Exception {
        acmeSenderPolicy("{" + REJECTING_DNSBL + "}");
        DnsLookup broken = (name, type) -> CompletableFuture.failedFuture(new IllegalStateException("resolver crashed"));

        assertTemporaryFailure(rcpt(hook(broken), ALICE));
    }

    @Test
    void doRcptShouldAnswer451AndKeepTheInterruptWhenInterruptedWhileWaitingForTheChecks() throws Exception {
        acmeSenderPolicy("{" + REJECTING_DNSBL + "}");
        dns.holdAnswers();
        SenderPolicyRcptHook hook = hook();
        Thread.currentThread().interrupt();

        HookResult result = rcpt(hook, ALICE);

        assertTemporaryFailure(result);
        assertThat(Thread.interrupted()).isTrue();
    }
}
