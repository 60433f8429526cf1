package org.gatehouse.message;

/** Hostile test messages: a part wrapped in many levels of multipart/mixed. */
public final class NestedMime {
    /**
     * {@code leaf} (a part: its header fields, a blank line, its body) inside {@code levels} nested multipart/mixed
     * parts, as the header fields and body that follow a message's own header fields.
     */
    public static String around(int levels, String leaf) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int level = 1; level <= levels; level++) {
            open.append("Content-Type: multipart/mixed; boundary=\"b").append(level).append("\"\r\n\r\n--b").append(level).append("\r\n");
            close.insert(0, "\r\n--b" + level + "--\r\n");
        }
        return open + leaf + close;
    }

    /** A short text part inside {@code levels} nested multiparts, with a subject. */
    public static String message(int levels) {
        return "Subject: nested\r\nMIME-Version: 1.0\r\n" + around(levels, "Content-Type: text/plain\r\n\r\nhello\r\n");
    }

    private NestedMime() {
    }
}
