package org.gatehouse.webadmin;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.gatehouse.quarantine.QuarantineEntry;
import org.jsoup.nodes.Entities;

/**
 * The self-service pages, as HTML built from escaped text only: subjects, senders and reasons come from strangers,
 * so each is escaped for its context (element text or attribute value) and the pages carry no script.
 */
final class SelfServicePages {
    /**
     * One action button: the label, the signed token the form posts, and the form's CSRF value when the button has its
     * own (derived from its token); without one, the page's value.
     */
    record Button(String label, String token, Optional<String> csrf) {
        Button(String label, String token) {
            this(label, token, Optional.empty());
        }
    }

    /** One row of the list page. */
    record Row(QuarantineEntry entry, List<Button> buttons) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String STYLE = "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
        + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}"
        + "form{display:inline}button{margin:.1em}.note{color:#555}";

    static String escape(String text) {
        return Entities.escape(text == null ? "" : text);
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><h1>" + escape(title) + "</h1>"
            + body + "</body></html>";
    }

    static String message(String title, String text) {
        return page(title, "<p>" + escape(text) + "</p>");
    }

    static String confirmation(QuarantineEntry entry, String question, String buttonLabel, String token, String csrf) {
        return page("Quarantined message", describe(entry)
            + "<p>" + escape(question) + "</p>"
            + form(new Button(buttonLabel, token), csrf)
            + "<p class=\"note\">Nothing happens until you press the button.</p>");
    }

    static String list(String recipient, List<Row> rows, String csrf) {
        StringBuilder body = new StringBuilder("<p>Messages held for <b>" + escape(recipient) + "</b>.</p>");
        if (rows.isEmpty()) {
            body.append("<p>Nothing is held for you.</p>");
            return page("Your quarantined messages", body.toString());
        }
        body.append("<table><tr><th>Received</th><th>From</th><th>Subject</th><th>Why</th><th></th></tr>");
        for (Row row : rows) {
            QuarantineEntry entry = row.entry();
            body.append("<tr><td>").append(escape(DATE.format(entry.receivedAt()))).append("</td><td>")
                .append(escape(entry.sender().isEmpty() ? "(no sender)" : entry.sender())).append("</td><td>")
                .append(escape(entry.subject())).append("</td><td>")
                .append(escape(entry.family().asString() + ": " + String.join(", ", entry.reasons()))).append("</td><td>");
            for (Button button : row.buttons()) {
                body.append(form(button, button.csrf().orElse(csrf)));
            }
            body.append("</td></tr>");
        }
        body.append("</table>");
        return page("Your quarantined messages", body.toString());
    }

    private static String describe(QuarantineEntry entry) {
        return "<table><tr><th>From</th><td>" + escape(entry.sender().isEmpty() ? "(no sender)" : entry.sender()) + "</td></tr>"
            + "<tr><th>Subject</th><td>" + escape(entry.subject()) + "</td></tr>"
            + "<tr><th>Received</th><td>" + escape(DATE.format(entry.receivedAt())) + "</td></tr>"
            + "<tr><th>Why it was held</th><td>" + escape(entry.family().asString() + ": " + String.join(", ", entry.reasons()))
            + "</td></tr></table>";
    }

    private static String form(Button button, String csrf) {
        return "<form method=\"post\" action=\"" + SelfServiceServer.ACTION_PATH + "\">"
            + "<input type=\"hidden\" name=\"token\" value=\"" + escape(button.token()) + "\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">"
            + "<button type=\"submit\">" + escape(button.label()) + "</button></form>";
    }

    private SelfServicePages() {
    }
}
