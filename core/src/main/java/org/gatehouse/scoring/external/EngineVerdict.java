package org.gatehouse.scoring.external;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an external engine said about one message, reduced to what Gatehouse may show: its score, its own threshold,
 * its verdict word and the names of the rules it matched, most significant first. Symbol names that are not plain
 * {@code [A-Z0-9_]} are dropped, so no engine text reaches a reason or a header.
 *
 * @param score the engine's score
 * @param requiredScore the engine's threshold (spamd's required score, rspamd's reject score)
 * @param result the engine's verdict as one lower-case word, e.g. {@code spam}, {@code ham}, {@code add_header}
 * @param symbols the matched rule names, most significant first
 */
public record EngineVerdict(double score, double requiredScore, String result, List<String> symbols) {
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9_]{1,64}");
    private static final Pattern RESULT = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public EngineVerdict {
        Objects.requireNonNull(result);
        if (!RESULT.matcher(result).matches()) {
            throw new IllegalArgumentException("An engine result is one lower-case word: " + result);
        }
        symbols = symbols.stream().filter(EngineVerdict::isSymbolName).toList();
    }

    static boolean isSymbolName(String name) {
        return name != null && SYMBOL.matcher(name).matches();
    }
}
