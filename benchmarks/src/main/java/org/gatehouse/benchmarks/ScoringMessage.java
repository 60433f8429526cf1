package org.gatehouse.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The scoring benchmark's message: a legitimate ~10 KB newsletter as it arrives at the gateway, with the headers
 * three relays and the sender's platform add, and a multipart/alternative body (text and HTML) carrying links.
 */
final class ScoringMessage {
    static final int TARGET_SIZE = 10 * 1024;

    private static final String[] PARAGRAPHS = {
        "Our engineering team spent the last quarter rebuilding the storage layer that keeps your project history."
            + " Snapshots now complete in a third of the time, and restoring a single folder no longer needs a full"
            + " download of the archive.",
        "The release also brings the reporting dashboard many of you asked for at the user meeting in March: weekly"
            + " activity per team, open review requests and the time from first commit to deployment, all exportable"
            + " as CSV.",
        "If you manage several workspaces, the new billing page groups invoices per cost centre. Nothing changes in"
            + " your plan or your price; the old page stays available until the end of the year.",
        "We will hold two open question sessions next week, on Tuesday at 10:00 and on Thursday at 16:00 (Central"
            + " European Time). Bring your questions about migration, access control or the command line tools.",
        "Thanks to everyone who reported problems with the calendar integration. The fix shipped on Monday; if your"
            + " events still show the wrong time zone, reconnect the calendar from your profile settings.",
    };
    private static final String[] LINKS = {
        "https://www.example-software.com/blog/storage-rebuild",
        "https://www.example-software.com/docs/restore",
        "https://www.example-software.com/reports/weekly",
        "https://www.example-software.com/docs/export-csv",
        "https://www.example-software.com/billing",
        "https://events.example-software.com/office-hours/tuesday",
        "https://events.example-software.com/office-hours/thursday",
        "https://status.example-software.com/incidents/2026-11-16",
        "https://www.example-software.com/account/profile",
        "https://community.example-software.com/t/calendar-time-zones",
        "https://www.example-software.com/changelog",
        "https://www.example-software.com/preferences/email",
    };

    private ScoringMessage() {
    }

    /** The message's bytes, {@link #TARGET_SIZE} give or take a paragraph. */
    static byte[] create() {
        String headers = String.join("\r\n",
            "Return-Path: <bounces+4711@mail.example-software.com>",
            "Received: from mx1.example-software.com (mx1.example-software.com [198.51.100.25])",
            "\tby mx.customer.example (Gatehouse) with ESMTPS id 4Jx2Lq0dK3z9sPn",
            "\tfor <alice@customer.example>; Mon, 23 Nov 2026 09:58:12 +0000",
            "Received: from app-7.internal.example-software.com (app-7.internal.example-software.com [10.20.3.7])",
            "\tby mx1.example-software.com (Postfix) with ESMTP id 9A1B2C3D4E",
            "\tfor <alice@customer.example>; Mon, 23 Nov 2026 09:58:11 +0000 (UTC)",
            "Received: by app-7.internal.example-software.com (Postfix, from userid 1001)",
            "\tid 5F6E7D8C9B; Mon, 23 Nov 2026 09:58:10 +0000 (UTC)",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example-software.com; s=news;",
            "\th=from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe;",
            "\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;",
            "\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSwganVzdCBpdHMgc2l6ZSBhbmQgc2hhcGUgZm9yIHRoZSBiZW5jaG1hcmsu",
            "\t Zm9yIHRoZSBiZW5jaG1hcmsgb25seQ==",
            "Date: Mon, 23 Nov 2026 09:58:10 +0000",
            "From: Example Software News <news@example-software.com>",
            "Reply-To: Example Software Support <support@example-software.com>",
            "To: Alice Martin <alice@customer.example>",
            "Subject: What's new in November: faster restores and weekly team reports",
            "Message-ID: <20261123095810.5F6E7D8C9B@app-7.internal.example-software.com>",
            "MIME-Version: 1.0",
            "List-Unsubscribe: <https://www.example-software.com/unsubscribe/4711>, <mailto:unsubscribe-4711@example-software.com>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Content-Type: multipart/alternative; boundary=\"=_alt_2f9c1e\"");
        StringBuilder text = new StringBuilder("Hello Alice,\r\n\r\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>November news</title>"
            + "<style>body{font-family:Arial,sans-serif;color:#222}a{color:#0a58ca}</style></head><body>\r\n"
            + "<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\"><tr><td>"
            + "<img src=\"https://cdn.example-software.com/img/logo.png\" alt=\"Example Software\" width=\"160\"></td></tr>\r\n"
            + "<tr><td><p>Hello Alice,</p>\r\n");
        int link = 0;
        while (headers.length() + text.length() + html.length() < TARGET_SIZE - 600) {
            String paragraph = PARAGRAPHS[link % PARAGRAPHS.length];
            String target = LINKS[link % LINKS.length];
            text.append(wrap(paragraph)).append("Read more: ").append(target).append("\r\n\r\n");
            html.append("<p>").append(paragraph).append(" <a href=\"").append(target).append("\">Read more</a></p>\r\n");
            link++;
        }
        text.append("You receive this because you subscribed to product news.\r\nUnsubscribe: ")
            .append("https://www.example-software.com/unsubscribe/4711\r\n");
        html.append("<p style=\"font-size:12px;color:#666\">You receive this because you subscribed to product news."
            + " <a href=\"https://www.example-software.com/unsubscribe/4711\">Unsubscribe</a></p></td></tr></table>"
            + "</body></html>\r\n");
        String message = headers + "\r\n\r\n"
            + "This is a multi-part message in MIME format.\r\n\r\n"
            + "--=_alt_2f9c1e\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + text + "\r\n"
            + "--=_alt_2f9c1e\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + wrapHtml(html.toString()) + "\r\n"
            + "--=_alt_2f9c1e--\r\n";
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** Folds text at 76 columns, as mail clients send it. */
    private static String wrap(String paragraph) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : paragraph.split(" ")) {
            if (column > 0 && column + 1 + word.length() > 76) {
                out.append("\r\n");
                column = 0;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.append("\r\n").toString();
    }

    /** Keeps HTML lines under SMTP's 998-octet limit by breaking after a tag. */
    private static String wrapHtml(String html) {
        return html.replace("</p>", "</p>\r\n").replace("\r\n\r\n", "\r\n");
    }
}
