package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageTenantsTest {
    private static final TenantId ALPHA = TenantId.of("alpha");
    private static final TenantId BETA = TenantId.of("beta");

    private static MessageTenants tenants(Optional<TenantId> relay, Object... recipientsAndOwners) {
        Map<String, Optional<TenantId>> owners = new LinkedHashMap<>();
        for (int index = 0; index < recipientsAndOwners.length; index += 2) {
            owners.put((String) recipientsAndOwners[index], Optional.ofNullable((TenantId) recipientsAndOwners[index + 1]));
        }
        return MessageTenants.of(relay, owners);
    }

    @Test
    void rolesShouldBeOutboundForTheRelayTenantAndInboundForTheRecipientsTenantWhenARelayClientWritesToAnotherTenant() {
        MessageTenants tenants = tenants(Optional.of(ALPHA), "bob@beta.test", BETA);

        assertThat(tenants.outboundTenant()).contains(ALPHA);
        assertThat(tenants.inboundTenants()).containsExactly(BETA);
        assertThat(tenants.untrustingInboundTenants()).containsExactly(BETA);
        assertThat(tenants.allTenants()).containsExactly(ALPHA, BETA);
    }

    @Test
    void rolesShouldBeInboundOnlyAndTrustedWhenARelayClientWritesToItsOwnDomains() {
        MessageTenants tenants = tenants(Optional.of(ALPHA), "ann@alpha.test", ALPHA);

        assertThat(tenants.outboundTenant()).isEmpty();
        assertThat(tenants.inboundTenants()).containsExactly(ALPHA);
        assertThat(tenants.untrustingInboundTenants()).isEmpty();
    }

    @Test
    void rolesShouldBeInboundOnlyForAnExternalSender() {
        MessageTenants tenants = tenants(Optional.empty(), "ann@alpha.test", ALPHA, "bob@beta.test", BETA);

        assertThat(tenants.outboundTenant()).isEmpty();
        assertThat(tenants.untrustingInboundTenants()).containsExactly(ALPHA, BETA);
        assertThat(tenants.recipientsOf(BETA)).containsExactly("bob@beta.test");
    }

    @Test
    void deliversAnythingShouldBeFalseWhenTheOutboundTenantBlocks() {
        MessageTenants tenants = tenants(Optional.of(ALPHA), "bob@beta.test", BETA, "carol@elsewhere.test", null);

        assertThat(tenants.deliversAnythingWhenBlockedBy(Set.of(ALPHA))).isFalse();
        assertThat(tenants.deliversAnythingWhenBlockedBy(Set.of(BETA))).isTrue();
    }

    @Test
    void deliversAnythingShouldBeFalseOnlyWhenEveryRecipientsTenantBlocks() {
        MessageTenants tenants = tenants(Optional.empty(), "ann@alpha.test", ALPHA, "bob@beta.test", BETA);

        assertThat(tenants.deliversAnythingWhenBlockedBy(Set.of(BETA))).isTrue();
        assertThat(tenants.deliversAnythingWhenBlockedBy(Set.of(ALPHA, BETA))).isFalse();
    }

    @Test
    void fromJsonShouldReadWhatToJsonWrote() {
        MessageTenants tenants = tenants(Optional.of(ALPHA), "bob@beta.test", BETA, "carol@elsewhere.test", null);

        assertThat(MessageTenants.fromJson(tenants.toJson())).isEqualTo(tenants);
    }
}
