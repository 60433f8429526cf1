package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.gatehouse.disclaimer.BodyInsertion;
import org.gatehouse.disclaimer.DisclaimerPolicies;
import org.gatehouse.disclaimer.GlobalDisclaimer;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.TenantPolicies;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddDisclaimerTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String TEXT = "Acme Corp. confidential: if you are not the addressee, delete this message.";
    private static final String POLICY = "{\"disclaimer\": {\"text\": \"" + TEXT + "\","
        + " \"html\": \"<p>Acme Corp. <b>confidential</b>: if you are not the addressee, delete this message.</p>\"}}";
    private static final String SIGNED_ENTITY = "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n"
        + "\r\nThe signed quarterly figures.\r\n";
    private static final byte[] PDF = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" // the binary-marker bytes of a PDF header
        .getBytes(StandardCharsets.ISO_8859_1);

    private static KeyPair signingKey;
    private static X509CertificateHolder certificate;

    private RecordingMessageLog messageLog;
    private ScoreMessageTest.FixedPolicyStore policyStore;

    @BeforeAll
    static void createSigningCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signingKey = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Alice Test, E=alice@acme.example");
        Instant now = Instant.now();
        certificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(365, ChronoUnit.DAYS)), name, signingKey.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey.getPrivate()));
    }

    @BeforeEach
    void setUp() {
        messageLog = new RecordingMessageLog();
        policyStore = new ScoreMessageTest.FixedPolicyStore();
    }

    private AddDisclaimer mailet(String policy) throws Exception {
        return mailet(policy, GlobalDisclaimer.none());
    }

    private AddDisclaimer mailet(String policy, GlobalDisclaimer global) throws Exception {
        policyStore.put("acme", policy);
        // as in the pipeline: the reasons kept with the part are written where it enters delivery
        AddDisclaimer mailet = new AddDisclaimer(new DisclaimerPolicies(new TenantPolicies(policyStore)), global) {
            @Override
            public void service(Mail mail) throws MessagingException {
                super.service(mail);
                new RecordReasons(messageLog).service(mail);
            }
        };
        mailet.init(FakeMailetConfig.builder().mailetName("AddDisclaimer").build());
        return mailet;
    }

    private static Mail outbound(MimeMessage message) throws Exception {
        Mail mail = FakeMail.builder().name("m1").mimeMessage(message).sender("alice@acme.example")
            .recipient("bob@partner.example").state("outbound").build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TENANT), AttributeValue.of("acme")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("outbound")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        return mail;
    }

    private static MimeMessageBuilder from(String address) throws Exception {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom(address)
            .addToRecipient("bob@partner.example")
            .addHeader("Date", "Mon, 23 Nov 2026 10:00:00 +0000")
            .addHeader("Message-ID", "<1@acme.example>")
            .setSubject("Quarterly figures");
    }

    private static MimeMessage withContent(MimeMessageBuilder headers, Multipart content) throws Exception {
        MimeMessage message = headers.build();
        message.setContent(content);
        message.saveChanges();
        return parse(bytes(message));
    }

    private static MimeBodyPart textPart(String text, String charset, String subtype, String transferEncoding) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, charset, subtype);
        part.setHeader("Content-Transfer-Encoding", transferEncoding);
        return part;
    }

    private static MimeMultipart multipart(String subtype, BodyPart... parts) throws Exception {
        MimeMultipart multipart = new MimeMultipart(subtype);
        for (BodyPart part : parts) {
            multipart.addBodyPart(part);
        }
        return multipart;
    }

    private static MimeBodyPart pdf() throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(PDF, "application/pdf");
        part.setFileName("figures.pdf");
        part.setDisposition(Part.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The message as a receiver parses it: from its bytes, with none of the mailet's objects. */
    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    private static MimeMessage sent(Mail mail) throws Exception {
        return parse(bytes(mail.getMessage()));
    }

    private static String text(Part part) throws Exception {
        return (String) part.getContent();
    }

    private static BodyPart part(Part multipartPart, int index) throws Exception {
        return ((Multipart) multipartPart.getContent()).getBodyPart(index);
    }

    private static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = AddDisclaimerTest.class.getResourceAsStream("/disclaimer/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A CMS SignedData over the content, signed with the test certificate; detached or with the content inside. */
    private static byte[] cmsSigned(byte[] content, boolean encapsulate) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(signingKey.getPrivate());
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .build(signer, certificate));
        generator.addCertificate(certificate);
        return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
    }

    /** A real S/MIME multipart/signed message (RFC 8551): a detached CMS signature over {@link #SIGNED_ENTITY}. */
    private static byte[] smimeSigned() throws Exception {
        byte[] signature = cmsSigned(SIGNED_ENTITY.getBytes(StandardCharsets.US_ASCII), false);
        String message = "From: Alice <alice@acme.example>\r\nTo: bob@partner.example\r\nSubject: Signed figures\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <smime@acme.example>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n"
            + " boundary=\"smime-boundary\"\r\n\r\nThis is an S/MIME signed message\r\n"
            + "--smime-boundary\r\n" + SIGNED_ENTITY + "\r\n--smime-boundary\r\n"
            + "Content-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=smime.p7s\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(signature)
            + "\r\n--smime-boundary--\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the S/MIME signature of a multipart/signed body still verifies over its first part's bytes. */
    private static boolean signatureVerifies(byte[] multipartSignedBody, byte[] signature) throws Exception {
        String body = new String(multipartSignedBody, StandardCharsets.ISO_8859_1);
        int start = body.indexOf("--smime-boundary\r\n") + "--smime-boundary\r\n".length();
        int end = body.indexOf("\r\n--smime-boundary", start);
        byte[] signedContent = body.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(signedContent), signature);
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (CMSException e) {
            return false;
        }
    }

    @Test
    void serviceShouldAppendTheTextBelowASeparatorInAPlainTextMessage() throws Exception {
        Mail mail = outbound(from("alice@acme.example").setText("Hello Bob,\r\nthe figures are fine.\r\n").build());

        mailet(POLICY).service(mail);

        MimeMessage sent = sent(mail);
        assertThat(text(sent)).isEqualTo("Hello Bob,\r\nthe figures are fine.\r\n\r\n" + BodyInsertion.TEXT_SEPARATOR + "\r\n"
            + TEXT + "\r\n");
        assertThat(sent.getHeader(AddDisclaimer.MARK_HEADER)).containsExactly("acme");
        assertThat(sent.getEncoding()).isEqualTo("7bit");
        assertThat(sent.getMessageID()).isEqualTo("<1@acme.example>");
        assertThat(messageLog.reasons).containsExactly("DISCLAIMER added into text/plain");
    }

    @Test
    void serviceShouldInsertTheHtmlBeforeTheClosingBodyTagOfAnHtmlMessage() throws Exception {
        MimeMessage message = from("alice@acme.example").build();
        message.setContent("<html><head><title>Figures</title></head><body><p>Hello Bob</p></body></html>",
            "text/html; charset=UTF-8");
        message.saveChanges();
        Mail mail = outbound(parse(bytes(message)));

        mailet(POLICY).service(mail);

        String html = text(sent(mail));
        assertThat(html).startsWith("<html><head><title>Figures</title></head><body><p>Hello Bob</p><div class=\"gatehouse-disclaimer\"><hr>")
            .endsWith("</div></body></html>")
            .contains("<b>confidential</b>");
        assertThat(Jsoup.parse(html).select("div.gatehouse-disclaimer").text()).isEqualTo(TEXT);
    }

    @Test
    void serviceShouldStampBothAlternativesKeepingACharsetThatCanEncodeTheText() throws Exception {
        String policy = "{\"disclaimer\": {\"text\": \"Soci\u00e9t\u00e9 Acme SA, Gen\u00e8ve : message confidentiel.\"}}"; // e acute, e grave
        MimeMessage message = withContent(from("alice@acme.example"), multipart("alternative",
            textPart("Gr\u00fc\u00dfe aus Z\u00fcrich", "ISO-8859-1", "plain", "quoted-printable"), // u umlaut, sharp s
            textPart("<p>Gr\u00fc\u00dfe aus Z\u00fcrich</p>", "UTF-8", "html", "8bit"))); // u umlaut, sharp s
        Mail mail = outbound(message);

        mailet(policy).service(mail);

        Message parsed = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(bytes(mail.getMessage())));
        org.apache.james.mime4j.dom.Multipart alternative = (org.apache.james.mime4j.dom.Multipart) parsed.getBody();
        TextBody plain = (TextBody) alternative.getBodyParts().get(0).getBody();
        TextBody html = (TextBody) alternative.getBodyParts().get(1).getBody();
        assertThat(plain.getMimeCharset()).isEqualToIgnoringCase("ISO-8859-1");
        assertThat(alternative.getBodyParts().get(0).getContentTransferEncoding()).isEqualTo("quoted-printable");
        assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
            .startsWith("Gr\u00fc\u00dfe aus Z\u00fcrich") // u umlaut, sharp s
            .endsWith("Soci\u00e9t\u00e9 Acme SA, Gen\u00e8ve : message confidentiel.\r\n"); // e acute, e grave
        assertThat(html.getMimeCharset()).isEqualToIgnoringCase("UTF-8");
        assertThat(Jsoup.parse(new String(html.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).text())
            .isEqualTo("Gr\u00fc\u00dfe aus Z\u00fcrich Soci\u00e9t\u00e9 Acme SA, Gen\u00e8ve : message confidentiel."); // Latin-1 accented letters
        assertThat(messageLog.reasons).containsExactly("DISCLAIMER added into text/plain, text/html");
    }

    @Test
    void serviceShouldSwitchATextPartToUtf8WhenItsCharsetCannotEncodeTheText() throws Exception {
        String policy = "{\"disclaimer\": {\"text\": \"Acme \u2013 \u6a5f\u5bc6 (confidential) \u20ac\"}}"; // en dash, CJK "confidential", euro sign
        MimeMessage message = withContent(from("alice@acme.example"), multipart("alternative",
            textPart("Gr\u00fc\u00dfe", "ISO-8859-1", "plain", "8bit"), // u umlaut, sharp s
            textPart("<html><body><p>Gr\u00fc\u00dfe</p></body></html>", "ISO-8859-1", "html", "quoted-printable"))); // u umlaut, sharp s
        Mail mail = outbound(message);

        mailet(policy).service(mail);

        MimeMessage sent = sent(mail);
        BodyPart plain = part(sent, 0);
        BodyPart html = part(sent, 1);
        assertThat(new ContentType(plain.getContentType()).getParameter("charset")).isEqualTo("UTF-8");
        assertThat(((MimeBodyPart) plain).getEncoding()).isEqualTo("quoted-printable");
        assertThat(text(plain)).startsWith("Gr\u00fc\u00dfe").contains("Acme \u2013 \u6a5f\u5bc6 (confidential) \u20ac"); // u umlaut, sharp s, en dash, CJK, euro sign
        // HTML keeps its charset (and any meta charset stays true): what it cannot encode becomes character references
        assertThat(new ContentType(html.getContentType()).getParameter("charset")).isEqualTo("ISO-8859-1");
        assertThat(text(html)).contains("&#x6A5F;&#x5BC6;").contains("&#x20AC;");
        assertThat(Jsoup.parse(text(html)).text()).isEqualTo("Gr\u00fc\u00dfe Acme \u2013 \u6a5f\u5bc6 (confidential) \u20ac"); // u umlaut, sharp s, en dash, CJK, euro sign
    }

    @Test
    void serviceShouldStampOnlyTheBodyOfAMixedMessageAndKeepTheAttachmentBytes() throws Exception {
        MimeBodyPart textAttachment = textPart("A text attachment, not the body.", "us-ascii", "plain", "7bit");
        textAttachment.setDisposition(Part.ATTACHMENT);
        MimeMessage message = withContent(from("alice@acme.example"), multipart("mixed",
            wrap(multipart("alternative", textPart("See the PDF.", "us-ascii", "plain", "7bit"),
                textPart("<p>See the PDF.</p>", "us-ascii", "html", "7bit"))),
            pdf(), textAttachment));
        byte[] attachmentBefore = ((MimeBodyPart) part(message, 1)).getRawInputStream().readAllBytes();
        Mail mail = outbound(message);

        mailet(POLICY).service(mail);

        MimeMessage sent = sent(mail);
        BodyPart alternative = part(sent, 0);
        assertThat(text(part(alternative, 0))).contains(TEXT);
        assertThat(Jsoup.parse(text(part(alternative, 1))).text()).contains(TEXT);
        assertThat(((MimeBodyPart) part(sent, 1)).getRawInputStream().readAllBytes()).isEqualTo(attachmentBefore);
        assertThat(part(sent, 1).getInputStream().readAllBytes()).isEqualTo(PDF);
        assertThat(text(part(sent, 2))).isEqualTo("A text attachment, not the body.");
    }

    private static MimeBodyPart wrap(Multipart multipart) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(multipart);
        return part;
    }

    @Test
    void serviceShouldNeverStampTheInsideOfAForwardedMessage() throws Exception {
        MimeMessage forwarded = from("carol@partner.example").setText("The original, untouched.").build();
        MimeBodyPart attached = new MimeBodyPart();
        attached.setContent(forwarded, "message/rfc822");
        MimeMessage message = withContent(from("alice@acme.example"), multipart("mixed",
            textPart("Forwarding Carol's mail.", "us-ascii", "plain", "7bit"), attached));
        Mail mail = outbound(message);

        mailet(POLICY).service(mail);

        MimeMessage sent = sent(mail);
        assertThat(text(part(sent, 0))).startsWith("Forwarding Carol's mail.").contains(TEXT);
        MimeMessage inner = (MimeMessage) part(sent, 1).getContent();
        assertThat(text(inner)).isEqualTo("The original, untouched.");
        assertThat(new String(bytes(mail.getMessage()), StandardCharsets.US_ASCII)).containsOnlyOnce(TEXT);
    }

    @Test
    void serviceShouldNotAddASecondCopyToAReplyQuotingAnEarlierDisclaimer() throws Exception {
        String quotedPlain = "Agreed.\r\n\r\nOn Monday, Carol wrote:\r\n> Here are the figures.\r\n>\r\n> "
            + BodyInsertion.TEXT_SEPARATOR + "\r\n> Acme Corp. confidential: if you are not the\r\n>   addressee,"
            + " delete this\r\n> message.\r\n";
        String quotedHtml = "<html><body><p>Agreed.</p><blockquote><p>Here are the figures.</p>"
            + "<div class=\"gatehouse-disclaimer\"><hr><p>Acme Corp. <b>confidential</b>: if you are not the addressee,\r\n"
            + "delete this message.</p></div></blockquote></body></html>";
        MimeMessage reply = withContent(from("alice@acme.example"), multipart("alternative",
            textPart(quotedPlain, "us-ascii", "plain", "7bit"), textPart(quotedHtml, "us-ascii", "html", "7bit")));
        byte[] before = bytes(reply);
        Mail mail = outbound(reply);

        mailet(POLICY).service(mail);

        assertThat(bytes(mail.getMessage())).isEqualTo(before);
        assertThat(messageLog.reasons).containsExactly("DISCLAIMER not added: already present in the body");
    }

    @Test
    void serviceShouldAddTheDisclaimerOnceWhenAMessageComesThroughTwice() throws Exception {
        Mail mail = outbound(from("alice@acme.example").setText("Hello Bob").build());
        AddDisclaimer mailet = mailet(POLICY);

        mailet.service(mail);
        mailet.service(mail);

        MimeMessage sent = sent(mail);
        assertThat(occurrences(text(sent), TEXT)).isEqualTo(1);
        assertThat(sent.getHeader(AddDisclaimer.MARK_HEADER)).containsExactly("acme");
    }

    @Test
    void serviceShouldLeaveAnSmimeSignedMessageByteForByteWhenTheTenantSkipsThem() throws Exception {
        byte[] signed = smimeSigned();
        Mail mail = outbound(parse(signed));

        mailet(POLICY).service(mail);

        assertThat(bytes(mail.getMessage())).isEqualTo(signed);
        assertThat(messageLog.reasons).containsExactly(
            "DISCLAIMER not added: S/MIME signed: the tenant skips signed and encrypted messages");
    }

    @Test
    void serviceShouldAttachTheDisclaimerNextToAnSmimeSignedEntityThatStillVerifies() throws Exception {
        byte[] signed = smimeSigned();
        MimeMessage original = parse(signed);
        byte[] signedBody = original.getRawInputStream().readAllBytes();
        Mail mail = outbound(original);

        mailet("{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"signedMessages\": \"attach\"}}").service(mail);

        MimeMessage sent = sent(mail);
        assertThat(new ContentType(sent.getContentType()).getBaseType()).isEqualTo("multipart/mixed");
        assertThat(sent.getMessageID()).isEqualTo("<smime@acme.example>");
        assertThat(sent.getHeader(AddDisclaimer.MARK_HEADER)).containsExactly("acme");
        MimeBodyPart signedPart = (MimeBodyPart) part(sent, 0);
        assertThat(signedPart.getContentType()).startsWith("multipart/signed; protocol=\"application/pkcs7-signature\"");
        assertThat(signedPart.getRawInputStream().readAllBytes()).isEqualTo(signedBody);
        byte[] signature = part(signedPart, 1).getInputStream().readAllBytes();
        assertThat(signatureVerifies(signedPart.getRawInputStream().readAllBytes(), signature)).isTrue();
        BodyPart disclaimer = part(sent, 1);
        assertThat(disclaimer.getContentType()).startsWith("text/plain");
        assertThat(disclaimer.getDisposition()).isEqualTo(Part.INLINE);
        assertThat(text(disclaimer)).isEqualTo(TEXT + "\r\n");
    }

    @Test
    void signatureCheckShouldFailOnceTheSignedEntityChanges() throws Exception {
        MimeMessage original = parse(smimeSigned());
        byte[] body = original.getRawInputStream().readAllBytes();
        byte[] signature = part(original, 1).getInputStream().readAllBytes();
        byte[] tampered = new String(body, StandardCharsets.US_ASCII).replace("quarterly", "Quarterly").getBytes(StandardCharsets.US_ASCII);

        assertThat(signatureVerifies(body, signature)).isTrue();
        assertThat(signatureVerifies(tampered, signature)).isFalse();
    }

    @Test
    void serviceShouldAttachNextToAnOpaqueSmimeEntityKeepingItsBase64Bytes() throws Exception {
        String opaque = "From: alice@acme.example\r\nTo: bob@partner.example\r\nSubject: opaque\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=smime.p7m\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                cmsSigned(SIGNED_ENTITY.getBytes(StandardCharsets.US_ASCII), true))
            + "\r\n";
        MimeMessage original = parse(opaque.getBytes(StandardCharsets.US_ASCII));
        byte[] body = original.getRawInputStream().readAllBytes();
        Mail mail = outbound(original);

        mailet("{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"signedMessages\": \"attach\"}}").service(mail);

        MimeMessage sent = sent(mail);
        MimeBodyPart wrapped = (MimeBodyPart) part(sent, 0);
        assertThat(wrapped.getContentType()).isEqualTo("application/pkcs7-mime; smime-type=signed-data; name=smime.p7m");
        assertThat(wrapped.getEncoding()).isEqualTo("base64");
        assertThat(wrapped.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(wrapped.getRawInputStream().readAllBytes()).isEqualTo(body);
        assertThat(sent.getHeader("Content-Disposition")).isNull();
        assertThat(text(part(sent, 1))).contains(TEXT);
    }

    @Test
    void serviceShouldSkipPgpMimeSignedAndEncryptedMessagesByteForByte() throws Exception {
        for (String sample : List.of("pgp-mime-signed.eml", "pgp-mime-encrypted.eml", "inline-pgp-signed.eml")) {
            byte[] original = resource(sample);
            Mail mail = outbound(parse(original));

            mailet(POLICY).service(mail);

            assertThat(bytes(mail.getMessage())).as(sample).isEqualTo(original);
        }
        assertThat(messageLog.reasons).containsExactly(
            "DISCLAIMER not added: PGP/MIME signed: the tenant skips signed and encrypted messages",
            "DISCLAIMER not added: PGP/MIME encrypted: the tenant skips signed and encrypted messages",
            "DISCLAIMER not added: inline PGP: the tenant skips signed and encrypted messages");
    }

    @Test
    void serviceShouldAttachNextToPgpMimeSignedAndInlinePgpEntitiesKeepingTheirBytes() throws Exception {
        for (String sample : List.of("pgp-mime-signed.eml", "inline-pgp-signed.eml")) {
            MimeMessage original = parse(resource(sample));
            byte[] body = original.getRawInputStream().readAllBytes();
            Mail mail = outbound(original);

            mailet("{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"signedMessages\": \"attach\"}}").service(mail);

            MimeMessage sent = sent(mail);
            assertThat(((MimeBodyPart) part(sent, 0)).getRawInputStream().readAllBytes()).as(sample).isEqualTo(body);
            assertThat(part(sent, 0).getContentType()).as(sample).isEqualTo(original.getContentType());
            assertThat(text(part(sent, 1))).as(sample).isEqualTo(TEXT + "\r\n");
        }
    }

    @Test
    void serviceShouldNotAttachADisclaimerTheSignedTextAlreadyQuotes() throws Exception {
        String entity = "Content-Type: text/plain; charset=us-ascii\r\n\r\nAgreed.\r\n> " + TEXT + "\r\n";
        String message = "From: alice@acme.example\r\nTo: bob@partner.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=b1\r\n\r\n"
            + "--b1\r\n" + entity + "\r\n--b1\r\nContent-Type: application/pgp-signature\r\n\r\n"
            + "-----BEGIN PGP SIGNATURE-----\r\n\r\niHUEABYIAB0WIQQd\r\n-----END PGP SIGNATURE-----\r\n\r\n--b1--\r\n";
        byte[] original = message.getBytes(StandardCharsets.US_ASCII);
        Mail mail = outbound(parse(original));

        mailet("{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"signedMessages\": \"attach\"}}").service(mail);

        assertThat(bytes(mail.getMessage())).isEqualTo(original);
    }

    @Test
    void serviceShouldPutATopDisclaimerBeforeTheTextAndRightAfterTheBodyTag() throws Exception {
        String policy = "{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"position\": \"top\"}}";
        MimeMessage message = withContent(from("alice@acme.example"), multipart("alternative",
            textPart("Hello Bob", "us-ascii", "plain", "7bit"),
            textPart("<html><body class=\"mail\"><p>Hello Bob</p></body></html>", "us-ascii", "html", "7bit")));
        Mail mail = outbound(message);

        mailet(policy).service(mail);

        MimeMessage sent = sent(mail);
        assertThat(text(part(sent, 0))).isEqualTo(TEXT + "\r\n" + BodyInsertion.TEXT_SEPARATOR + "\r\n\r\nHello Bob");
        assertThat(text(part(sent, 1))).startsWith("<html><body class=\"mail\"><div class=\"gatehouse-disclaimer\"><p>Acme Corp.")
            .endsWith("<hr></div><p>Hello Bob</p></body></html>");
    }

    @Test
    void serviceShouldUseTheOverrideOfTheSenderDomain() throws Exception {
        String policy = "{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"senderDomains\": {"
            + "\"brand.example\": {\"text\": \"Brand Ltd, a part of Acme.\", \"position\": \"top\"},"
            + "\"noreply.acme.example\": {\"enabled\": false}}}}";
        AddDisclaimer mailet = mailet(policy);
        Mail brand = outbound(from("Sales <sales@Brand.example>").setText("Offer").build());
        Mail acme = outbound(from("alice@acme.example").setText("Offer").build());
        Mail noreply = outbound(from("robot@noreply.acme.example").setText("Offer").build());

        mailet.service(brand);
        mailet.service(acme);
        mailet.service(noreply);

        assertThat(text(sent(brand))).isEqualTo("Brand Ltd, a part of Acme.\r\n" + BodyInsertion.TEXT_SEPARATOR + "\r\n\r\nOffer");
        assertThat(text(sent(acme))).isEqualTo("Offer\r\n\r\n" + BodyInsertion.TEXT_SEPARATOR + "\r\n" + TEXT + "\r\n");
        assertThat(text(sent(noreply))).isEqualTo("Offer");
    }

    @Test
    void serviceShouldInsertSanitisedHtmlEvenFromADocumentStoredUnsanitised() throws Exception {
        String policy = "{\"disclaimer\": {\"html\": \"<p onclick=\\\"steal()\\\">Acme <a href=\\\"javascript:steal()\\\">terms</a>"
            + " <a href=\\\"https://acme.example/terms\\\">legal</a></p><script>steal()</script><img src=\\\"https://t.example/p.gif\\\">\"}}";
        MimeMessage message = from("alice@acme.example").build();
        message.setContent("<html><body><p>Hello</p></body></html>", "text/html; charset=UTF-8");
        message.saveChanges();
        Mail mail = outbound(parse(bytes(message)));

        mailet(policy).service(mail);

        String html = text(sent(mail));
        assertThat(html).doesNotContain("script").doesNotContain("steal").doesNotContain("onclick").doesNotContain("<img")
            .contains("<a href=\"https://acme.example/terms\" rel=\"nofollow\">legal</a>");
    }

    @Test
    void serviceShouldKeepTextsOutOfTheHeaders() throws Exception {
        String policy = "{\"disclaimer\": {\"text\": \"X-Injected: yes\\nBcc: everyone@partner.example\\n\\nAcme.\","
            + " \"signedMessages\": \"attach\"}}";
        Mail plain = outbound(from("alice@acme.example").setText("Hello").build());
        Mail signed = outbound(parse(smimeSigned()));
        AddDisclaimer mailet = mailet(policy);

        mailet.service(plain);
        mailet.service(signed);

        for (MimeMessage sent : List.of(sent(plain), sent(signed))) {
            assertThat(sent.getHeader("X-Injected")).isNull();
            assertThat(sent.getHeader("Bcc")).isNull();
        }
        assertThat(text(sent(plain))).endsWith("X-Injected: yes\r\nBcc: everyone@partner.example\r\n\r\nAcme.\r\n");
        BodyPart attached = part(sent(signed), 1);
        assertThat(attached.getHeader("X-Injected")).isNull();
        assertThat(text(attached)).startsWith("X-Injected: yes\r\n");
    }

    @Test
    void serviceShouldAddTheProviderStampAfterTheTenantDisclaimer() throws Exception {
        GlobalDisclaimer global = GlobalDisclaimer.of(java.util.Optional.of("Scanned by Example Hosting."), java.util.Optional.empty());
        String topPolicy = "{\"disclaimer\": {\"text\": \"" + TEXT + "\", \"position\": \"top\"}}";
        Mail mail = outbound(from("alice@acme.example").setText("Hello").build());

        mailet(topPolicy, global).service(mail);

        assertThat(text(sent(mail))).isEqualTo(TEXT + "\r\n" + BodyInsertion.TEXT_SEPARATOR + "\r\n\r\nHello\r\n\r\n"
            + BodyInsertion.TEXT_SEPARATOR + "\r\nScanned by Example Hosting.\r\n");
    }

    @Test
    void serviceShouldAddTheProviderStampToATenantWithoutDisclaimer() throws Exception {
        GlobalDisclaimer global = GlobalDisclaimer.of(java.util.Optional.empty(), java.util.Optional.of("<p>Scanned by <i>Example</i>.</p>"));
        Mail mail = outbound(from("alice@acme.example").setText("Hello").build());

        mailet("{}", global).service(mail);

        assertThat(text(sent(mail))).endsWith(BodyInsertion.TEXT_SEPARATOR + "\r\nScanned by Example.\r\n");
    }

    @Test
    void serviceShouldLeaveAMessageWithoutTenantOrNotOutboundUntouched() throws Exception {
        AddDisclaimer mailet = mailet(POLICY);
        MimeMessage original = from("alice@acme.example").setText("Hello").build();
        byte[] before = bytes(original);
        Mail noTenant = FakeMail.builder().name("m2").mimeMessage(parse(before)).recipient("bob@partner.example").build();
        Mail inbound = outbound(parse(before));
        inbound.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("inbound")));

        mailet.service(noTenant);
        mailet.service(inbound);

        assertThat(bytes(noTenant.getMessage())).isEqualTo(before);
        assertThat(bytes(inbound.getMessage())).isEqualTo(before);
        assertThat(messageLog.reasons).isEmpty();
    }

    @Test
    void serviceShouldLeaveAMessageItCannotDecodeUnchangedAndSayWhy() throws Exception {
        String unknownCharset = "From: alice@acme.example\r\nTo: bob@partner.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=x-martian\r\n\r\nHello\r\n";
        String undeclared8bit = "From: alice@acme.example\r\nTo: bob@partner.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n"; // u umlaut, sharp s
        String brokenMultipart = "From: alice@acme.example\r\nTo: bob@partner.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=never-there\r\n\r\nno boundary line at all\r\n";
        AddDisclaimer mailet = mailet(POLICY);

        for (String message : List.of(unknownCharset, undeclared8bit, brokenMultipart)) {
            byte[] original = message.getBytes(StandardCharsets.ISO_8859_1);
            Mail mail = outbound(parse(original));

            mailet.service(mail);

            assertThat(bytes(mail.getMessage())).isEqualTo(original);
        }
        assertThat(messageLog.reasons).hasSize(3);
        assertThat(messageLog.reasons.get(0)).isEqualTo("DISCLAIMER not added: unknown charset 'x-martian' in a text/plain part");
        assertThat(messageLog.reasons.get(1)).isEqualTo("DISCLAIMER not added: a text/plain part is not valid us-ascii");
        assertThat(messageLog.reasons.get(2)).startsWith("DISCLAIMER not added: unreadable MIME");
    }

    @Test
    void serviceShouldKeepBase64WhenTheTextPartWasBase64() throws Exception {
        MimeMessage message = withContent(from("alice@acme.example"), multipart("mixed",
            textPart("Hello in base64", "UTF-8", "plain", "base64"), pdf()));
        Mail mail = outbound(message);

        mailet(POLICY).service(mail);

        MimeBodyPart body = (MimeBodyPart) part(sent(mail), 0);
        assertThat(body.getEncoding()).isEqualTo("base64");
        assertThat(text(body)).startsWith("Hello in base64").contains(TEXT);
    }
}
