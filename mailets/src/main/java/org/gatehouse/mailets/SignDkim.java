package org.gatehouse.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.Converter7Bit;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.dkim.DkimSigning;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.dkim.SigningKey;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * Signs a tenant's outbound mail with DKIM (docs/dkim-signing.md): when the From domain is one of the sending tenant's
 * domains and has an active key ({@code /gatehouse/tenants/{id}/dkim}), the message, converted to 7 bit first so that no
 * hop re-encodes it, gets a {@code DKIM-Signature} (rsa-sha256, relaxed/relaxed) and the reason
 * {@code DKIM_SIGNED d=… s=…}. A message already signed for that domain is not signed again. Fail closed: while the
 * policy database is unavailable or the active key cannot be read or is refused by the signer, the mail waits in the
 * queue ({@link StoreOutageDeferral}: {@code deferDelay}, {@code maxDeferrals}) and then goes to {@code error}; a message
 * that cannot be signed whatever the key (unparseable for DKIM) is held in the quarantine ({@code quarantineProcessor},
 * rule {@code DKIM_UNSIGNABLE}, check {@code dkim}): released, it leaves unsigned. Never unsigned to the Internet when it
 * should be signed, unless an administrator releases it. Belongs in the outbound processor after every step that
 * changes the message (the disclaimer), and once more first in the {@code transport} processor (matcher
 * {@code HasMailAttribute=org.gatehouse.dkimSignAfterInbound}): a relay tenant's part to another tenant's domain is
 * only marked in the outbound processor and signed there, after the recipients' tenant's inbound checks, which may tag
 * its Subject or add headers; its reason goes on the relay tenant's record.
 */
public class SignDkim extends GenericMailet {
    public static final String RULE = "DKIM_SIGNED";
    public static final String UNSIGNABLE = "DKIM_UNSIGNABLE";
    private static final Logger LOGGER = LoggerFactory.getLogger(SignDkim.class);

    private final JdbcDkimKeys keys;
    private final TenantDirectory directory;
    private final ActionExecutor executor;
    private final Clock clock;
    private StoreOutageDeferral deferral;
    private String quarantineProcessor;

    @Inject
    public SignDkim(JdbcDkimKeys keys, TenantDirectory directory, ActionExecutor executor) {
        this(keys, directory, executor, Clock.systemUTC());
    }

    SignDkim(JdbcDkimKeys keys, TenantDirectory directory, ActionExecutor executor, Clock clock) {
        this.keys = keys;
        this.directory = directory;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        deferral = StoreOutageDeferral.from(getMailetConfig());
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public java.util.Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> afterInbound = MailAttributes.get(mail, PipelineAttributes.DKIM_SIGN_AFTER_INBOUND);
        if (afterInbound.isPresent()) {
            signAfterInbound(mail, afterInbound.get());
            return;
        }
        Optional<TenantId> tenant = MailAttributes.get(mail, PipelineAttributes.TENANT).map(TenantId::of);
        Direction direction = MailAttributes.get(mail, PipelineAttributes.DIRECTION).map(Direction::parse).orElse(Direction.SYSTEM);
        if (tenant.isEmpty() || direction != Direction.OUTBOUND) {
            return;
        }
        Optional<String> record = MailAttributes.get(mail, PipelineAttributes.LOG_ID);
        if (MailAttributes.get(mail, PipelineAttributes.THEN_INBOUND).isPresent()) {
            // to another tenant's domain: its inbound checks may still tag the Subject or add headers, which would break a
            // signature made now; signed in the transport processor once they are done
            MailAttributes.set(mail, PipelineAttributes.DKIM_SIGN_AFTER_INBOUND, tenant.get().asString() + record.map(id -> " " + id).orElse(""));
            return;
        }
        try {
            sign(mail, tenant.get(), record, true);
        } catch (StoreException e) {
            deferral.defer(mail, getMailetContext(), e);
        } catch (SigningKey.UnreadableKeyException e) {
            // a tenant administrator can activate a new key: the mail waits for it rather than leave unsigned
            deferral.defer(mail, getMailetContext(), "DKIM key unreadable", e);
        }
    }

    /**
     * A relay tenant's mail to another tenant's domain, after that tenant's inbound checks: signed as the relay tenant,
     * its reason on the relay tenant's record. It goes to a tenant's own server, not to the Internet, so a message that
     * cannot be signed whatever the key is delivered unsigned with the reason rather than held.
     */
    private void signAfterInbound(Mail mail, String tenantAndRecord) throws MessagingException {
        String[] parts = tenantAndRecord.split(" ", 2);
        Optional<String> record = parts.length == 2 ? Optional.of(parts[1]) : Optional.empty();
        try {
            sign(mail, TenantId.of(parts[0]), record, false);
            mail.removeAttribute(AttributeName.of(PipelineAttributes.DKIM_SIGN_AFTER_INBOUND));
        } catch (StoreException e) {
            deferral.defer(mail, getMailetContext(), e);
        } catch (SigningKey.UnreadableKeyException e) {
            deferral.defer(mail, getMailetContext(), "DKIM key unreadable", e);
        }
    }

