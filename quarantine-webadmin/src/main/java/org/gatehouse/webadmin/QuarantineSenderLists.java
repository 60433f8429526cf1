package org.gatehouse.webadmin;

import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Puts a sender on a tenant's allow or block list from a quarantine action ("release and always allow", "block"). */
public class QuarantineSenderLists {
    /** What happened to the list. */
    public enum Outcome { ADDED, ALREADY_LISTED, IN_OTHER_LIST }

    private final TenantService tenantService;

    @Inject
    public QuarantineSenderLists(TenantService tenantService) {
        this.tenantService = tenantService;
    }

    public Outcome allow(TenantId tenant, String address, String author) {
        return put(tenant, address, SenderListEndpoints.ListName.ALLOW, author);
    }

    public Outcome block(TenantId tenant, String address, String author) {
        return put(tenant, address, SenderListEndpoints.ListName.BLOCK, author);
    }

    private Outcome put(TenantId tenant, String address, SenderListEndpoints.ListName list, String author) {
        SenderEntry entry = SenderEntry.of(SenderEntry.Type.ADDRESS, address, Optional.of("from the quarantine"), "sender");
        synchronized (SenderListEndpoints.LIST_EDITS) {
            PolicyVersion version = tenantService.currentPolicy(tenant)
                .orElseThrow(() -> new IllegalStateException("Tenant '" + tenant.asString() + "' does not exist"));
            var lists = SenderPolicy.of(version.document()).lists();
            if (list.of(lists).find(entry.key()).isPresent()) {
                return Outcome.ALREADY_LISTED;
            }
            if (list.other().of(lists).find(entry.key()).isPresent()) {
                return Outcome.IN_OTHER_LIST;
            }
            ObjectNode document = (ObjectNode) version.document().asJson();
            SenderListEndpoints.entries(document, list).add(SenderListEndpoints.json(entry));
            tenantService.updatePolicy(tenant, document, author, Optional.of(list.path() + ": added " + entry.key()));
            return Outcome.ADDED;
        }
    }
}
