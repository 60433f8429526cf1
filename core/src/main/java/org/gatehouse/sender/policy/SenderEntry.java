package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;

import java.net.IDN;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.CharMatcher;
import com.google.common.base.MoreObjects;

/**
 * One entry of an allow, block or exemption list: who it names ({@link Type}), the value as the operator wrote it,
 * and an optional comment. Two entries name the same senders when their {@link #key()}s are equal.
 */
public final class SenderEntry {
    public static final int MAX_LOCAL_PART_LENGTH = 64;
    public static final int MAX_ADDRESS_LENGTH = 254;
    private static final Set<String> FIELDS = Set.of("type", "value", "comment");
    private static final CharMatcher LOCAL_PART_FORBIDDEN = CharMatcher.whitespace()
        .or(CharMatcher.javaIsoControl())
        .or(CharMatcher.anyOf("@<>\"(),:;[]\\"));

    /** What an entry's value names. */
    public enum Type {
        /** One mailbox, {@code local@domain}; both parts compared case-insensitively. */
        ADDRESS,
        /** Exactly this domain. */
        DOMAIN,
        /** This domain and every name below it. */
        SUBDOMAINS,
        /** An IPv4 or IPv6 address or CIDR network of the connecting client. */
        IP;

        public static final Set<Type> ALL = Set.of(values());

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String field, String value, Set<Type> allowed) {
            return Arrays.stream(values())
                .filter(type -> allowed.contains(type) && type.asString().equals(value))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException(field, "'" + value + "' is not one of " + names(allowed)));
        }

        static String names(Set<Type> types) {
            return Arrays.stream(values()).filter(types::contains).map(Type::asString)
                .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** What identifies an entry: its type and its canonical value (lower case, networks in CIDR form). */
    public record Key(Type type, String canonicalValue) {
        public Key {
            Objects.requireNonNull(type);
            Objects.requireNonNull(canonicalValue);
        }

        public static Key of(Type type, String value, String field) {
            return canonical(type, value, field).key;
        }

        @Override
        public String toString() {
            return type.asString() + " " + canonicalValue;
        }
    }

    /** Reads {@code {"type", "value", "comment"}} at {@code path}, accepting only {@code allowedTypes}. */
    public static SenderEntry parse(JsonNode node, String path, Set<Type> allowedTypes) {
        PolicyJson.object(node, path, FIELDS);
        Type type = Type.parse(child(path, "type"), PolicyJson.requiredText(node, "type", path), allowedTypes);
        String value = PolicyJson.requiredText(node, "value", path);
        return of(type, value, PolicyJson.comment(node, path), path);
    }

    /** @param path where the entry is, for errors: its fields are {@code path.value} and {@code path.comment} */
    public static SenderEntry of(Type type, String value, Optional<String> comment, String path) {
        comment.ifPresent(text -> PolicyJson.checkComment(text, child(path, "comment")));
        Canonical canonical = canonical(type, value, child(path, "value"));
        return new SenderEntry(canonical.key, value, comment, canonical.network);
    }

    private record Canonical(Key key, Optional<Cidr> network) {
    }

    private static Canonical canonical(Type type, String value, String field) {
        Objects.requireNonNull(value);
        if (value.isEmpty() || !value.strip().equals(value)) {
            throw new InvalidFieldException(field, "must not be empty or start or end with spaces");
        }
        return switch (type) {
            case ADDRESS -> new Canonical(new Key(type, validAddress(field, value)), Optional.empty());
            case DOMAIN, SUBDOMAINS -> new Canonical(new Key(type, DomainName.of(field, value).asString()), Optional.empty());
            case IP -> {
                Cidr network = Cidr.parse(field, value);
                yield new Canonical(new Key(type, network.asString()), Optional.of(network));
            }
        };
    }

    private static String validAddress(String field, String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new InvalidFieldException(field, "'" + value + "' is not an address local-part@domain");
        }
        if (value.length() > MAX_ADDRESS_LENGTH) {
            throw new InvalidFieldException(field, "must be at most " + MAX_ADDRESS_LENGTH + " characters");
        }
        String localPart = value.substring(0, at);
        if (localPart.length() > MAX_LOCAL_PART_LENGTH || LOCAL_PART_FORBIDDEN.matchesAnyOf(localPart)
            || localPart.startsWith(".") || localPart.endsWith(".") || localPart.contains("..")) {
            throw new InvalidFieldException(field, "'" + value + "' has an invalid local part (unquoted, at most "
                + MAX_LOCAL_PART_LENGTH + " characters, no spaces or specials)");
        }
        return localPart.toLowerCase(Locale.ROOT) + "@" + DomainName.of(field, value.substring(at + 1)).asString();
    }

    /** The canonical form of an address seen in a message (envelope or header), when it has one. */
    static Optional<String> canonicalAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        return canonicalDomain(address.substring(at + 1))
            .map(domain -> address.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain);
    }

    /** The domain of an address seen in a message, canonical: lower case, no trailing dot, A-labels. */
    static Optional<String> canonicalDomain(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (!CharMatcher.ascii().matchesAllOf(lower)) {
            try {
                lower = IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                // not a valid IDN: it cannot equal any validated entry, compare it as it is
            }
        }
        return lower.isEmpty() ? Optional.empty() : Optional.of(lower);
    }

    private final Key key;
    private final String value;
    private final Optional<String> comment;
    private final Optional<Cidr> network;

    private SenderEntry(Key key, String value, Optional<String> comment, Optional<Cidr> network) {
        this.key = key;
        this.value = value;
        this.comment = comment;
        this.network = network;
    }

    public Type type() {
        return key.type();
    }

    /** The value as the operator wrote it. */
    public String value() {
        return value;
    }

    public Optional<String> comment() {
        return comment;
    }

    public Key key() {
        return key;
    }

    /** The network of an {@code ip} entry. */
    Optional<Cidr> network() {
        return network;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SenderEntry)) {
            return false;
        }
        SenderEntry that = (SenderEntry) o;
        return key.equals(that.key) && value.equals(that.value) && comment.equals(that.comment);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(key, value, comment);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("type", key.type().asString())
            .add("value", value)
            .add("comment", comment.orElse(null))
            .omitNullValues()
            .toString();
    }
}
