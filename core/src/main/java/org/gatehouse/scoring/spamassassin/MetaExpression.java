package org.gatehouse.scoring.spamassassin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A meta rule's expression, as Perl evaluates it: rule names (their hit counts), numbers, {@code ! - * / + -},
 * comparisons, {@code && ||} and parentheses. Parsed once; evaluated per message.
 */
public final class MetaExpression {
    private interface Node {
        double value(ToDoubleFunction<String> rules);
    }

    private final Node root;
    private final Set<String> names;

    private MetaExpression(Node root, Set<String> names) {
        this.root = root;
        this.names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** @throws IllegalArgumentException when the expression is not one this grammar reads */
    public static MetaExpression parse(String text) {
        Parser parser = new Parser(tokens(text));
        Node node = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + parser.tokens.get(parser.position) + "' in " + text);
        }
        return new MetaExpression(node, parser.names);
    }

    /** The rule names the expression reads. */
    public Set<String> names() {
        return names;
    }

    public double evaluate(ToDoubleFunction<String> rules) {
        return root.value(rules);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            } else if (Character.isDigit(c) || c == '.') {
                int start = i;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("&&", "||", "<=", ">=", "==", "!=").contains(two)) {
                    tokens.add(two);
                    i += 2;
                } else if ("()!+-*/<>".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    throw new IllegalArgumentException("unexpected character '" + c + "' in " + text);
                }
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<String> tokens;
        private final Set<String> names = new LinkedHashSet<>();
        private int position;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        private boolean accept(String token) {
            if (position < tokens.size() && tokens.get(position).equals(token)) {
                position++;
                return true;
            }
            return false;
        }

        Node or() {
            Node left = and();
            while (accept("||")) {
                Node l = left;
                Node r = and();
                left = rules -> {
                    double a = l.value(rules);
                    return a != 0 ? a : r.value(rules);
                };
            }
            return left;
        }

        Node and() {
            Node left = comparison();
            while (accept("&&")) {
                Node l = left;
                Node r = comparison();
                left = rules -> {
                    double a = l.value(rules);
                    return a == 0 ? a : r.value(rules);
                };
            }
            return left;
        }

        Node comparison() {
            Node left = additive();
            while (true) {
                Node l = left;
                if (accept("<=")) {
                    Node r = additive();
                    left = rules -> l.value(rules) <= r.value(rules) ? 1 : 0;
                } else if (accept(">=")) {
                    Node r = additive();
                    left = rules -> l.value(rules) >= r.value(rules) ? 1 : 0;
                } else if (accept("==")) {
                    Node r = additive();
                    left = rules -> l.value(rules) == r.value(rules) ? 1 : 0;
                } else if (accept("!=")) {
                    Node r = additive();
                    left = rules -> l.value(rules) != r.value(rules) ? 1 : 0;
                } else if (accept("<")) {
                    Node r = additive();
                    left = rules -> l.value(rules) < r.value(rules) ? 1 : 0;
                } else if (accept(">")) {
                    Node r = additive();
                    left = rules -> l.value(rules) > r.value(rules) ? 1 : 0;
                } else {
                    return left;
                }
            }
        }

        Node additive() {
            Node left = multiplicative();
            while (true) {
                Node l = left;
                if (accept("+")) {
                    Node r = multiplicative();
                    left = rules -> l.value(rules) + r.value(rules);
                } else if (accept("-")) {
                    Node r = multiplicative();
                    left = rules -> l.value(rules) - r.value(rules);
                } else {
                    return left;
                }
            }
        }

        Node multiplicative() {
            Node left = unary();
            while (true) {
                Node l = left;
                if (accept("*")) {
                    Node r = unary();
                    left = rules -> l.value(rules) * r.value(rules);
                } else if (accept("/")) {
                    Node r = unary();
                    left = rules -> {
                        double d = r.value(rules);
                        return d == 0 ? 0 : l.value(rules) / d;
                    };
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            if (accept("!")) {
                Node inner = unary();
                return rules -> inner.value(rules) == 0 ? 1 : 0;
            }
            if (accept("-")) {
                Node inner = unary();
                return rules -> -inner.value(rules);
            }
            if (accept("+")) {
                return unary();
            }
            return primary();
        }

        Node primary() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("expression ends too early");
            }
            if (accept("(")) {
                Node inner = or();
                if (!accept(")")) {
                    throw new IllegalArgumentException("missing )");
                }
                return inner;
            }
            String token = tokens.get(position++);
            if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '.') {
                double number;
                try {
                    number = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad number " + token);
                }
                return rules -> number;
            }
            if (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_') {
                names.add(token);
                return rules -> rules.applyAsDouble(token);
            }
            throw new IllegalArgumentException("unexpected '" + token + "'");
        }
    }
}
