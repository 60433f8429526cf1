package org.gatehouse.scoring;

import java.util.Locale;

/** What kind of mail a message is, from its headers and wording; tenants decide per category what to do. */
public enum Category {
    /** Person-to-person or business mail with no bulk evidence (the default). */
    CORPORATE,
    /** Mail triggered by the recipient's own action: receipts, order notices, password resets, codes. */
    TRANSACTIONAL,
    /** Commercial mail the recipient can unsubscribe from (List-Unsubscribe, Feedback-ID) but that is no list. */
    MARKETING,
    /** A discussion or announcement list (List-Id, List-Post, Precedence: list). */
    MAILING_LIST,
    /** Notifications from social networks, recognised by their sender domains. */
    SOCIAL_MEDIA,
    /** Mass mail without an unsubscribe link: Precedence bulk/junk or a bulk-sender platform's headers. */
    BULK;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
