package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class RemoveHeaderTest {
    private static final String BODY = "\r\nthis multipart never opens its first part\r\n";

    private static RemoveHeader mailet(String names) throws Exception {
        RemoveHeader mailet = new RemoveHeader();
        mailet.init(FakeMailetConfig.builder().mailetName("RemoveHeader").setProperty("name", names).build());
        return mailet;
    }

    @Test
    void bccShouldBeRemovedFromAMultipartWithoutItsStartBoundary() throws Exception {
        byte[] raw = ("Subject: s\r\nBcc: hidden@acme.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        Mail mail = MailImpl.builder().name("m1").addRecipient("bob@acme.example").state("transport")
            .mimeMessage(new MimeMessageWrapper(new javax.mail.internet.MimeMessage(null, new ByteArrayInputStream(raw)))).build();

        mailet("bcc").service(mail);

        assertThat(mail.getMessage().getHeader("Bcc")).isNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).endsWith("\r\n" + BODY).contains("Subject: s\r\n");
        assertThat(mail.getState()).isEqualTo("transport");
    }

    @Test
    void initShouldFailWithoutAName() {
        assertThatThrownBy(() -> mailet(" ")).isInstanceOf(MailetException.class).hasMessageContaining("'name'");
    }
}
