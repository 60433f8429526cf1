package org.gatehouse.webadmin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.validation.InvalidFieldException;

/**
 * Reads an imported sender list: one entry a line, {@code type,value[,comment]}. Blank lines and lines starting
 * with {@code #} are skipped, as is a first line {@code type,value[,comment]}. A field may be quoted
 * ({@code "..."}, {@code ""} for a quote); the comment is the rest of the line, so it may hold commas.
 */
final class SenderListCsv {
    record Line(int number, SenderEntry entry) {
    }

    record LineError(int line, String error) {
    }

    record Parsed(List<Line> lines, List<LineError> errors) {
    }

    private static final List<String> HEADER = List.of("type", "value");
    private static final List<String> HEADER_WITH_COMMENT = List.of("type", "value", "comment");

    static Parsed parse(String body) {
        List<Line> lines = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String[] physicalLines = body.split("\r\n|\n|\r", -1);
        boolean first = true;
        for (int i = 0; i < physicalLines.length; i++) {
            String line = (i == 0 ? physicalLines[i].replaceFirst("^\uFEFF", "") : physicalLines[i]).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = Arrays.stream(line.split(",", 3)).map(SenderListCsv::unquote).toList();
            boolean header = first && isHeader(fields);
            first = false;
            if (header) {
                continue;
            }
            try {
                lines.add(new Line(i + 1, entry(fields)));
            } catch (InvalidFieldException e) {
                errors.add(new LineError(i + 1, e.getMessage()));
            }
        }
        return new Parsed(lines, errors);
    }

    private static SenderEntry entry(List<String> fields) {
        if (fields.size() < 2) {
            throw new InvalidFieldException("$", "expected type,value[,comment]");
        }
        SenderEntry.Type type = SenderEntry.Type.parse("type", fields.get(0), SenderEntry.Type.ALL);
        Optional<String> comment = fields.size() == 3 ? Optional.of(fields.get(2)).filter(text -> !text.isEmpty()) : Optional.empty();
        return SenderEntry.of(type, fields.get(1), comment, "");
    }

    private static boolean isHeader(List<String> fields) {
        List<String> names = fields.stream().map(field -> field.toLowerCase(Locale.ROOT)).toList();
        return names.equals(HEADER) || names.equals(HEADER_WITH_COMMENT);
    }

    private static String unquote(String field) {
        String stripped = field.strip();
        if (stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")) {
            return stripped.substring(1, stripped.length() - 1).replace("\"\"", "\"");
        }
        return stripped;
    }

    private SenderListCsv() {
    }
}
