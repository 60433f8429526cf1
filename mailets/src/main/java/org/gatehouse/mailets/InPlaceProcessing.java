package org.gatehouse.mailets;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.mailet.HostAddress;
import org.apache.mailet.LookupException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.TemporaryLookupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's mailet context, except that mail handed to one processor ({@link RemoteDelivery}'s {@code onSuccess}) is
 * processed at once on the calling thread instead of through the spool. Anything else, and that processor's mail when
 * it cannot be processed in place, goes to James's context unchanged.
 */
final class InPlaceProcessing implements MailetContext {
    private static final Logger LOGGER = LoggerFactory.getLogger(InPlaceProcessing.class);

    private final MailetContext james;
    private final String state;
    private final Provider<MailProcessor> processors;

    InPlaceProcessing(MailetContext james, String state, Provider<MailProcessor> processors) {
        this.james = james;
        this.state = state;
        this.processors = processors;
    }

    @Override
    public void sendMail(Mail mail, String state) throws MessagingException {
        if (this.state.equals(state) && processedInPlace(mail)) {
            return;
        }
        james.sendMail(mail, state);
    }

    /**
     * Runs the processor on a copy of the mail (the caller disposes of its own). False when that could not be done: the
     * caller then sends the mail through the spool, where the processor runs again from its start.
     */
    private boolean processedInPlace(Mail mail) {
        Mail copy = null;
        try {
            copy = mail.duplicate();
            copy.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
            copy.setState(state);
            processors.get().service(copy);
            return true;
        } catch (Exception e) {
            LOGGER.warn("Processing {} in place in '{}' failed, sending it through the spool: {}", mail.getName(), state, e.toString());
            return false;
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    @Override
    public void sendMail(Mail mail, String state, long delay, TimeUnit unit) throws MessagingException {
        james.sendMail(mail, state, delay, unit);
    }

    @Override
    public void sendMail(Mail mail) throws MessagingException {
        james.sendMail(mail);
    }

    @Override
    public void sendMail(Mail mail, long delay, TimeUnit unit) throws MessagingException {
        james.sendMail(mail, delay, unit);
    }

    @Override
    public void sendMail(MimeMessage message) throws MessagingException {
        james.sendMail(message);
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message) throws MessagingException {
        james.sendMail(sender, recipients, message);
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String state)
        throws MessagingException {
        james.sendMail(sender, recipients, message, state);
    }

    @Override
    public void bounce(Mail mail, String message) throws MessagingException {
        james.bounce(mail, message);
    }

    @Override
    public void bounce(Mail mail, String message, MailAddress bouncer) throws MessagingException {
        james.bounce(mail, message, bouncer);
    }

    @Override
    public List<String> dnsLookup(String name, RecordType type) throws TemporaryLookupException, LookupException {
        return james.dnsLookup(name, type);
    }

    @Override
    public Logger getLogger() {
        return james.getLogger();
    }

    @Override
    public MailAddress getPostmaster() {
        return james.getPostmaster();
    }

    @Override
    public boolean isLocalServer(Domain domain) {
        return james.isLocalServer(domain);
    }

    @Override
    public boolean isLocalEmail(MailAddress mailAddress) {
        return james.isLocalEmail(mailAddress);
    }

    @Override
    public Collection<MailAddress> localRecipients(Collection<MailAddress> recipients) {
        return james.localRecipients(recipients);
    }

    @Override
    @Deprecated
    public int getMajorVersion() {
        return james.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return james.getMinorVersion();
    }

    @Override
    public String getServerInfo() {
        return james.getServerInfo();
    }

    @Override
    @Deprecated
    public Iterator<String> getAttributeNames() {
        return james.getAttributeNames();
    }

    @Override
    @Deprecated
    public Object getAttribute(String name) {
        return james.getAttribute(name);
    }

    @Override
    @Deprecated
    public void setAttribute(String name, Object value) {
        james.setAttribute(name, value);
    }

    @Override
    @Deprecated
    public void removeAttribute(String name) {
        james.removeAttribute(name);
    }

    @Override
    @Deprecated
    public void log(String message) {
        james.log(message);
    }

    @Override
    @Deprecated
    public void log(String message, Throwable t) {
        james.log(message, t);
    }

    @Override
    @Deprecated
    public void log(LogLevel level, String message) {
        james.log(level, message);
    }

    @Override
    @Deprecated
    public void log(LogLevel level, String message, Throwable t) {
        james.log(level, message, t);
    }

    @Override
    @Deprecated
    public boolean isLocalUser(String userAccount) {
        return james.isLocalUser(userAccount);
    }

    @Override
    @Deprecated
    public Collection<String> getMailServers(Domain domain) {
        return james.getMailServers(domain);
    }

    @Override
    @Deprecated
    public Iterator<HostAddress> getSMTPHostAddresses(Domain domain) {
        return james.getSMTPHostAddresses(domain);
    }
}
