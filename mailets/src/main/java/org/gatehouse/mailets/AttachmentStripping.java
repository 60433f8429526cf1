package org.gatehouse.mailets;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.gatehouse.content.ContentPolicy;

/**
 * Removes the attachments a content policy strips, by their IMAP section numbers (the numbering of the content
 * inspection), and adds a text part saying what was removed and why. The rest of the message is kept as it was;
 * a multipart left empty is removed with its parts; the result is valid MIME (a non-multipart message whose body is
 * stripped gets the note as its body). A signed message's signature no longer verifies once a part is removed.
 */
final class AttachmentStripping {
    private static final int MAX_LISTED = 50;

    /** @return how many parts were removed (0 when no section named a part of this message) */
    static int strip(MimeMessage message, List<ContentPolicy.Strip> strips, String heldAs) throws MessagingException {
        Set<String> sections = strips.stream().map(ContentPolicy.Strip::section).collect(Collectors.toSet());
        Object content = content(message);
        int removed;
        MimeMultipart result;
        if (content instanceof MimeMultipart root) {
            removed = remove(root, "", sections);
            if (removed == 0) {
                return 0;
            }
            result = root.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/mixed") ? root : wrap(root);
        } else if (sections.contains("1")) {
            // a message that is one part: the whole body goes
            removed = 1;
            result = new MimeMultipart("mixed");
        } else {
            return 0;
        }
        result.addBodyPart(note(strips, heldAs));
        String messageId = message.getMessageID();
        message.setContent(result);
        message.saveChanges();
        if (messageId != null) {
            // the same message, without some attachments: it keeps its identity (javax.mail would make up a new one)
            message.setHeader("Message-ID", messageId);
        }
        return removed;
    }

    private static Object content(MimeMessage message) throws MessagingException {
        try {
            return message.getContent();
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message to strip its attachments", e);
        }
    }

    /** Removes the listed sections under this multipart, deepest first; an emptied nested multipart goes too. */
    private static int remove(MimeMultipart multipart, String prefix, Set<String> sections) throws MessagingException {
        int removed = 0;
        for (int index = multipart.getCount() - 1; index >= 0; index--) {
            String section = prefix + (index + 1);
            BodyPart part = multipart.getBodyPart(index);
            if (sections.contains(section)) {
                multipart.removeBodyPart(index);
                removed++;
            } else if (part.isMimeType("multipart/*")) {
                Object nested = bodyContent(part);
                if (nested instanceof MimeMultipart inner) {
                    int removedInside = remove(inner, section + ".", sections);
                    if (removedInside > 0) {
                        removed += removedInside;
                        if (inner.getCount() == 0) {
                            multipart.removeBodyPart(index);
                        } else {
                            part.setContent(inner);
                        }
                    }
                }
            }
        }
        return removed;
    }

    private static Object bodyContent(BodyPart part) throws MessagingException {
        try {
            return part.getContent();
        } catch (IOException e) {
            throw new MessagingException("Cannot read a part of the message to strip its attachments", e);
        }
    }

    /** A multipart/alternative or related message with something stripped: the kept part and the note side by side. */
    private static MimeMultipart wrap(MimeMultipart kept) throws MessagingException {
        MimeMultipart mixed = new MimeMultipart("mixed");
        if (kept.getCount() > 0) {
            MimeBodyPart holder = new MimeBodyPart();
            holder.setContent(kept);
            mixed.addBodyPart(holder);
        }
        return mixed;
    }

    private static MimeBodyPart note(List<ContentPolicy.Strip> strips, String heldAs) throws MessagingException {
        StringBuilder text = new StringBuilder("Gatehouse removed ")
            .append(strips.size() == 1 ? "an attachment" : strips.size() + " attachments")
            .append(" from this message under your organisation's content policy:\n\n");
        strips.stream().limit(MAX_LISTED).forEach(strip -> text.append("- ").append(printable(strip.path())).append("\n  ")
            .append(printable(strip.reason())).append('\n'));
        if (strips.size() > MAX_LISTED) {
            text.append("- and ").append(strips.size() - MAX_LISTED).append(" more\n");
        }
        text.append("\nThe original message is kept in the quarantine as ").append(heldAs)
            .append(". Ask your administrator if you need it.\n");
        MimeBodyPart note = new MimeBodyPart();
        note.setText(text.toString(), "UTF-8");
        note.setDisposition(javax.mail.Part.INLINE);
        note.setHeader("Content-Description", "Attachments removed by Gatehouse");
        return note;
    }

    /** Names and reasons come from the message: no control characters, bounded. */
    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
    }

    private AttachmentStripping() {
    }
}
