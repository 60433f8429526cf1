package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A lenient address-list reader, as SpamAssassin's {@code parse_header_addresses} is: a phrase and an address each. */
final class Addresses {
    record Parsed(Optional<String> name, Optional<String> address) {
    }

    private Addresses() {
    }

    static List<Parsed> parse(String value) {
        List<Parsed> parsed = new ArrayList<>();
        for (String item : split(value.strip())) {
            String text = item.strip();
            if (text.isEmpty()) {
                continue;
            }
            int colon = text.indexOf(':');
            if (colon > 0 && text.indexOf('<') < 0 && text.indexOf('"') < 0 && !text.substring(0, colon).contains("@")) {
                // a group's name
                text = text.substring(colon + 1).replace(";", "").strip();
                if (text.isEmpty()) {
                    continue;
                }
            }
            int open = text.lastIndexOf('<');
            int close = text.lastIndexOf('>');
            if (open >= 0 && close > open) {
                String address = text.substring(open + 1, close).strip();
                String name = unquote(text.substring(0, open).strip());
                parsed.add(new Parsed(name.isEmpty() ? Optional.empty() : Optional.of(name), Optional.of(address)));
            } else {
                String comment = "";
                int paren = text.indexOf('(');
                if (paren >= 0) {
                    int end = text.lastIndexOf(')');
                    comment = text.substring(paren + 1, end > paren ? end : text.length()).strip();
                    text = (text.substring(0, paren) + (end > paren ? text.substring(end + 1) : "")).strip();
                }
                String address = text.replaceAll("\\s+", "");
                parsed.add(new Parsed(comment.isEmpty() ? Optional.empty() : Optional.of(comment),
                    address.isEmpty() ? Optional.empty() : Optional.of(address)));
            }
        }
        return parsed;
    }

    private static String unquote(String name) {
        String text = name;
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).replace("\\\"", "\"");
        }
        return text;
    }

    private static List<String> split(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int paren = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"' && paren == 0) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && c == '(') {
                paren++;
            } else if (!quoted && c == ')' && paren > 0) {
                paren--;
            } else if (c == ',' && !quoted && angle == 0 && paren == 0) {
                items.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        items.add(current.toString());
        return items;
    }
}
