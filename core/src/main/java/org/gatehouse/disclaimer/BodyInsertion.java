package org.gatehouse.disclaimer;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Inserts a disclaimer into a decoded message body, plain text or HTML, and tells whether a body already holds one
 * (quoted in a reply or not), so that a reply chain never collects copies.
 */
public final class BodyInsertion {
    /** The line between the author's text and a plain-text disclaimer. */
    public static final String TEXT_SEPARATOR = "________________________________";
    /** The class of the {@code div} holding an HTML disclaimer. */
    public static final String HTML_CLASS = "gatehouse-disclaimer";

    private static final Pattern BODY_OPEN = Pattern.compile("<body\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_CLOSE = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEAD_CLOSE = Pattern.compile("</head\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_CLOSE = Pattern.compile("</html\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTE_MARKERS = Pattern.compile("^(\\s*>)+");
    private static final Pattern BLANKS = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\u200B\\uFEFF]+");

    /**
     * The text with the disclaimer above it (then the separator line) or below it (after the separator line), in the
     * body's own line breaks (CR LF when it has any, LF otherwise).
     */
    public static String intoText(String body, Disclaimer disclaimer) {
        String newLine = body.contains("\n") && !body.contains("\r\n") ? "\n" : "\r\n";
        String text = disclaimer.text().replace("\n", newLine);
        StringBuilder out = new StringBuilder(body.length() + text.length() + 64);
        if (disclaimer.position() == DisclaimerPosition.TOP) {
            out.append(text).append(newLine).append(TEXT_SEPARATOR).append(newLine);
            if (!body.isEmpty()) {
                out.append(newLine).append(body);
            }
            return out.toString();
        }
        out.append(body);
        if (!body.isEmpty()) {
            if (!body.endsWith("\n")) {
                out.append(newLine);
            }
            out.append(newLine);
        }
        return out.append(TEXT_SEPARATOR).append(newLine).append(text).append(newLine).toString();
    }

    /**
     * The HTML with the disclaimer in a {@code div}: for the bottom, before {@code </body>} (or {@code </html>}, or at
     * the end); for the top, right after {@code <body>} (or {@code </head>}, or at the start). Characters the part's
     * charset cannot encode are written as numeric character references, so the part keeps its charset and any
     * {@code <meta charset>} stays true.
     */
    public static String intoHtml(String html, Disclaimer disclaimer, Charset charset) {
        boolean top = disclaimer.position() == DisclaimerPosition.TOP;
        String fragment = encodable("<div class=\"" + HTML_CLASS + "\">" + (top ? "" : "<hr>") + disclaimer.html()
            + (top ? "<hr>" : "") + "</div>", charset);
        int at;
        if (top) {
            at = firstEnd(html, BODY_OPEN);
            at = at >= 0 ? at : firstEnd(html, HEAD_CLOSE);
            at = Math.max(at, 0);
        } else {
            at = lastStart(html, BODY_CLOSE);
            at = at >= 0 ? at : lastStart(html, HTML_CLOSE);
            at = at >= 0 ? at : html.length();
        }
        return html.substring(0, at) + fragment + html.substring(at);
    }

    /** The text of the separate part added next to a signed or encrypted entity: every disclaimer, in order. */
    public static String asSeparateText(List<Disclaimer> disclaimers) {
        return disclaimers.stream().map(Disclaimer::text).collect(Collectors.joining("\n\n" + TEXT_SEPARATOR + "\n")) + "\n";
    }

    /**
     * Whether a plain-text body already holds the disclaimer, as its text or as the text of its HTML. Compared after
     * removing quote markers ({@code >}) at the start of lines, folding every run of whitespace into one space, and
     * ignoring case: a quoted and re-wrapped copy still counts.
     */
    public static boolean textHolds(String body, Disclaimer disclaimer) {
        return holds(comparable(body), disclaimer);
    }

    /** Whether an HTML body already holds the disclaimer, compared on the HTML's text as {@link #textHolds} does. */
    public static boolean htmlHolds(String html, Disclaimer disclaimer) {
        return holds(comparable(DisclaimerMarkup.toText(html)), disclaimer);
    }

    private static boolean holds(String comparableBody, Disclaimer disclaimer) {
        return comparableBody.contains(comparable(disclaimer.text()))
            || comparableBody.contains(comparable(DisclaimerMarkup.toText(disclaimer.html())));
    }

    static String comparable(String text) {
        String unquoted = text.lines().map(line -> QUOTE_MARKERS.matcher(line).replaceFirst("")).collect(Collectors.joining(" "));
        return BLANKS.matcher(unquoted).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    private static String encodable(String fragment, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder();
        if (encoder.canEncode(fragment)) {
            return fragment;
        }
        StringBuilder out = new StringBuilder(fragment.length() + 32);
        fragment.codePoints().forEach(codePoint -> {
            String character = Character.toString(codePoint);
            if (encoder.canEncode(character)) {
                out.append(character);
            } else {
                out.append("&#x").append(Integer.toHexString(codePoint).toUpperCase(Locale.ROOT)).append(';');
            }
        });
        return out.toString();
    }

    private static int firstEnd(String html, Pattern pattern) {
        Matcher matcher = pattern.matcher(html);
        return matcher.find() ? matcher.end() : -1;
    }

    private static int lastStart(String html, Pattern pattern) {
        Matcher matcher = pattern.matcher(html);
        int last = -1;
        while (matcher.find()) {
            last = matcher.start();
        }
        return last;
    }

    private BodyInsertion() {
    }
}