    private void sign(Mail mail, TenantId tenant, Optional<String> record, boolean holdUnsignable) throws MessagingException {
        Optional<DomainName> domain = fromDomain(mail.getMessage());
        if (domain.isEmpty() || directory.ownerOf(domain.get().asString()).filter(owner -> owner.id().equals(tenant)).isEmpty()) {
            return;
        }
        Optional<SigningKey> key = keys.signingKey(tenant, domain.get());
        if (key.isEmpty()) {
            return;
        }
        try {
            byte[] raw = sevenBit(mail);
            if (DkimSigning.signedBy(raw, domain.get())) {
                note(mail, record, "DKIM not signed again: the message already has a signature of d=" + domain.get().asString());
                return;
            }
            String field = DkimSigning.sign(raw, key.get(), clock.instant());
            byte[] top = (field + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] signed = new byte[top.length + raw.length];
            System.arraycopy(top, 0, signed, 0, top.length);
            System.arraycopy(raw, 0, signed, top.length, raw.length);
            HeaderEditing.replace(mail, signed);
        } catch (DkimSigning.SigningException e) {
            if (!e.messageFault()) {
                throw new SigningKey.UnreadableKeyException("the active key of " + domain.get().asString() + " was refused: " + e.getMessage(), e);
            }
            if (holdUnsignable) {
                hold(mail, tenant, domain.get(), e);
            } else {
                note(mail, record, "DKIM not signed: " + UNSIGNABLE + ": " + e.getMessage() + " (d=" + domain.get().asString()
                    + "); delivered unsigned to the recipients' tenant");
            }
            return;
        } catch (IOException e) {
            throw new MessagingException("DKIM signing of " + mail.getName() + " for tenant " + tenant.asString() + " failed: "
                + e.getMessage(), e);
        }
        LOGGER.debug("{} signed for tenant {}: d={} s={}", mail.getName(), tenant.asString(), domain.get().asString(),
            key.get().selector().asString());
        note(mail, record, RULE + " d=" + domain.get().asString() + " s=" + key.get().selector().asString());
    }

    private static void note(Mail mail, Optional<String> record, String reason) {
        record.ifPresent(id -> PendingReasons.addFor(mail, id, List.of(reason)));
    }

    /** Held for the tenant administrator; a release skips this check and the message leaves unsigned. */
    private void hold(Mail mail, TenantId tenant, DomainName domain, DkimSigning.SigningException e) throws MessagingException {
        String reason = UNSIGNABLE + ": " + e.getMessage() + " (d=" + domain.asString() + ")";
        ActionPlan plan = ActionPlan.builder(HoldingCheck.DKIM, Action.QUARANTINE, List.of(UNSIGNABLE), "cannot be DKIM-signed for "
                + domain.asString())
            .holdProcessor(quarantineProcessor)
            .reasons(List.of(reason))
            .build();
        executor.execute(mail, tenant, plan, getMailetContext(), "transport");
    }

    /**
     * The bytes as they will be sent: a message with 8-bit bytes gets its 8bit parts made quoted-printable or base64,
     * which no relay without 8BITMIME then changes; one JavaMail cannot convert is signed as it is.
     */
    private byte[] sevenBit(Mail mail) throws MessagingException, IOException {
        byte[] raw = bytes(mail.getMessage());
        if (!hasEightBitBytes(raw)) {
            return raw;
        }
        try {
            MimeMessage message = mail.getMessage();
            new Converter7Bit(getMailetContext()).convertTo7Bit(message);
            return bytes(message);
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.info("{}: not converted to 7 bit before DKIM signing ({}); signed as it is", mail.getName(), e.toString());
            return raw;
        }
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static boolean hasEightBitBytes(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** The domain of the (first) From address; none when From is missing or unreadable. */
    static Optional<DomainName> fromDomain(MimeMessage message) throws MessagingException {
        String[] from = message.getHeader("From");
        if (from == null || from.length == 0) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], false);
            if (addresses.length == 0 || addresses[0].getAddress() == null || !addresses[0].getAddress().contains("@")) {
                return Optional.empty();
            }
            String address = addresses[0].getAddress();
            return Optional.of(DomainName.of(address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)));
        } catch (AddressException | InvalidFieldException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse outbound DKIM signing";
    }
}
