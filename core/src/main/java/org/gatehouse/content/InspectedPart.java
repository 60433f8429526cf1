package org.gatehouse.content;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message or one entry unpacked from it, as content inspection saw it: where it sits, what it claimed
 * to be, what it is, whether it is encrypted, its text, and what went wrong. Immutable.
 *
 * @param path where it sits, names joined by {@code /}: {@code invoice.zip/inner.zip/a.exe}; a MIME part without a
 *     file name is {@code (part 1.2)}
 * @param depth 0 for a message's own parts, one more for each archive or nested message around it
 * @param section the MIME part number (IMAP style, {@code 2.1}) of the message part this part is or came from;
 *     empty when a single file was inspected
 * @param name the file name it was sent or stored under, when it had one
 * @param declaredType the Content-Type it was sent with (MIME parts only)
 * @param trueType the type its content has, as Tika names it; {@code application/octet-stream} when unknown or unread
 * @param family the family of the true type (of the name, for an entry whose content could not be read)
 * @param size its size in bytes (decoded; for an entry cut short by a bound, the bytes read)
 * @param encrypted whether its content, or an entry directly inside it, needs a key to be read
 * @param text its extracted text, cut at the limits
 * @param textTruncated whether the text was cut
 * @param problems what the inspection met on this part
 */
public record InspectedPart(String path, int depth, String section, Optional<String> name, Optional<String> declaredType,
                            String trueType, TypeFamily family, long size, boolean encrypted, String text,
                            boolean textTruncated, List<ContentProblem> problems) {
    public InspectedPart {
        Objects.requireNonNull(path);
        Objects.requireNonNull(section);
        Objects.requireNonNull(name);
        Objects.requireNonNull(declaredType);
        Objects.requireNonNull(trueType);
        Objects.requireNonNull(family);
        Objects.requireNonNull(text);
        problems = List.copyOf(problems);
    }

    /** Whether something in or under this part was not looked at (a bound, an unopenable or damaged container). */
    public boolean unscannable() {
        return problems.stream().anyMatch(problem -> problem.kind().unscannable());
    }

    public List<ContentProblem> problems(ContentProblem.Kind kind) {
        return problems.stream().filter(problem -> problem.kind() == kind).toList();
    }

    /** The declared type or name that disagrees with the content, when one does. */
    public Optional<ContentProblem> typeMismatch() {
        return problems(ContentProblem.Kind.TYPE_MISMATCH).stream().findFirst();
    }
}
