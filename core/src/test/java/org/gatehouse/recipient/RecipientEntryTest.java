package org.gatehouse.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class RecipientEntryTest {
    @Test
    void constructorShouldLowerCaseTheAddressAndItsAlias() {
        RecipientEntry entry = new RecipientEntry(" Bob@Acme.Example ", Optional.of("Robert@ACME.example"), Optional.of(" desk "));

        assertThat(entry.address()).isEqualTo("bob@acme.example");
        assertThat(entry.aliasOf()).contains("robert@acme.example");
        assertThat(entry.comment()).contains("desk");
        assertThat(entry.domain()).isEqualTo("acme.example");
    }

    @Test
    void constructorShouldRefuseWhatIsNoMailAddress() {
        for (String bad : new String[] {"bob", "bob@", "@acme.example", "bob@acme", "b ob@acme.example", "<bob@acme.example>", "bob@acme.example\r\nX: y"}) {
            assertThatThrownBy(() -> RecipientEntry.of(bad)).as(bad).isInstanceOf(InvalidFieldException.class);
        }
    }
}
