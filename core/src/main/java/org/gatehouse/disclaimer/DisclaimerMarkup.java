package org.gatehouse.disclaimer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Converts disclaimer markup: sanitises admin HTML, renders HTML as plain text and plain text as HTML. */
final class DisclaimerMarkup {
    /**
     * Basic formatting and links only (jsoup's {@code Safelist.basic()}): no scripts, styles, event handlers, images
     * or forms; links are http, https, ftp or mailto and get {@code rel="nofollow"}.
     */
    private static final Safelist SAFELIST = Safelist.basic();
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
        "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr");
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \t]+\n");

    static String sanitize(String html) {
        Document.OutputSettings settings = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(html, "", SAFELIST, settings).trim();
    }

    /** The text a reader sees: block elements on their own lines, a link followed by its address when they differ. */
    static String toText(String html) {
        Document document = Jsoup.parse(html);
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    boolean preformatted = textNode.parentNode() instanceof Element parent && parent.normalName().equals("pre");
                    text.append(preformatted ? textNode.getWholeText() : textNode.getWholeText().replaceAll("\\s+", " "));
                } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newLine(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    if (BLOCKS.contains(element.normalName())) {
                        newLine(text);
                    } else if (element.normalName().equals("a")) {
                        String href = element.attr("href");
                        String address = href.toLowerCase(Locale.ROOT).startsWith("mailto:") ? href.substring(7) : href;
                        if (!address.isEmpty() && !element.text().trim().equals(address)) {
                            text.append(" <").append(address).append('>');
                        }
                    }
                }
            }
        }, document.body());
        String lines = TRAILING_SPACE.matcher(text.toString().replace("\n ", "\n")).replaceAll("\n");
        return BLANK_LINES.matcher(lines).replaceAll("\n\n").trim();
    }

    /** Escaped text, each line break a {@code <br>}. */
    static String fromText(String text) {
        return "<p>" + Entities.escape(text).replace("\n", "<br>") + "</p>";
    }

    private static void newLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    private DisclaimerMarkup() {
    }
}
