package org.gatehouse.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;

/**
 * A notice to a tenant's administrators from a check (DLP, outbound abuse control): only to the configured addresses
 * in the tenant's own domains, from the postmaster, marked {@code Auto-Submitted}, plain text without control
 * characters from the message it concerns.
 */
final class AdministratorNotice {
    private AdministratorNotice() {
    }

    /** The addresses among {@code configured} that are in the tenant's own domains. */
    static List<MailAddress> inTenantDomains(TenantDirectory directory, TenantId tenant, List<String> configured) {
        Set<String> domains = directory.get(tenant).map(Tenant::domains).orElseThrow().stream().map(DomainName::asString)
            .collect(Collectors.toSet());
        List<MailAddress> recipients = new ArrayList<>();
        for (String address : configured) {
            if (domains.contains(address.substring(address.lastIndexOf('@') + 1))) {
                try {
                    recipients.add(new MailAddress(address));
                } catch (AddressException e) {
                    // validated when the policy was stored
                }
            }
        }
        return recipients;
    }

    static void send(MailetContext context, List<MailAddress> recipients, String subject, String text) throws MessagingException {
        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setFrom(context.getPostmaster().toInternetAddress().orElseThrow());
        notice.setRecipients(Message.RecipientType.TO, recipients.stream().map(address -> address.toInternetAddress().orElseThrow())
            .toArray(Address[]::new));
        notice.setSubject(subject, "UTF-8");
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.setText(text, "UTF-8");
        notice.saveChanges();
        context.sendMail(context.getPostmaster(), recipients, notice);
    }

    /** Text for a notice or a reason: no control characters from the message's envelope. */
    static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", " ");
    }

    /** The message as bytes, for a check that reads it. */
    static byte[] raw(Mail mail, String purpose) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message for " + purpose, e);
        }
        return out.toByteArray();
    }
}
