package org.gatehouse.tenant;

import java.util.List;

import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.validation.InvalidFieldException;

/**
 * How much one tenant may hold, set by the operator (conf/gatehouse.properties {@code tenant.maxDomains},
 * {@code tenant.maxRelayClients}, {@code senderLists.maxEntries}): domains, relay networks, and entries in each sender
 * list (a tenant's allow, block and exemption lists, and the operator's global lists). Checked when something is
 * written, never when stored data is read: lowering a limit leaves larger existing tenants working, but their next
 * change must fit.
 */
public record TenantLimits(int maxDomains, int maxRelayClients, int maxSenderListEntries) {
    public static final int DEFAULT_MAX_DOMAINS = 1000;
    public static final int DEFAULT_MAX_RELAY_CLIENTS = 1000;
    public static final int DEFAULT_MAX_SENDER_LIST_ENTRIES = 10_000;
    public static final TenantLimits DEFAULT = new TenantLimits(DEFAULT_MAX_DOMAINS, DEFAULT_MAX_RELAY_CLIENTS,
        DEFAULT_MAX_SENDER_LIST_ENTRIES);

    public TenantLimits {
        requireAtLeastOne("tenant.maxDomains", maxDomains);
        requireAtLeastOne("tenant.maxRelayClients", maxRelayClients);
        requireAtLeastOne("senderLists.maxEntries", maxSenderListEntries);
        if (maxSenderListEntries > SenderList.MAX_ENTRIES) {
            throw new IllegalArgumentException("senderLists.maxEntries must be at most " + SenderList.MAX_ENTRIES
                + " (found " + maxSenderListEntries + ")");
        }
    }

    private static void requireAtLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1 (found " + value + ")");
        }
    }

    /** @throws InvalidFieldException naming {@code domains} or {@code relayClients} when the tenant has too many */
    public void check(Tenant tenant) {
        requireAtMost("domains", tenant.domains(), maxDomains);
        requireAtMost("relayClients", tenant.relayClients(), maxRelayClients);
    }

    /** @throws InvalidFieldException naming {@code path} when a sender list has more than {@link #maxSenderListEntries} */
    public void checkSenderList(String path, SenderList list) {
        requireAtMost(path, list.entries(), maxSenderListEntries);
    }

    private static void requireAtMost(String field, List<?> values, int max) {
        if (values.size() > max) {
            throw new InvalidFieldException(field, "at most " + max + " entries, has " + values.size());
        }
    }
}
