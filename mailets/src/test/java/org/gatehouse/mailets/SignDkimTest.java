package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.Converter7Bit;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.gatehouse.disclaimer.DisclaimerPolicies;
import org.gatehouse.disclaimer.GlobalDisclaimer;
import org.gatehouse.dkim.DkimKey;
import org.gatehouse.dkim.DkimKeyGenerator;
import org.gatehouse.dkim.DkimKeyState;
import org.gatehouse.dkim.DkimSelector;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.dkim.SigningKey;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.store.QuarantineAttributes;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignDkimTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final TenantId ACME = TenantId.of("acme");
    private static final DomainName DOMAIN = DomainName.of("acme.example");
    private static final String DISCLAIMER = "Acme Corp. confidential: if you are not the addressee, delete this message.";
    private static final String PLAIN = "From: Alice <alice@acme.example>\r\nTo: bob@partner.example\r\nSubject: offer\r\n"
        + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <offer-1@acme.example>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nOur offer: 100 €, grüße.\r\n";

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private JdbcDkimKeys keys;
    private TenantDirectory directory;
    private FakeMailContext context;
    private String txt;

    @BeforeEach
    void setUp() {
        JdbcTenantStore tenants = new JdbcTenantStore(derby.database());
        tenants.save(Tenant.of(ACME, "Acme", List.of(DOMAIN), Downstream.of("127.0.0.1", 25, false), List.of()));
        tenants.save(Tenant.of(TenantId.of("other"), "Other", List.of(DomainName.of("other.example")), Downstream.of("127.0.0.1", 25, false),
            List.of()));
        keys = new JdbcDkimKeys(derby.database());
        directory = new TenantDirectory(tenants);
        context = FakeMailContext.defaultContext();
    }

    private void activeKey(String selector) {
        DkimKeyGenerator.Generated generated = new DkimKeyGenerator().generate();
        keys.create(DkimKey.of(ACME, DOMAIN, DkimSelector.of(selector), DkimKeyState.PENDING, generated.publicKey(), Instant.now(),
            Optional.empty(), Optional.empty()), generated.privateKeyPkcs8());
        keys.activate(ACME, DOMAIN, DkimSelector.of(selector), Instant.now());
        txt = "v=DKIM1; k=rsa; p=" + generated.publicKey();
    }

    private SignDkim mailet(JdbcDkimKeys store) throws MessagingException {
        SignDkim mailet = new SignDkim(store, directory, new ActionExecutor(new RecordingMessageLog(), directory, null));
        mailet.init(FakeMailetConfig.builder().mailetName("SignDkim").mailetContext(context).build());
        return mailet;
    }

    private static Mail outbound(String message, String direction) throws Exception {
        Mail mail = FakeMail.builder().name("m1").mimeMessage(new MimeMessage(SESSION, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
            .sender("alice@acme.example").recipient("bob@partner.example").state("outbound").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of("acme")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of(direction)));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        return mail;
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private List<SignatureRecord> verify(byte[] sent) throws Exception {
        return new DKIMVerifier((method, selector, domain) -> List.of(txt)).verify(new ByteArrayInputStream(sent));
    }

    @Test
    void serviceShouldSignWithTheActiveKeySoThatJdkimVerifiesWhenTheFromDomainIsTheTenants() throws Exception {
        activeKey("gh202612");
        Mail mail = outbound(PLAIN, "outbound");

        mailet(keys).service(mail);

        byte[] sent = bytes(mail.getMessage());
        assertThat(verify(sent)).singleElement().satisfies(record -> {
            assertThat(record.getDToken().toString()).isEqualTo("acme.example");
            assertThat(record.getSelector().toString()).isEqualTo("gh202612");
        });
        assertThat(new String(sent, StandardCharsets.US_ASCII)).startsWith("DKIM-Signature:");
        assertThat(PendingReasons.of(mail)).containsExactly("DKIM_SIGNED d=acme.example s=gh202612");
    }

    @Test
    void signatureShouldStillVerifyAfterTransportRewritesTheMessageForARelayWithout8BitMime() throws Exception {
        activeKey("gh202612");
        Mail mail = outbound(PLAIN.replace("Subject: offer\r\n", "Subject: offer\r\nBcc: secret@acme.example\r\n"), "outbound");

        mailet(keys).service(mail);
        // as the transport processor and RemoteDelivery do: Bcc removed, then 7 bit for a relay without 8BITMIME
        MimeMessage message = mail.getMessage();
        message.removeHeader("Bcc");
        message.saveChanges();
        new Converter7Bit(context).convertTo7Bit(message);

        byte[] sent = bytes(message);
        assertThat(verify(sent)).hasSize(1);
        assertThat(new String(sent, StandardCharsets.US_ASCII)).doesNotContain("Bcc:").contains("Content-Transfer-Encoding: quoted-printable");
        assertThat(((String) new MimeMessage(SESSION, new ByteArrayInputStream(sent)).getContent())).contains("100 €");
    }

    @Test
    void aBodyWithTheDisclaimerAddedShouldVerify() throws Exception {
        activeKey("gh202612");
        ScoreMessageTest.FixedPolicyStore policies = new ScoreMessageTest.FixedPolicyStore();
        policies.put("acme", "{\"disclaimer\": {\"text\": \"" + DISCLAIMER + "\"}}");
        AddDisclaimer disclaimer = new AddDisclaimer(new DisclaimerPolicies(new TenantPolicies(policies)), GlobalDisclaimer.none());
        disclaimer.init(FakeMailetConfig.builder().mailetName("AddDisclaimer").build());
        Mail mail = outbound(PLAIN, "outbound");

        disclaimer.service(mail);
        mailet(keys).service(mail);

        byte[] sent = bytes(mail.getMessage());
        assertThat(verify(sent)).hasSize(1);
        assertThat((String) new MimeMessage(SESSION, new ByteArrayInputStream(sent)).getContent()).contains(DISCLAIMER);
        // the disclaimer is covered: taking it out breaks the signature
        String tampered = new String(sent, StandardCharsets.ISO_8859_1).replace("confidential", "public");
        assertThatThrownBy(() -> verify(tampered.getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(PermFailException.class);
    }

    @Test
    void serviceShouldNotSignTwiceForTheSameDomain() throws Exception {
        activeKey("gh202612");
        Mail mail = outbound(PLAIN, "outbound");

        mailet(keys).service(mail);
        mailet(keys).service(mail);

        assertThat(mail.getMessage().getHeader("DKIM-Signature")).hasSize(1);
        assertThat(verify(bytes(mail.getMessage()))).hasSize(1);
        assertThat(PendingReasons.of(mail)).containsExactly("DKIM_SIGNED d=acme.example s=gh202612",
            "DKIM not signed again: the message already has a signature of d=acme.example");
    }

    @Test
    void serviceShouldLeaveTheMessageUnsignedWhenTheDomainHasOnlyAPendingKey() throws Exception {
        DkimKeyGenerator.Generated generated = new DkimKeyGenerator().generate();
        keys.create(DkimKey.of(ACME, DOMAIN, DkimSelector.of("pending"), DkimKeyState.PENDING, generated.publicKey(), Instant.now(),
            Optional.empty(), Optional.empty()), generated.privateKeyPkcs8());
        Mail mail = outbound(PLAIN, "outbound");

        mailet(keys).service(mail);

        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(PendingReasons.of(mail)).isEmpty();
    }

    @Test
    void serviceShouldNotSignWhenTheFromDomainIsAnotherTenantsOrTheMailIsInbound() throws Exception {
        activeKey("gh202612");
        Mail foreignFrom = outbound(PLAIN.replace("alice@acme.example", "eve@other.example"), "outbound");
        Mail inbound = outbound(PLAIN, "inbound");

        mailet(keys).service(foreignFrom);
        mailet(keys).service(inbound);

        assertThat(foreignFrom.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(inbound.getMessage().getHeader("DKIM-Signature")).isNull();
    }

    @Test
    void serviceShouldDeferTheMailWhenThePolicyDatabaseIsUnavailable() throws Exception {
        JdbcDkimKeys down = new JdbcDkimKeys(derby.database()) {
            @Override
            public Optional<SigningKey> signingKey(TenantId tenant, DomainName domain) {
                throw new StoreException("Policy database error: connection refused", new java.sql.SQLException("refused"));
            }
        };
        Mail mail = outbound(PLAIN, "outbound");

        mailet(down).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> assertThat(sent.getState()).isEqualTo("outbound"));
    }

    @Test
    void serviceShouldDeferTheMailWhenTheActiveKeyCannotBeRead() throws Exception {
        activeKey("gh202612");
        derby.database().inTransaction(connection -> {
            try (var update = connection.prepareStatement("UPDATE gh_dkim_key SET private_key = 'AAAA'")) {
                return update.executeUpdate();
            }
        });
        Mail mail = outbound(PLAIN, "outbound");

        mailet(keys).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> assertThat(sent.getState()).isEqualTo("outbound"));
    }

    @Test
    void serviceShouldDeferTheMailWhenTheSignerRefusesTheKey() throws Exception {
        activeKey("gh202612");
        Mail mail = outbound(PLAIN, "outbound");
        JdbcDkimKeys broken = new JdbcDkimKeys(derby.database()) {
            @Override
            public Optional<SigningKey> signingKey(TenantId tenant, DomainName domain) {
                // an EC key: jDKIM's rsa-sha256 signer refuses it
                try {
                    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
                    return Optional.of(new SigningKey(domain, DkimSelector.of("ec"), generator.generateKeyPair().getPrivate()));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        mailet(broken).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> assertThat(sent.getState()).isEqualTo("outbound"));
    }

    @Test
    void serviceShouldHoldTheMailInTheQuarantineWhenTheMessageCannotBeParsedForSigning() throws Exception {
        activeKey("gh202612");
        // one header field beyond the DKIM parser's 30,000 characters: JavaMail reads it, the signer cannot
        String longSubject = "Subject: " + "word ".repeat(40).strip() + ("\r\n " + "word ".repeat(40).strip()).repeat(200) + "\r\n";
        Mail mail = outbound(PLAIN.replaceFirst("Subject: [^\r\n]*\r\n", java.util.regex.Matcher.quoteReplacement(longSubject)), "outbound");

        mailet(keys).service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(QuarantineAttributes.check(mail)).contains(HoldingCheck.DKIM);
        assertThat(QuarantineAttributes.rules(mail)).containsExactly(SignDkim.UNSIGNABLE);
        assertThat(PendingReasons.of(mail)).anySatisfy(reason -> assertThat(reason).startsWith("DKIM_UNSIGNABLE: The message cannot be parsed"));
    }

    @Test
    void serviceShouldLetAReleasedMessageLeaveUnsignedWhenItCannotBeParsedForSigning() throws Exception {
        activeKey("gh202612");
        String longSubject = "Subject: " + "word ".repeat(40).strip() + ("\r\n " + "word ".repeat(40).strip()).repeat(200) + "\r\n";
        Mail mail = outbound(PLAIN.replaceFirst("Subject: [^\r\n]*\r\n", java.util.regex.Matcher.quoteReplacement(longSubject)), "outbound");
        mail.setAttribute(new Attribute(AttributeName.of(QuarantineAttributes.RELEASED_FROM), AttributeValue.of(HoldingCheck.DKIM.asString())));

        mailet(keys).service(mail);

        assertThat(mail.getState()).isEqualTo("outbound");
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(PendingReasons.of(mail)).anySatisfy(reason -> assertThat(reason).contains("released from the quarantine"));
    }

    /** Acme's relay client writing to another tenant's domain: outbound for acme, then inbound for that tenant. */
    private static Mail toAnotherTenant(String message) throws Exception {
        Mail mail = outbound(message, "outbound");
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.THEN_INBOUND), AttributeValue.of("other log-2")));
        return mail;
    }

    private void continueInbound(Mail mail) throws Exception {
        ContinueInbound mailet = new ContinueInbound();
        mailet.init(FakeMailetConfig.builder().mailetName("ContinueInbound").mailetContext(context).build());
        mailet.service(mail);
    }

    /** What ContinueInbound and the inbound checks do to the part before transport: B's part, its Subject tagged. */
    private void continueInboundAndTagSubject(Mail mail) throws Exception {
        continueInbound(mail);
        mail.getMessage().setSubject("[SPAM] " + mail.getMessage().getSubject());
        mail.getMessage().saveChanges();
    }

    @Test
    void serviceShouldSignMailToAnotherTenantOnlyAfterItsInboundChecksSoThatASubjectTagStillVerifies() throws Exception {
        activeKey("gh202612");
        Mail mail = toAnotherTenant(PLAIN);
        SignDkim mailet = mailet(keys);

        mailet.service(mail);
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).as("not signed before the recipients' tenant's checks").isNull();
        continueInboundAndTagSubject(mail);
        mailet.service(mail);

        byte[] sent = bytes(mail.getMessage());
        assertThat(new String(sent, StandardCharsets.UTF_8)).contains("Subject: [SPAM] offer");
        assertThat(verify(sent)).singleElement().satisfies(record -> assertThat(record.getDToken().toString()).isEqualTo("acme.example"));
        // the reason is the relay tenant's, on its record, and the mark is consumed
        assertThat(PendingReasons.byRecord(mail)).containsOnlyKeys("log-1");
        assertThat(PendingReasons.byRecord(mail).get("log-1")).containsExactly("DKIM_SIGNED d=acme.example s=gh202612");
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.DKIM_SIGN_AFTER_INBOUND))).isEmpty();
    }

    @Test
    void aSignatureMadeBeforeTheInboundChecksShouldNotVerifyAfterASubjectTag() throws Exception {
        // the defect the deferred signing prevents: the check above would pass vacuously if tagging did not break it
        activeKey("gh202612");
        Mail mail = outbound(PLAIN, "outbound");
        mailet(keys).service(mail);
        mail.getMessage().setSubject("[SPAM] " + mail.getMessage().getSubject());
        mail.getMessage().saveChanges();

        assertThatThrownBy(() -> verify(bytes(mail.getMessage()))).isInstanceOf(PermFailException.class);
    }

    @Test
    void serviceShouldDeliverMailToAnotherTenantUnsignedWithTheReasonWhenItCannotBeParsedForSigning() throws Exception {
        activeKey("gh202612");
        String longSubject = "Subject: " + "word ".repeat(40).strip() + ("\r\n " + "word ".repeat(40).strip()).repeat(200) + "\r\n";
        Mail mail = toAnotherTenant(PLAIN.replaceFirst("Subject: [^\r\n]*\r\n", java.util.regex.Matcher.quoteReplacement(longSubject)));
        SignDkim mailet = mailet(keys);
        mailet.service(mail);
        continueInbound(mail);
        mail.setState("transport");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(PendingReasons.byRecord(mail).get("log-1")).singleElement()
            .satisfies(reason -> assertThat(reason).startsWith("DKIM not signed: DKIM_UNSIGNABLE").endsWith("delivered unsigned to the recipients' tenant"));
    }

    @Test
    void serviceShouldKeepTheMarkAndDeferMailToAnotherTenantWhenThePolicyDatabaseIsUnavailable() throws Exception {
        activeKey("gh202612");
        JdbcDkimKeys down = new JdbcDkimKeys(derby.database()) {
            @Override
            public Optional<SigningKey> signingKey(TenantId tenant, DomainName domain) {
                throw new StoreException("Policy database error: connection refused", new java.sql.SQLException("refused"));
            }
        };
        Mail mail = toAnotherTenant(PLAIN);
        mailet(keys).service(mail);
        continueInbound(mail);
        mail.setState("transport");

        mailet(down).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("transport");
            assertThat(sent.getAttributes()).containsKey(AttributeName.of(PipelineAttributes.DKIM_SIGN_AFTER_INBOUND));
        });
    }
}
