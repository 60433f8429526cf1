package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plugin::ReplaceTags: {@code <A>}-style tags in the rules listed by {@code replace_rules}, with pre/inter/post tags. */
final class ReplaceTags {
    private static final Pattern TAG = Pattern.compile("(<[^<>]+>)");

    private ReplaceTags() {
    }

    static String apply(String regex, RuleConfig config) {
        String start = Pattern.quote(config.replaceStart);
        String end = Pattern.quote(config.replaceEnd);
        String re = regex;
        boolean again;
        int passes = 0;
        do {
            again = false;
            String pre = extract(re, start + "pre (.+?)" + end);
            re = re.replaceFirst(start + "pre (.+?)" + end, "");
            String post = extract(re, start + "post (.+?)" + end);
            re = re.replaceFirst(start + "post (.+?)" + end, "");
            String inter = extract(re, start + "inter (.+?)" + end);
            re = re.replaceFirst(start + "inter (.+?)" + end, "");
            List<String> pieces = split(re);
            StringBuilder out = new StringBuilder();
            Pattern tag = Pattern.compile(start + "(.+?)" + end);
            for (String piece : pieces) {
                String current = piece;
                if (current.isEmpty() && inter != null && config.replaceInter.containsKey(inter)) {
                    current = config.replaceInter.get(inter);
                }
                Matcher matcher = tag.matcher(current);
                if (matcher.find()) {
                    String name = matcher.group(1);
                    String replacement = config.replaceTags.get(name);
                    String prefix = pre != null ? config.replacePre.getOrDefault(pre, "") : "";
                    String suffix = post != null ? config.replacePost.getOrDefault(post, "") : "";
                    if (replacement != null) {
                        current = prefix + current.replace(config.replaceStart + name + config.replaceEnd, replacement) + suffix;
                        again |= replacement.matches("(?s).*<[^>]+>.*");
                    } else {
                        current = prefix + current + suffix;
                    }
                }
                out.append(current);
            }
            re = out.toString();
            passes++;
        } while (again && passes <= 5);
        return re;
    }

    private static String extract(String re, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(re);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Perl's split with a capture group: text, tag, text, tag..., an empty text between adjacent tags. */
    private static List<String> split(String re) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = TAG.matcher(re);
        int at = 0;
        while (matcher.find()) {
            pieces.add(re.substring(at, matcher.start()));
            pieces.add(matcher.group(1));
            at = matcher.end();
        }
        pieces.add(re.substring(at));
        // Perl drops trailing empty fields
        while (!pieces.isEmpty() && pieces.get(pieces.size() - 1).isEmpty()) {
            pieces.remove(pieces.size() - 1);
        }
        return pieces;
    }
}
