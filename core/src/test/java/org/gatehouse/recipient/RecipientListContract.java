package org.gatehouse.recipient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.gatehouse.store.Database;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenants' recipient lists, on Derby and PostgreSQL. */
public interface RecipientListContract {
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");

    Database database();

    default JdbcRecipientList list() {
        return new JdbcRecipientList(database());
    }

    @BeforeEach
    default void createTenants() {
        JdbcTenantStore tenants = new JdbcTenantStore(database());
        for (TenantId id : List.of(ACME, GLOBEX)) {
            tenants.save(RecipientTestTenants.tenant(id));
        }
    }

    @Test
    default void findShouldAnswerInAnyCaseForItsTenantOnly() {
        list().put(ACME, List.of(RecipientEntry.of("bob@acme.example")), false);

        assertThat(list().find(ACME, "BOB@acme.example")).contains(RecipientEntry.of("bob@acme.example"));
        assertThat(list().find(GLOBEX, "bob@acme.example")).isEmpty();
        assertThat(list().find(ACME, "alice@acme.example")).isEmpty();
    }

    @Test
    default void putShouldReplaceAnEntryOfTheSameAddressAndKeepTheLastOfABatch() {
        list().put(ACME, List.of(RecipientEntry.of("bob@acme.example")), false);
        list().put(ACME, List.of(new RecipientEntry("sales@acme.example", Optional.of("bob@acme.example"), Optional.empty()),
            new RecipientEntry("sales@acme.example", Optional.of("alice@acme.example"), Optional.of("new desk")),
            new RecipientEntry("bob@acme.example", Optional.empty(), Optional.of("Bob"))), false);

        assertThat(list().list(ACME, Optional.empty(), 0, 10)).containsExactly(
            new RecipientEntry("bob@acme.example", Optional.empty(), Optional.of("Bob")),
            new RecipientEntry("sales@acme.example", Optional.of("alice@acme.example"), Optional.of("new desk")));
        assertThat(list().count(ACME)).isEqualTo(2);
    }

    @Test
    default void putShouldReplaceTheWholeListWhenAsked() {
        list().put(ACME, List.of(RecipientEntry.of("bob@acme.example"), RecipientEntry.of("carol@acme.example")), false);
        list().put(GLOBEX, List.of(RecipientEntry.of("gil@globex.example")), false);

        list().put(ACME, List.of(RecipientEntry.of("dave@acme.example")), true);

        assertThat(list().list(ACME, Optional.empty(), 0, 10)).extracting(RecipientEntry::address).containsExactly("dave@acme.example");
        assertThat(list().count(GLOBEX)).isEqualTo(1);
    }

    @Test
    default void listShouldPageAndFilterByPrefixTakingWildcardsLiterally() {
        list().put(ACME, List.of(RecipientEntry.of("a1@acme.example"), RecipientEntry.of("a2@acme.example"), RecipientEntry.of("b_1@acme.example"),
            RecipientEntry.of("bx1@acme.example")), false);

        assertThat(list().list(ACME, Optional.of("A"), 1, 10)).extracting(RecipientEntry::address).containsExactly("a2@acme.example");
        assertThat(list().list(ACME, Optional.of("b_"), 0, 10)).extracting(RecipientEntry::address).containsExactly("b_1@acme.example");
        assertThat(list().list(ACME, Optional.empty(), 0, 2)).hasSize(2);
    }

    @Test
    default void removeShouldSayWhetherThereWasAnEntry() {
        list().put(ACME, List.of(RecipientEntry.of("bob@acme.example")), false);

        assertThat(list().remove(ACME, "Bob@acme.example")).isTrue();
        assertThat(list().remove(ACME, "bob@acme.example")).isFalse();
    }

    @Test
    default void deletingTheTenantShouldDeleteItsList() {
        list().put(ACME, List.of(RecipientEntry.of("bob@acme.example")), false);

        new JdbcTenantStore(database()).delete(ACME);

        assertThat(list().count(ACME)).isZero();
    }

    /** Tenants for the list's foreign key. */
    final class RecipientTestTenants {
        static Tenant tenant(TenantId id) {
            return Tenant.of(id, id.asString(), List.of(DomainName.of(id.asString() + ".example")), Downstream.of("127.0.0.1", 25, false),
                List.of());
        }

        private RecipientTestTenants() {
        }
    }
}
