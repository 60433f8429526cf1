package org.gatehouse.scoring.spamassassin;

import java.util.Objects;

/**
 * One rule as written in a rule file, before compilation: the last definition of a name wins, as in SpamAssassin.
 *
 * @param name the rule name
 * @param type the rule kind
 * @param test the text after the name ({@code Subject =~ /re/i}, {@code /re/}, {@code eval:fn(...)}, a meta expression)
 * @param source the file and line it was read from, for reports
 */
public record RuleDefinition(String name, RuleType type, String test, String source) {
    public RuleDefinition {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(test);
        Objects.requireNonNull(source);
    }
}
