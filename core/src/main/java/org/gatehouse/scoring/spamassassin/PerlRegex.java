package org.gatehouse.scoring.spamassassin;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a SpamAssassin rule's Perl regular expression ({@code /re/flags}, {@code m{re}flags}, {@code m!re!flags})
 * to a {@link Pattern} with the same meaning where the two dialects differ: only {@code \n} ends a line (Perl's
 * {@code $} and {@code .}), {@code /x} leaves character classes alone, POSIX classes, literal {@code [} and {@code &}
 * inside classes, literal {@code {} that is no quantifier, {@code \g1} back references, {@code (?#...)} comments.
 * Constructs Java cannot express ({@code \K}, branch reset, {@code (?^...)}, case-changing escapes) are refused with
 * {@link Unsupported}, and the rule using them is skipped and reported.
 */
public final class PerlRegex {
    /** A Perl construct without a Java equivalent, or a regex Java refuses. */
    public static final class Unsupported extends Exception {
        public Unsupported(String message) {
            super(message);
        }
    }

    private PerlRegex() {
    }

    /** Compiles a delimited Perl regex with its trailing flags. */
    public static Pattern compile(String delimited) throws Unsupported {
        String text = delimited.trim();
        int start;
        char open;
        if (text.startsWith("m") && text.length() > 1 && !Character.isLetterOrDigit(text.charAt(1)) && !Character.isWhitespace(text.charAt(1))) {
            open = text.charAt(1);
            start = 2;
        } else if (text.startsWith("/")) {
            open = '/';
            start = 1;
        } else {
            throw new Unsupported("not a delimited regex: " + text);
        }
        char close = switch (open) {
            case '{' -> '}';
            case '(' -> ')';
            case '[' -> ']';
            case '<' -> '>';
            default -> open;
        };
        int end = text.lastIndexOf(close);
        if (end < start) {
            throw new Unsupported("unterminated regex: " + text);
        }
        String flags = text.substring(end + 1);
        if (!flags.matches("[imsxo]*")) {
            throw new Unsupported("unsupported regex flags '" + flags + "'");
        }
        String body = text.substring(start, end);
        if (open == close && open != '\\') {
            body = body.replace("\\" + open, escapeIfSpecial(open));
        }
        return compileBody(body, flags);
    }

    /** Compiles an undelimited Perl regex body with Perl flags. */
    public static Pattern compileBody(String body, String flags) throws Unsupported {
        String source = flags.contains("x") ? stripExtended(body) : body;
        String java = translate(source);
        int javaFlags = Pattern.UNIX_LINES;
        if (flags.contains("i")) {
            javaFlags |= Pattern.CASE_INSENSITIVE;
        }
        if (flags.contains("s")) {
            javaFlags |= Pattern.DOTALL;
        }
        if (flags.contains("m")) {
            javaFlags |= Pattern.MULTILINE;
        }
        try {
            return Pattern.compile(java, javaFlags);
        } catch (PatternSyntaxException | StackOverflowError e) {
            throw new Unsupported("Java refuses the translated regex: " + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static String escapeIfSpecial(char c) {
        return "\\^$.|?*+()[]{}".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    /** Perl's /x: whitespace and # comments removed outside character classes (Java's COMMENTS flag also strips them inside). */
    static String stripExtended(String body) {
        StringBuilder out = new StringBuilder(body.length());
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                out.append(c).append(body.charAt(++i));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < body.length() && body.charAt(i + 1) == '^') {
                    out.append(body.charAt(++i));
                }
                if (i + 1 < body.length() && body.charAt(i + 1) == ']') {
                    out.append(body.charAt(++i));
                }
            } else if (c == '#') {
                while (i < body.length() && body.charAt(i) != '\n') {
                    i++;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String translate(String perl) throws Unsupported {
        StringBuilder out = new StringBuilder(perl.length() + 16);
        boolean inClass = false;
        int classStart = -1;
        for (int i = 0; i < perl.length(); i++) {
            char c = perl.charAt(i);
            if (c == '\\') {
                if (i + 1 >= perl.length()) {
                    throw new Unsupported("trailing backslash");
                }
                char next = perl.charAt(++i);
                switch (next) {
                    case 'K', 'C', 'l', 'u', 'L', 'U', 'N', 'o' -> throw new Unsupported("\\" + next + " has no Java equivalent");
                    case 'g' -> {
                        int j = i + 1;
                        boolean braced = j < perl.length() && perl.charAt(j) == '{';
                        int digits = braced ? j + 1 : j;
                        int k = digits;
                        while (k < perl.length() && Character.isDigit(perl.charAt(k))) {
                            k++;
                        }
                        if (k == digits) {
                            throw new Unsupported("\\g without a group number");
                        }
                        out.append('\\').append(perl, digits, k);
                        i = braced ? k : k - 1;
                    }
                    case 'z', 'Z', 'A', 'b', 'B', 'G' -> {
                        if (inClass) {
                            throw new Unsupported("\\" + next + " inside a character class");
                        }
                        out.append('\\').append(next);
                    }
                    default -> {
                        if (Character.isLetterOrDigit(next) || !inClass) {
                            out.append('\\').append(next);
                        } else {
                            out.append('\\').append(next);
                        }
                    }
                }
                continue;
            }
            if (inClass) {
                if (c == ']' && i > classStart) {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' && perl.startsWith("[:", i)) {
                    int endPosix = perl.indexOf(":]", i + 2);
                    if (endPosix < 0) {
                        out.append("\\[");
                        continue;
                    }
                    String name = perl.substring(i + 2, endPosix);
                    boolean negated = name.startsWith("^");
                    out.append(posix(negated ? name.substring(1) : name, negated));
                    i = endPosix + 1;
                } else if (c == '[' || c == '&' || (c == ']')) {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    out.append(c);
                    if (i + 1 < perl.length() && perl.charAt(i + 1) == '^') {
                        out.append('^');
                        i++;
                    }
                    // a ']' first in a class is literal in Perl
                    if (i + 1 < perl.length() && perl.charAt(i + 1) == ']') {
                        out.append("\\]");
                        i++;
                    }
                    classStart = i + 1;
                }
                case '{' -> {
                    int closeAt = perl.indexOf('}', i);
                    boolean quantifier = closeAt > i && out.length() > 0 && perl.substring(i + 1, closeAt).matches("\\d+(,\\d*)?");
                    out.append(quantifier ? "{" : "\\{");
                }
                case '}' -> {
                    int openAt = perl.lastIndexOf('{', i);
                    boolean quantifier = openAt >= 0 && perl.substring(openAt + 1, i).matches("\\d+(,\\d*)?") && openAt > 0
                        && (openAt == 0 || perl.charAt(openAt - 1) != '\\');
                    out.append(quantifier ? "}" : "\\}");
                }
                case '(' -> {
                    if (perl.startsWith("(?#", i)) {
                        int closeAt = perl.indexOf(')', i);
                        if (closeAt < 0) {
                            throw new Unsupported("unterminated (?# comment");
                        }
                        i = closeAt;
                    } else if (perl.startsWith("(?|", i) || perl.startsWith("(?^", i) || perl.startsWith("(?{", i)
                        || perl.startsWith("(??{", i) || perl.startsWith("(?R", i) || perl.startsWith("(?&", i)
                        || perl.startsWith("(?P", i) || recursion(perl, i)) {
                        throw new Unsupported("Perl-only group construct at " + i);
                    } else {
                        out.append(c);
                    }
                }
                case '$' -> {
                    if (i + 1 < perl.length() && (perl.charAt(i + 1) == '{' || Character.isLetter(perl.charAt(i + 1)))) {
                        throw new Unsupported("variable interpolation");
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        if (inClass) {
            throw new Unsupported("unterminated character class");
        }
        return out.toString();
    }

    private static boolean recursion(String perl, int at) {
        int i = at + 2;
        if (!perl.startsWith("(?", at) || i >= perl.length()) {
            return false;
        }
        char c = perl.charAt(i);
        if ((c == '+' || c == '-') && i + 1 < perl.length()) {
            c = perl.charAt(i + 1);
        }
        return Character.isDigit(c);
    }

    private static String posix(String name, boolean negated) throws Unsupported {
        String java = switch (name) {
            case "alpha" -> "Alpha";
            case "digit" -> "Digit";
            case "alnum" -> "Alnum";
            case "upper" -> "Upper";
            case "lower" -> "Lower";
            case "space" -> "Space";
            case "punct" -> "Punct";
            case "print" -> "Print";
            case "graph" -> "Graph";
            case "cntrl" -> "Cntrl";
            case "xdigit" -> "XDigit";
            case "blank" -> "Blank";
            case "ascii" -> "ASCII";
            case "word" -> null;
            default -> throw new Unsupported("unknown POSIX class [:" + name + ":]");
        };
        if (java == null) {
            return negated ? "\\W" : "\\w";
        }
        return (negated ? "\\P{" : "\\p{") + java + "}";
    }
}
