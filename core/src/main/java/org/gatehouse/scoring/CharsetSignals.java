package org.gatehouse.scoring;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HeaderField;
import org.gatehouse.message.LeafPart;
import org.gatehouse.message.ParsedMessage;

/**
 * Evidence in how the text is encoded: bytes no declared charset explains, a declared charset the bytes or the
 * subject contradict, encoded-words that do not decode, and text base64-encoded though it is plain ASCII. Mail
 * programs get these right; spamware hides words this way or is careless.
 */
final class CharsetSignals {
    static final String CHARSET_UNDECLARED_8BIT = "CHARSET_UNDECLARED_8BIT";
    static final String CHARSET_SCRIPT_MISMATCH = "CHARSET_SCRIPT_MISMATCH";
    static final String ENCODED_WORD_INVALID = "ENCODED_WORD_INVALID";
    static final String TEXT_BASE64_NEEDLESS = "TEXT_BASE64_NEEDLESS";

    /** Western single-byte charsets: Latin script with a few accented letters. */
    static final Set<String> WESTERN_CHARSETS = Set.of(
            "iso-8859-1", "iso-8859-15", "windows-1252", "latin1", "cp1252");
    /** Charsets of East Asian scripts (Chinese, Japanese, Korean). */
    static final Set<String> EAST_ASIAN_CHARSETS = Set.of(
            "big5", "big5-hkscs", "gb2312", "gbk", "gb18030", "hz-gb-2312", "iso-2022-jp", "shift_jis", "shift-jis",
            "sjis", "euc-jp", "euc-kr", "ks_c_5601-1987", "iso-2022-kr", "euc-cn", "x-euc-tw", "cp949", "cp936");
    /** A text part needs at least this many 8-bit bytes for an undeclared charset (a stray byte is carelessness). */
    static final int UNDECLARED_MIN_HIGH_BYTES = 10;
    /** A Western-declared text part with at least this many 8-bit bytes... */
    static final int SCRIPT_MIN_HIGH_BYTES = 20;
    /** ...making up at least this share of the part (Western text has a few accented letters, not a third). */
    static final double SCRIPT_HIGH_BYTE_SHARE = 0.3;
    /** Base64 text parts shorter than this are ignored. */
    static final int BASE64_MIN_BYTES = 100;

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]{1,40})\\?([bBqQ])\\?[^?\\s]{0,500}\\?=");

    private CharsetSignals() {
    }

    static List<Signal> all() {
        return List.of(
                Signal.of(CHARSET_UNDECLARED_8BIT, "8-bit bytes no charset declares: " + UNDECLARED_MIN_HIGH_BYTES
                        + " or more in a text part declared us-ascii or without a charset, or raw in a header field (and "
                        + "not UTF-8, which RFC 6532 allows).", CharsetSignals::undeclared8Bit),
                Signal.of(CHARSET_SCRIPT_MISMATCH, "The declared charsets contradict each other or the bytes: a subject in "
                        + "an East Asian charset over a body declared in another, or a text part declared Western (iso-8859-1, "
                        + "-15, windows-1252) that is mostly 8-bit bytes.", CharsetSignals::scriptMismatch),
                Signal.of(ENCODED_WORD_INVALID, "A header encoded-word (=?charset?B/Q?...?=) whose charset is unknown or "
                        + "that does not decode.", CharsetSignals::encodedWordInvalid),
                Signal.of(TEXT_BASE64_NEEDLESS, "A text part base64-encoded although it is plain 7-bit ASCII (of at least "
                        + BASE64_MIN_BYTES + " bytes): hides the words from simple filters.", CharsetSignals::needlessBase64));
    }

    private static Optional<String> undeclared8Bit(ParsedMessage message) {
        for (LeafPart part : message.leafParts()) {
            if (part.isBodyText() && part.highBitBytes() >= UNDECLARED_MIN_HIGH_BYTES
                    && part.declaredCharset().map(charset -> charset.equalsIgnoreCase("us-ascii")).orElse(true)) {
                return Optional.of(part.highBitBytes() + " 8-bit bytes in a " + part.mimeType() + " part declared "
                        + part.declaredCharset().map(charset -> "charset " + charset).orElse("without a charset"));
            }
        }
        for (HeaderField field : message.headers()) {
            if (field.hasUndeclared8Bit()) {
                return Optional.of("8-bit bytes in the " + field.name() + " field");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> scriptMismatch(ParsedMessage message) {
        Optional<String> subjectCharset = message.rawHeader("Subject").flatMap(CharsetSignals::firstEncodedWordCharset);
        if (subjectCharset.filter(EAST_ASIAN_CHARSETS::contains).isPresent()) {
            Optional<String> other = message.leafParts().stream().filter(LeafPart::isBodyText)
                    .flatMap(part -> part.declaredCharset().stream())
                    .map(charset -> charset.toLowerCase(Locale.ROOT))
                    .filter(charset -> !charset.equals("us-ascii") && !EAST_ASIAN_CHARSETS.contains(charset)
                            && !charset.startsWith("utf-"))
                    .findFirst();
            if (other.isPresent()) {
                return Optional.of("subject in " + subjectCharset.get() + " but the body declared " + other.get());
            }
        }
        for (LeafPart part : message.leafParts()) {
            // us-ascii or no charset with 8-bit bytes is CHARSET_UNDECLARED_8BIT's evidence, not counted twice
            String declared = part.declaredCharset().map(charset -> charset.toLowerCase(Locale.ROOT)).orElse("");
            if (part.isBodyText() && WESTERN_CHARSETS.contains(declared) && part.highBitBytes() >= SCRIPT_MIN_HIGH_BYTES
                    && part.highBitBytes() >= SCRIPT_HIGH_BYTE_SHARE * part.size()) {
                return Optional.of(part.mimeType() + " part declared " + declared + " but " + part.highBitBytes() + " of its "
                        + part.size() + " bytes are 8-bit: another script");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> encodedWordInvalid(ParsedMessage message) {
        for (HeaderField field : message.headers()) {
            if (!field.raw().contains("=?")) {
                continue;
            }
            Matcher word = ENCODED_WORD.matcher(field.raw());
            while (word.find()) {
                String charset = word.group(1);
                int language = charset.indexOf('*');
                String name = language >= 0 ? charset.substring(0, language) : charset;
                if (!knownCharset(name)) {
                    return Optional.of("encoded-word in " + field.name() + " with unknown charset "
                            + Signals.abbreviate(name, 30));
                }
            }
            if (ENCODED_WORD.matcher(field.decoded()).find()) {
                return Optional.of("encoded-word in " + field.name() + " that does not decode: "
                        + Signals.abbreviate(field.decoded().trim(), 60));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> needlessBase64(ParsedMessage message) {
        return message.leafParts().stream()
                .filter(part -> part.isBodyText() && part.transferEncoding().equals("base64")
                        && part.size() >= BASE64_MIN_BYTES && part.highBitBytes() == 0)
                .findFirst()
                .map(part -> part.mimeType() + " part of " + part.size() + " ASCII bytes sent base64-encoded");
    }

    private static Optional<String> firstEncodedWordCharset(String raw) {
        Matcher word = ENCODED_WORD.matcher(raw);
        return word.find() ? Optional.of(word.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static boolean knownCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (RuntimeException illegalName) {
            return false;
        }
    }
}
