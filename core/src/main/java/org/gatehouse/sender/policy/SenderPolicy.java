package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;
import static org.gatehouse.sender.policy.PolicyJson.field;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/**
 * A tenant's sender policy, the {@code sender} section of its policy document, read once into an immutable
 * model: allow and block lists, country filter, DNS blocklists, the SPF, DKIM, DMARC and PTR checks with their
 * outcomes and exemptions, and what DNS failures and blocked senders lead to. See docs/sender-policy.md.
 */
public final class SenderPolicy {
    public static final String SECTION = "sender";
    public static final String COUNTRIES = "countries";
    public static final String DNSBL = "dnsbl";
    public static final String ON_DNS_TEMPORARY_ERROR = "onDnsTemporaryError";
    public static final String BLOCK_ACTION = "blockAction";
    public static final Set<Action> BLOCK_ACTIONS = ImmutableSet.copyOf(EnumSet.of(Action.BLOCK, Action.QUARANTINE));
    private static final Set<String> FIELDS = ImmutableSet.<String>builder()
        .add(SenderLists.ALLOW, SenderLists.BLOCK, SenderLists.EXEMPTIONS, COUNTRIES, DNSBL, ON_DNS_TEMPORARY_ERROR, BLOCK_ACTION)
        .addAll(SenderCheck.keys())
        .build();
    private static final SenderPolicy DEFAULTS = parse(JsonNodeFactory.instance.objectNode());

    /** The policy of a tenant whose document has no sender section. */
    public static SenderPolicy defaults() {
        return DEFAULTS;
    }

    /** The sender policy of a tenant's (validated) document: its section, or the defaults. */
    public static SenderPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(SenderPolicy::parse).orElse(DEFAULTS);
    }

    /**
     * Reads and validates the value of the {@code sender} section.
     *
     * @throws org.gatehouse.validation.InvalidFieldException naming the path from the document root,
     *         e.g. {@code sender.block[2].value}
     */
    public static SenderPolicy parse(JsonNode section) {
        PolicyJson.object(section, SECTION, FIELDS);
        SenderLists lists = SenderLists.parse(section, SECTION);
        CountryPolicy countries = field(section, COUNTRIES)
            .map(node -> CountryPolicy.parse(node, child(SECTION, COUNTRIES)))
            .orElse(CountryPolicy.off());
        DnsblPolicy dnsbl = field(section, DNSBL)
            .map(node -> DnsblPolicy.parse(node, child(SECTION, DNSBL)))
            .orElse(DnsblPolicy.defaults());
        Map<SenderCheck, CheckPolicy> checks = new EnumMap<>(SenderCheck.class);
        for (SenderCheck check : SenderCheck.values()) {
            checks.put(check, field(section, check.key())
                .map(node -> CheckPolicy.parse(check, node, child(SECTION, check.key())))
                .orElse(CheckPolicy.defaults(check)));
        }
        OnDnsTemporaryError onDnsTemporaryError = field(section, ON_DNS_TEMPORARY_ERROR)
            .map(node -> OnDnsTemporaryError.parse(PolicyJson.text(node, child(SECTION, ON_DNS_TEMPORARY_ERROR)),
                child(SECTION, ON_DNS_TEMPORARY_ERROR)))
            .orElse(OnDnsTemporaryError.CONTINUE);
        Action blockAction = field(section, BLOCK_ACTION)
            .map(node -> PolicyJson.action(node, child(SECTION, BLOCK_ACTION), BLOCK_ACTIONS))
            .orElse(Action.BLOCK);
        return new SenderPolicy(lists, countries, dnsbl, checks, onDnsTemporaryError, blockAction);
    }

    private final SenderLists lists;
    private final CountryPolicy countries;
    private final DnsblPolicy dnsbl;
    private final ImmutableMap<SenderCheck, CheckPolicy> checks;
    private final OnDnsTemporaryError onDnsTemporaryError;
    private final Action blockAction;

    private SenderPolicy(SenderLists lists, CountryPolicy countries, DnsblPolicy dnsbl, Map<SenderCheck, CheckPolicy> checks,
                         OnDnsTemporaryError onDnsTemporaryError, Action blockAction) {
        this.lists = lists;
        this.countries = countries;
        this.dnsbl = dnsbl;
        this.checks = ImmutableMap.copyOf(checks);
        this.onDnsTemporaryError = onDnsTemporaryError;
        this.blockAction = blockAction;
    }

    public SenderLists lists() {
        return lists;
    }

    public CountryPolicy countries() {
        return countries;
    }

    public DnsblPolicy dnsbl() {
        return dnsbl;
    }

    public CheckPolicy check(SenderCheck check) {
        return checks.get(check);
    }

    public OnDnsTemporaryError onDnsTemporaryError() {
        return onDnsTemporaryError;
    }

    /** What a blocked sender (block list or refused country) leads to: reject or quarantine. */
    public Action blockAction() {
        return blockAction;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SenderPolicy)) {
            return false;
        }
        SenderPolicy that = (SenderPolicy) o;
        return lists.equals(that.lists) && countries.equals(that.countries) && dnsbl.equals(that.dnsbl)
            && checks.equals(that.checks) && onDnsTemporaryError == that.onDnsTemporaryError
            && blockAction == that.blockAction;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(lists, countries, dnsbl, checks, onDnsTemporaryError, blockAction);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("lists", lists)
            .add("countries", countries)
            .add("dnsbl", dnsbl)
            .add("checks", checks)
            .add("onDnsTemporaryError", onDnsTemporaryError)
            .add("blockAction", blockAction)
            .toString();
    }
}
