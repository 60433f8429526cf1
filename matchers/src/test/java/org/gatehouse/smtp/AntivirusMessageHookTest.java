package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.AttributeName;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;

class AntivirusMessageHookTest {
    @Test
    void onMessageShouldDeclineAndLeaveNoTraceWhenNoScannerIsConfigured() throws Exception {
        InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
        InMemoryPolicyStore policies = new InMemoryPolicyStore();
        // nothing is read when there is no scanner: a broken store does not matter
        tenants.failWith(new IllegalStateException("database down"));
        policies.failWith(new IllegalStateException("database down"));
        AntivirusMessageHook hook = new AntivirusMessageHook(Optional.empty(), new TenantDirectory(tenants), new TenantPolicies(policies));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@sender.example").recipient("bob@acme.example").build();

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.ANTIVIRUS))).isEmpty();
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))).isEmpty();
    }
}
