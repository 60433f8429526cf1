package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HtmlPart;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * What SpamAssassin's HTML renderer (HTML.pm) records about one HTML part, for HTMLEval's functions: the largest font
 * size, a bad font face, images and their area, the source length, the rendered non-blank length, comments, and the
 * text of links.
 */
record HtmlFacts(int maxSize, boolean fontFaceBad, boolean hasImage, int length, int nonSpaceLength, long imageArea,
                 List<String> comments, List<String> anchorTexts) {
    private static final Pattern GOOD_FACE = Pattern.compile(
        "(?i)^\\s*[\"'.]?[a-z ][a-z -]*[a-z]\\d?[\"']?(?:,\\s*[\"']?[a-z][a-z -]*[a-z]\\d?[\"']?)*;?$");
    private static final Pattern RELATIVE = Pattern.compile("^\\s*([+-]\\d+)");
    private static final Pattern ABSOLUTE = Pattern.compile("^\\s*(\\d+)");
    private static final Pattern DIMENSION = Pattern.compile("^(\\d+)(%)?$");

    static HtmlFacts of(HtmlPart part, String renderedText) {
        int[] maxSize = {3};
        int[] basefont = {3};
        boolean[] faceBad = {false};
        boolean[] image = {false};
        long[] area = {0};
        List<String> comments = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof Comment comment) {
                    comments.add("<!--" + comment.getData() + "-->");
                    return;
                }
                if (!(node instanceof Element element)) {
                    return;
                }
                String tag = element.normalName();
                if (tag.equals("basefont")) {
                    Matcher size = ABSOLUTE.matcher(element.attr("size"));
                    if (size.find()) {
                        basefont[0] = Integer.parseInt(size.group(1));
                    }
                }
                if (tag.equals("font") && element.hasAttr("size")) {
                    Matcher relative = RELATIVE.matcher(element.attr("size"));
                    Matcher absolute = ABSOLUTE.matcher(element.attr("size"));
                    if (relative.find()) {
                        maxSize[0] = Math.max(maxSize[0], basefont[0] + Integer.parseInt(relative.group(1)));
                    } else if (absolute.find()) {
                        maxSize[0] = Math.max(maxSize[0], (int) Math.min(Integer.MAX_VALUE, Long.parseLong(absolute.group(1).length() > 9
                            ? "999999999" : absolute.group(1))));
                    }
                }
                if (tag.equals("font") && element.hasAttr("face") && !GOOD_FACE.matcher(element.attr("face")).find()) {
                    faceBad[0] = true;
                }
                if (tag.equals("img")) {
                    image[0] = true;
                    long width = dimension(element.attr("width"), 8);
                    long height = dimension(element.attr("height"), 6);
                    area[0] += (width <= 0 ? 200 : width) * (height <= 0 ? 200 : height);
                }
                if (tag.equals("a")) {
                    StringBuilder text = new StringBuilder(element.text());
                    element.select("img").forEach(img -> text.append("<img>\n"));
                    anchors.add(text.toString());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                // nothing to close
            }
        }, part.document());
        String text = renderedText;
        int spaces = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                spaces++;
            }
        }
        // HTML.pm's length is the length of the HTML source, in SpamAssassin's bytes
        int length = SaMessage.bytes(part.html(), part.charset()).length();
        return new HtmlFacts(maxSize[0], faceBad[0], image[0], length, text.length() - spaces, area[0], List.copyOf(comments),
            List.copyOf(anchors));
    }

    private static long dimension(String value, int percentFactor) {
        Matcher matcher = DIMENSION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.find() || matcher.group(1).length() > 9) {
            return 0;
        }
        long number = Long.parseLong(matcher.group(1));
        return matcher.group(2) != null ? number * percentFactor : number;
    }
}
