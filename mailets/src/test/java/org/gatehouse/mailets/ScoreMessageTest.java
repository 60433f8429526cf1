package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicyStore;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.scoring.Category;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreDecision;
import org.gatehouse.scoring.ScoringDefaults;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.scoring.ScoringWeights;
import org.gatehouse.scoring.Signals;
import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoreMessageTest {
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    /** Serves fixed current policies; the mailet only reads them. */
    static class FixedPolicyStore implements PolicyStore {
        final Map<TenantId, PolicyVersion> current = new HashMap<>();
        final List<PolicyVersion> history = new java.util.ArrayList<>();

        void put(String tenant, String json) {
            put(tenant, 1, json);
        }

        /** A new current version; the earlier ones stay readable by number. */
        void put(String tenant, int version, String json) {
            TenantId id = TenantId.of(tenant);
            PolicyVersion stored = new PolicyVersion(id, version, PolicyDocument.fromStoredJson(json), Instant.EPOCH, "test", Optional.empty());
            current.put(id, stored);
            history.add(stored);
        }

        @Override
        public PolicyVersion save(TenantId tenantId, PolicyDocument document, String author, Optional<String> comment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PolicyVersion> current(TenantId tenantId) {
            return Optional.ofNullable(current.get(tenantId));
        }

        @Override
        public Optional<PolicyVersion> version(TenantId tenantId, int version) {
            return history.stream().filter(stored -> stored.tenantId().equals(tenantId) && stored.version() == version).reduce((first, last) -> last);
        }

        @Override
        public Map<TenantId, PolicyVersion> currentAll() {
            return Map.copyOf(current);
        }

        @Override
        public List<PolicyVersion> versions(TenantId tenantId) {
            return current(tenantId).stream().toList();
        }
    }

    /** Two fixed tenants: acme (acme.example) and other (other.example). */
    static class FixedTenantStore implements TenantStore {
        private final List<Tenant> tenants = List.of(tenant("acme", "acme.example"), tenant("other", "other.example"));

        private static Tenant tenant(String id, String domain) {
            return Tenant.of(TenantId.of(id), id, List.of(DomainName.of(domain)), Downstream.of("mail." + domain, 25, false),
                List.<Cidr>of());
        }

        @Override
        public Outcome save(Tenant tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Tenant> get(TenantId id) {
            return tenants.stream().filter(tenant -> tenant.id().equals(id)).findFirst();
        }

        @Override
        public List<Tenant> list() {
            return tenants;
        }

        @Override
        public boolean delete(TenantId id) {
            throw new UnsupportedOperationException();
        }
    }

    private RecordingMessageLog messageLog;
    private FixedPolicyStore policyStore;
    private ScoreMessage mailet;

    @BeforeEach
    void setUp() throws Exception {
        messageLog = new RecordingMessageLog();
        policyStore = new FixedPolicyStore();
        ScoringPolicies policies = new ScoringPolicies(new TenantPolicies(policyStore), ScoringDefaults.builtIn());
        // the quarantine store is for strip, an action the spam score does not take
        mailet = new ScoreMessage(policies, new MessageScorer(policies, Set.of()),
            new ActionExecutor(messageLog, new TenantDirectory(new FixedTenantStore()), null));
        mailet.init(FakeMailetConfig.builder().mailetName("ScoreMessage").build());
    }

    private static MimeMessageBuilder ham() throws Exception {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("alice@sender.example")
            .addToRecipient("bob@acme.example")
            .addHeader("Date", "Mon, 23 Nov 2026 10:00:00 +0000")
            .addHeader("Message-ID", "<1@sender.example>")
            .addHeader("Received", "from mx.sender.example by mx.gatehouse.test; Mon, 23 Nov 2026 10:00:00 +0000")
            .setSubject("Lunch tomorrow")
            .setText("See you at noon.");
    }

    private static Mail mail(MimeMessageBuilder message, Optional<Verdict> senderVerdict) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").mimeMessage(message.build()).recipient("bob@acme.example")
            .state("inbound").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of("acme")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        senderVerdict.ifPresent(verdict -> mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SENDER_VERDICTS),
            AttributeValue.of(VerdictJson.write(Map.of("acme", verdict))))));
        return mail;
    }

    @Test
    void serviceShouldWriteTheScoreHeadersAndDeliverHam() throws Exception {
        Mail mail = mail(ham(), Optional.empty());

        mailet.service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader(ScoreMessage.SCORE_HEADER)).containsExactly("0");
        assertThat(message.getHeader(ScoreMessage.CATEGORY_HEADER)).containsExactly("corporate");
        assertThat(message.getHeader(ScoreMessage.VERDICT_HEADER)).containsExactly("pass; rules=");
        assertThat(mail.getState()).isEqualTo("inbound");
        assertThat(PendingReasons.of(mail)).first().asString().startsWith("SCORE 0 (category corporate, action pass)");
    }

    @Test
    void serviceShouldApplyTheDecisionMadeAtTheEndOfDataWithoutScoringAgain() throws Exception {
        Mail mail = mail(ham(), Optional.empty());
        ScoreDecision decided = new ScoreDecision(75, Category.BULK, Action.QUARANTINE,
            List.of(Finding.of("HTML_ONLY", "score", "hit", "no text part").withScore(75)), List.of(), List.of("Precedence: bulk"));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SCORE_DECISIONS),
            AttributeValue.of(ScoreDecision.write(Map.of("acme", decided)))));

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(ScoreMessage.SCORE_HEADER)).containsExactly("75");
        assertThat(mail.getMessage().getHeader(ScoreMessage.CATEGORY_HEADER)).containsExactly("bulk");
        assertThat(mail.getMessage().getHeader(ScoreMessage.VERDICT_HEADER)).containsExactly("quarantine; rules=HTML_ONLY");
        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(PendingReasons.of(mail)).contains("CATEGORY bulk: Precedence: bulk");
    }

    @Test
    void serviceShouldReplaceForgedScoreHeaders() throws Exception {
        Mail mail = mail(ham().addHeader(ScoreMessage.SCORE_HEADER, "0").addHeader(ScoreMessage.VERDICT_HEADER, "pass")
            .setSubject("BUY NOW CHEAP WATCHES"), Optional.empty());

        mailet.service(mail);

        // the score is the rule's shipped (fitted) weight
        assertThat(mail.getMessage().getHeader(ScoreMessage.SCORE_HEADER))
            .containsExactly(String.valueOf(Math.round(ScoringWeights.defaults().weight(Signals.SUBJECT_ALL_CAPS))));
        assertThat(mail.getMessage().getHeader(ScoreMessage.VERDICT_HEADER)).containsExactly("tag; rules=SUBJECT_ALL_CAPS");
    }

    @Test
    void serviceShouldHoldABlockedMessageInTheQuarantineNeverDropIt() throws Exception {
        Mail mail = mail(ham().setText("test " + GTUBE), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).startsWith("blocked: spam score 100").contains("GTUBE");
        assertThat(PendingReasons.of(mail)).anySatisfy(reason -> assertThat(reason).startsWith("BLOCKED: spam score 100"));
        assertThat(PendingReasons.of(mail)).anySatisfy(reason -> assertThat(reason).startsWith("GTUBE (score=hit, +100)"));
    }

    @Test
    void serviceShouldAddTheSenderFindingsContributions() throws Exception {
        Verdict sender = Verdict.of(List.of(
            new Finding("SPF_FAIL", "spf", "fail", 55, Optional.empty(), "not authorized"),
            Finding.of("DKIM_NONE", "dkim", "none", "no signature")));
        Mail mail = mail(ham(), Optional.of(sender));

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(ScoreMessage.SCORE_HEADER)).containsExactly("55");
        assertThat(mail.getMessage().getHeader(ScoreMessage.VERDICT_HEADER)).containsExactly("tag_subject; rules=SPF_FAIL");
        assertThat(mail.getMessage().getSubject()).isEqualTo("[SPAM] Lunch tomorrow");
        assertThat(PendingReasons.of(mail)).first().asString().contains("SPF_FAIL (+55)");
    }

    @Test
    void serviceShouldPrefixTheSubjectWithTheTenantsPrefix() throws Exception {
        policyStore.put("acme", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}, \"subjectPrefix\": \"[JUNK]\"}}");
        Mail mail = mail(ham().setSubject("HELLO EVERYBODY THERE"), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[JUNK] HELLO EVERYBODY THERE");
    }

    @Test
    void serviceShouldApplyTheDecisionUnderThePolicyVersionItWasMadeUnderWhenThePolicyChangedSince() throws Exception {
        policyStore.put("acme", 1, "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}, \"subjectPrefix\": \"[JUNK v1]\"}}");
        policyStore.put("acme", 2, "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}, \"subjectPrefix\": \"[JUNK v2]\"}}");
        Mail mail = mail(ham().setSubject("HELLO EVERYBODY THERE"), Optional.empty());
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")));
        ScoreDecision decided = new ScoreDecision(20, Category.CORPORATE, Action.TAG_SUBJECT,
            List.of(Finding.of("SUBJECT_ALL_CAPS", "score", "hit", "all capitals").withScore(20)), List.of(), List.of());
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.SCORE_DECISIONS),
            AttributeValue.of(ScoreDecision.write(Map.of("acme", decided)))));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DECISIONS), AttributeValue.of(Decision.write(List.of(
            Decision.of("scoring", Stage.DATA, TenantId.of("acme"), Direction.INBOUND, 1, Action.TAG_SUBJECT, List.of("SUBJECT_ALL_CAPS")))))));

        mailet.service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[JUNK v1] HELLO EVERYBODY THERE");
    }

    @Test
    void serviceShouldApplyTheCurrentPolicyWhenNoDecisionNamesAVersion() throws Exception {
        policyStore.put("acme", 1, "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}, \"subjectPrefix\": \"[JUNK v1]\"}}");
        policyStore.put("acme", 2, "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}, \"subjectPrefix\": \"[JUNK v2]\"}}");
        Mail mail = mail(ham().setSubject("HELLO EVERYBODY THERE"), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[JUNK v2] HELLO EVERYBODY THERE");
    }

    @Test
    void serviceShouldQuarantineWhenTheCategoryActionSaysSo() throws Exception {
        policyStore.put("acme", "{\"scoring\": {\"categories\": {\"mailing_list\": \"quarantine\"}}}");
        Mail mail = mail(ham().addHeader("List-Id", "<dev.lists.example>"), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).contains("category mailing_list");
        assertThat(mail.getMessage().getHeader(ScoreMessage.VERDICT_HEADER)).containsExactly("quarantine; rules=");
    }

    @Test
    void serviceShouldRedirectToAnAddressOfTheTenant() throws Exception {
        policyStore.put("acme", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"redirect\": 10}, \"redirectTo\": \"spam@acme.example\"}}");
        Mail mail = mail(ham().setSubject("HELLO EVERYBODY THERE"), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("spam@acme.example"));
        assertThat(mail.getState()).isEqualTo("inbound");
    }

    @Test
    void serviceShouldIgnoreARedirectToAnotherTenantsAddress() throws Exception {
        policyStore.put("acme", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"redirect\": 10}, \"redirectTo\": \"spam@other.example\"}}");
        Mail mail = mail(ham().setSubject("HELLO EVERYBODY THERE"), Optional.empty());

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@acme.example"));
        assertThat(PendingReasons.of(mail)).anySatisfy(reason -> assertThat(reason).startsWith("REDIRECT ignored: spam@other.example"));
    }

    @Test
    void serviceShouldLeaveMailWithoutATenantAlone() throws Exception {
        FakeMail mail = FakeMail.builder().name("m2").mimeMessage(ham().setText(GTUBE).build())
            .recipient("bob@acme.example").state("inbound").build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("inbound");
        assertThat(mail.getMessage().getHeader(ScoreMessage.SCORE_HEADER)).isNull();
    }
}
