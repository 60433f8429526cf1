package org.gatehouse.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.TenantId;

import com.google.common.base.Preconditions;

/**
 * A tenant's DKIM key for one of its domains, as it is shown: its selector, state and public key, and the TXT record
 * to publish. The private key is never part of it (see {@link SigningKey}).
 */
public final class DkimKey {
    /** The longest character-string of a TXT record (RFC 1035 3.3): longer values are split for zone files. */
    public static final int TXT_STRING_LENGTH = 255;

    public static DkimKey of(TenantId tenant, DomainName domain, DkimSelector selector, DkimKeyState state, String publicKey,
                             Instant createdAt, Optional<Instant> activatedAt, Optional<Instant> retiredAt) {
        Preconditions.checkArgument(publicKey.matches("[A-Za-z0-9+/]+={0,2}"), "the public key must be base64");
        return new DkimKey(tenant, domain, selector, state, publicKey, createdAt, activatedAt, retiredAt);
    }

    private final TenantId tenant;
    private final DomainName domain;
    private final DkimSelector selector;
    private final DkimKeyState state;
    private final String publicKey;
    private final Instant createdAt;
    private final Optional<Instant> activatedAt;
    private final Optional<Instant> retiredAt;

    private DkimKey(TenantId tenant, DomainName domain, DkimSelector selector, DkimKeyState state, String publicKey,
                    Instant createdAt, Optional<Instant> activatedAt, Optional<Instant> retiredAt) {
        this.tenant = tenant;
        this.domain = domain;
        this.selector = selector;
        this.state = state;
        this.publicKey = publicKey;
        this.createdAt = createdAt;
        this.activatedAt = activatedAt;
        this.retiredAt = retiredAt;
    }

    public TenantId tenant() {
        return tenant;
    }

    public DomainName domain() {
        return domain;
    }

    public DkimSelector selector() {
        return selector;
    }

    public DkimKeyState state() {
        return state;
    }

    /** Base64 of the DER SubjectPublicKeyInfo, the {@code p=} of the record. */
    public String publicKey() {
        return publicKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> activatedAt() {
        return activatedAt;
    }

    public Optional<Instant> retiredAt() {
        return retiredAt;
    }

    /** {@code <selector>._domainkey.<domain>}. */
    public String dnsName() {
        return selector.asString() + "._domainkey." + domain.asString();
    }

    /** The TXT record's value as one string: {@code v=DKIM1; k=rsa; p=…}. */
    public String txtRecord() {
        return "v=DKIM1; k=rsa; p=" + publicKey;
    }

    /** The value split into character-strings of at most 255 characters, as a zone file or DNS API takes them. */
    public List<String> txtStrings() {
        String record = txtRecord();
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < record.length(); start += TXT_STRING_LENGTH) {
            strings.add(record.substring(start, Math.min(record.length(), start + TXT_STRING_LENGTH)));
        }
        return List.copyOf(strings);
    }

    /** The zone-file line: {@code <name>. IN TXT ( "…" "…" )}. */
    public String zoneFileLine() {
        return dnsName() + ". IN TXT ( " + String.join(" ", txtStrings().stream().map(string -> "\"" + string + "\"").toList()) + " )";
    }

    public DkimKey withState(DkimKeyState newState, Instant at) {
        return switch (newState) {
            case ACTIVE -> new DkimKey(tenant, domain, selector, newState, publicKey, createdAt, Optional.of(at), Optional.empty());
            case RETIRED -> new DkimKey(tenant, domain, selector, newState, publicKey, createdAt, activatedAt, Optional.of(at));
            case PENDING -> new DkimKey(tenant, domain, selector, newState, publicKey, createdAt, Optional.empty(), Optional.empty());
        };
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DkimKey other && tenant.equals(other.tenant) && domain.equals(other.domain) && selector.equals(other.selector)
            && state == other.state && publicKey.equals(other.publicKey) && createdAt.equals(other.createdAt)
            && activatedAt.equals(other.activatedAt) && retiredAt.equals(other.retiredAt);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(tenant, domain, selector, state, publicKey, createdAt, activatedAt, retiredAt);
    }

    @Override
    public String toString() {
        return "DkimKey{" + tenant.asString() + ", " + dnsName() + ", " + state.asString() + "}";
    }
}
