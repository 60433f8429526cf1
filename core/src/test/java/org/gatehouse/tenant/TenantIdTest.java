package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"acme", "a", "0", "acme-corp", "acme_corp", "42-acme_9"})
    void ofShouldAcceptLowerCaseLettersDigitsHyphensAndUnderscores(String value) {
        assertThat(TenantId.of(value).asString()).isEqualTo(value);
    }

    @Test
    void ofShouldAcceptTheMaximumLength() {
        String value = "a".repeat(TenantId.MAX_LENGTH);

        assertThat(TenantId.of(value).asString()).isEqualTo(value);
    }

    @Test
    void ofShouldThrowWhenLongerThanTheMaximum() {
        assertThatThrownBy(() -> TenantId.of("a".repeat(TenantId.MAX_LENGTH + 1)))
            .isInstanceOf(InvalidFieldException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Acme", "ACME", "-acme", "_acme", "acme corp", "acme.corp", "acme/corp", "acmé", " acme", "acme\n"})
    void ofShouldThrowWithTheFieldTenantIdWhenValueIsInvalid(String value) {
        assertThatThrownBy(() -> TenantId.of(value))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("tenantId"));
    }

    @Test
    void equalsShouldCompareValues() {
        assertThat(TenantId.of("acme")).isEqualTo(TenantId.of("acme")).hasSameHashCodeAs(TenantId.of("acme"))
            .isNotEqualTo(TenantId.of("globex"));
    }
}
