package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {
    @Test
    void ofShouldLowerCase() {
        assertThat(DomainName.of("Mail.ACME.Example").asString()).isEqualTo("mail.acme.example");
    }

    @Test
    void ofShouldDropTheTrailingDot() {
        assertThat(DomainName.of("acme.example.").asString()).isEqualTo("acme.example");
    }

    @Test
    void ofShouldAcceptDigitsHyphensAndPunycode() {
        assertThat(DomainName.of("xn--bcher-kva.example").asString()).isEqualTo("xn--bcher-kva.example");
        assertThat(DomainName.of("3com.co-op.example").asString()).isEqualTo("3com.co-op.example");
    }

    @Test
    void ofShouldAcceptLabelsOf63Characters() {
        String label = "a".repeat(63);

        assertThat(DomainName.of(label + ".example").asString()).isEqualTo(label + ".example");
    }

    @Test
    void ofShouldAcceptNamesOf253Characters() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "b".repeat(61));

        assertThat(DomainName.of(name).asString()).hasSize(253);
    }

    @Test
    void ofShouldAcceptNamesOf253CharactersWithTheTrailingDot() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "b".repeat(61)) + ".";

        assertThat(DomainName.of(name).asString()).hasSize(253);
    }

    @Test
    void equalsShouldIgnoreCaseAndTrailingDot() {
        assertThat(DomainName.of("ACME.example.")).isEqualTo(DomainName.of("acme.example"))
            .hasSameHashCodeAs(DomainName.of("acme.example"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"example", "localhost.", ".", "acme..example", ".acme.example", "-acme.example",
        "acme-.example", "acme_corp.example", "acme example.com", "bücher.example", "acme.example..", "*.acme.example",
        " acme.example"})
    void ofShouldThrowWithTheFieldPathWhenValueIsInvalid(String value) {
        assertThatThrownBy(() -> DomainName.of("domains[2]", value))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("domains[2]"));
    }

    @Test
    void ofShouldThrowWhenALabelIsLongerThan63Characters() {
        assertThatThrownBy(() -> DomainName.of("domains[0]", "a".repeat(64) + ".example"))
            .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void ofShouldThrowWhenNameIsLongerThan253Characters() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "b".repeat(62));

        assertThatThrownBy(() -> DomainName.of("domains[0]", name))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getReason()).contains("253"));
    }

    @Test
    void ofShouldNameTheDomainFieldByDefault() {
        assertThatThrownBy(() -> DomainName.of("invalid"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("domain"));
    }
}
