package org.gatehouse.mailets;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.quarantine.HoldingCheck;

import com.google.common.collect.ImmutableList;

/**
 * Removes header fields, like James's {@code RemoveMimeHeader}, from messages JavaMail cannot write back too (a
 * multipart without its start boundary): see {@link HeaderEditing}. Placed before {@code RemoveMimeHeader} in the
 * transport processor, it leaves that one nothing to remove, so it never re-serializes a broken message.
 * Parameters: {@code name} (comma-separated field names, required), {@code quarantineProcessor} (default
 * {@code quarantine}: where a message that cannot be changed at all is held).
 */
public class RemoveHeader extends GenericMailet {
    private List<String> names;
    private String quarantineProcessor;

    @Override
    public void init() throws MessagingException {
        names = Arrays.stream(Optional.ofNullable(getInitParameter("name")).orElse("").split(","))
            .map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new MailetException("RemoveHeader: the 'name' parameter (comma-separated header names) is required");
        }
        quarantineProcessor = Optional.ofNullable(getInitParameter("quarantineProcessor")).orElse("quarantine");
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return ImmutableList.of(new ProcessingState(quarantineProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        HeaderEdits edits = HeaderEdits.none();
        for (String name : names) {
            if (message.getHeader(name) != null) {
                edits = edits.remove(name);
            }
        }
        HeaderEditing.apply(mail, edits, HoldingCheck.CONTENT, quarantineProcessor);
    }

    @Override
    public String getMailetInfo() {
        return "Gatehouse header removal";
    }
}
