package org.gatehouse.recipient;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

/**
 * One address a tenant in mode {@code list} accepts: a mailbox, or an alias of one ({@code aliasOf}, shown to
 * administrators; the tenant's own server resolves it). Addresses are compared in lower case.
 */
public record RecipientEntry(String address, Optional<String> aliasOf, Optional<String> comment) {
    static final int MAX_ADDRESS = 320;
    static final int MAX_COMMENT = 200;
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\",;:()\\[\\]\\\\]{1,64}@[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+");

    public RecipientEntry {
        address = normalize(address, "address");
        aliasOf = aliasOf.map(target -> normalize(target, "aliasOf"));
        comment = comment.map(String::trim).filter(text -> !text.isEmpty());
        if (comment.isPresent() && (comment.get().length() > MAX_COMMENT || comment.get().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidFieldException("comment", "must be at most " + MAX_COMMENT + " characters, without control characters");
        }
    }

    public static RecipientEntry of(String address) {
        return new RecipientEntry(address, Optional.empty(), Optional.empty());
    }

    /** The address in lower case. @throws InvalidFieldException at {@code field} when it is not a mail address */
    public static String normalize(String value, String field) {
        String address = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (address.length() > MAX_ADDRESS || !ADDRESS.matcher(address).matches()) {
            throw new InvalidFieldException(field, "must be a mail address (local@domain); got '" + (value == null ? ""
                : value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'");
        }
        return address;
    }

    public String domain() {
        return address.substring(address.indexOf('@') + 1);
    }
}
