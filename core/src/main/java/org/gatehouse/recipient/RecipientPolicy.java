package org.gatehouse.recipient;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySecrets;
import org.gatehouse.rate.RateLimit;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * How a tenant's recipients are validated at RCPT TO (the {@code recipients} policy section, docs/recipients.md):
 * {@code accept_all} (every address at its domains, the default), {@code list} (the addresses and aliases managed
 * through WebAdmin), {@code ldap} (a directory query) or {@code callout} (an SMTP RCPT probe to the tenant's server).
 */
public record RecipientPolicy(Mode mode, Optional<Ldap> ldap, Optional<Callout> callout) {
    public static final String SECTION = "recipients";
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> FIELDS = Set.of("mode", "ldap", "callout");
    private static final Set<String> LDAP_FIELDS = Set.of("url", "startTls", "caCertificate", "bindDn", "bindPassword", "baseDn",
        "filter", "timeout", "cacheTtl", "negativeCacheTtl");
    private static final Set<String> CALLOUT_FIELDS = Set.of("timeout", "cacheTtl", "negativeCacheTtl");

    public enum Mode {
        ACCEPT_ALL, LIST, LDAP, CALLOUT;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A directory query: {@code filter} with {@code {address}}, {@code {local}} and {@code {domain}} replaced by the
     * recipient's, escaped (RFC 4515); a match is a known recipient.
     */
    public record Ldap(URI url, boolean startTls, Optional<String> caCertificate, Optional<String> bindDn, Optional<String> bindPassword,
                       String baseDn, String filter, Duration timeout, Duration cacheTtl, Duration negativeCacheTtl) {
        /** Without the password. */
        @Override
        public String toString() {
            return "Ldap[url=" + url + ", startTls=" + startTls + ", bindDn=" + bindDn.orElse("") + ", baseDn=" + baseDn + ", filter=" + filter + "]";
        }

        /** What identifies the connection pool: the server and the identity, not the query. */
        public String connectionKey() {
            return url + "|" + startTls + "|" + caCertificate.map(String::hashCode).orElse(0) + "|" + bindDn.orElse("") + "|"
                + bindPassword.map(String::hashCode).orElse(0);
        }
    }

    /**
     * An SMTP probe of the tenant's downstream server (its route, which only an operator sets: a tenant cannot point
     * probes elsewhere). {@code timeout} bounds the whole probe.
     */
    public record Callout(Duration timeout, Duration cacheTtl, Duration negativeCacheTtl) {
    }

    public static RecipientPolicy acceptAll() {
        return new RecipientPolicy(Mode.ACCEPT_ALL, Optional.empty(), Optional.empty());
    }

    public static RecipientPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(RecipientPolicy::parse).orElseGet(RecipientPolicy::acceptAll);
    }

    /** @throws InvalidFieldException with the path from the document root, e.g. {@code recipients.ldap.filter} */
    public static RecipientPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        JsonNode modeNode = section.get("mode");
        Mode mode = Optional.ofNullable(modeNode).filter(JsonNode::isTextual).map(JsonNode::textValue).flatMap(RecipientPolicy::mode)
            .orElseThrow(() -> new InvalidFieldException(SECTION + ".mode", "must be one of accept_all, list, ldap, callout"));
        Optional<Ldap> ldap = Optional.ofNullable(section.get("ldap")).filter(node -> !node.isNull()).map(RecipientPolicy::ldap);
        Optional<Callout> callout = Optional.ofNullable(section.get("callout")).filter(node -> !node.isNull()).map(RecipientPolicy::callout);
        if (mode == Mode.LDAP && ldap.isEmpty()) {
            throw new InvalidFieldException(SECTION + ".ldap", "is required in mode ldap");
        }
        if (mode == Mode.CALLOUT && callout.isEmpty()) {
            callout = Optional.of(callout(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
        }
        return new RecipientPolicy(mode, ldap, callout);
    }

    private static Optional<Mode> mode(String value) {
        for (Mode mode : Mode.values()) {
            if (mode.asString().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    private static Ldap ldap(JsonNode node) {
        String path = SECTION + ".ldap";
        JsonFields.object(node, path, LDAP_FIELDS);
        String urlText = text(node, "url", path).orElseThrow(() -> new InvalidFieldException(path + ".url",
            "is required: ldap://host[:port] or ldaps://host[:port]"));
        URI url;
        try {
            url = new URI(urlText);
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(path + ".url", "must be ldap://host[:port] or ldaps://host[:port]");
        }
        if (url.getScheme() == null || !Set.of("ldap", "ldaps").contains(url.getScheme().toLowerCase(Locale.ROOT)) || url.getHost() == null
            || (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) || url.getQuery() != null
            || url.getUserInfo() != null) {
            throw new InvalidFieldException(path + ".url", "must be ldap://host[:port] or ldaps://host[:port], without a path");
        }
        boolean startTls = bool(node, "startTls", path, false);
        if (startTls && url.getScheme().equalsIgnoreCase("ldaps")) {
            throw new InvalidFieldException(path + ".startTls", "is for ldap:// URLs; ldaps:// is TLS from the start");
        }
        Optional<String> ca = text(node, "caCertificate", path);
        ca.ifPresent(pem -> {
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new InvalidFieldException(path + ".caCertificate", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
        });
        Optional<String> bindDn = text(node, "bindDn", path);
        Optional<String> password = text(node, "bindPassword", path);
        if (password.filter(PolicySecrets.MASKED::equals).isPresent()) {
            throw new InvalidFieldException(path + ".bindPassword", "is masked (" + PolicySecrets.MASKED + ") and there is no stored one to keep; send the password");
        }
        if (bindDn.isPresent() != password.isPresent()) {
            throw new InvalidFieldException(path + (bindDn.isPresent() ? ".bindPassword" : ".bindDn"),
                "bindDn and bindPassword go together (neither: an anonymous search)");
        }
        String baseDn = text(node, "baseDn", path).orElseThrow(() -> new InvalidFieldException(path + ".baseDn", "is required"));
        String filter = text(node, "filter", path).orElse("(mail={address})");
        try {
            Filter.create(filter.replace("{address}", "a@b.example").replace("{local}", "a").replace("{domain}", "b.example"));
        } catch (LDAPException e) {
            throw new InvalidFieldException(path + ".filter", "is not an LDAP filter (RFC 4515): " + e.getMessage());
        }
        if (!filter.contains("{address}") && !filter.contains("{local}")) {
            throw new InvalidFieldException(path + ".filter", "must use {address} or {local}");
        }
        return new Ldap(url, startTls, ca, bindDn, password, baseDn, filter, duration(node, "timeout", path, Duration.ofSeconds(5), MAX_TIMEOUT),
            duration(node, "cacheTtl", path, Duration.ofMinutes(10), Duration.ofDays(1)),
            duration(node, "negativeCacheTtl", path, Duration.ofMinutes(2), Duration.ofDays(1)));
    }

    private static Callout callout(JsonNode node) {
        String path = SECTION + ".callout";
        JsonFields.object(node, path, CALLOUT_FIELDS);
        return new Callout(duration(node, "timeout", path, Duration.ofSeconds(10), MAX_TIMEOUT),
            duration(node, "cacheTtl", path, Duration.ofHours(1), Duration.ofDays(7)),
            duration(node, "negativeCacheTtl", path, Duration.ofMinutes(10), Duration.ofDays(1)));
    }

    private static Optional<String> text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 8192) {
            throw new InvalidFieldException(path + "." + field, "must be a non-empty string of at most 8192 characters");
        }
        return Optional.of(value.textValue());
    }

    private static boolean bool(JsonNode node, String field, String path, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw new InvalidFieldException(path + "." + field, "must be true or false");
        }
        return value.booleanValue();
    }

    private static Duration duration(JsonNode node, String field, String path, Duration otherwise, Duration max) {
        Optional<String> value = text(node, field, path);
        if (value.isEmpty()) {
            return otherwise;
        }
        Duration duration = RateLimit.window(value.get(), path + "." + field);
        if (duration.compareTo(max) > 0) {
            throw new InvalidFieldException(path + "." + field, "must be at most " + max.toSeconds() + "s");
        }
        return duration;
    }
}
