package org.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifyShouldAcceptTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("correct horse battery staple", stored)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", stored)).isFalse();
    }

    @Test
    void hashShouldSaltEachPasswordDifferently() {
        assertThat(hasher.hash("correct horse battery staple")).isNotEqualTo(hasher.hash("correct horse battery staple"));
    }

    @Test
    void verifyShouldKeepTheParametersAHashWasMadeWith() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("correct horse battery staple");

        assertThat(cheap).contains("m=1024,t=1,p=1");
        assertThat(hasher.verify("correct horse battery staple", cheap)).isTrue();
    }

    @Test
    void verifyShouldRefuseMalformedOrAbusiveHashes() {
        assertThat(hasher.verify("x", "plain")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", null)).isFalse();
    }

    @Test
    void problemShouldNameTooShortAndTooLongPasswords() {
        assertThat(PasswordHasher.problem("short")).contains("password must have at least 12 characters");
        assertThat(PasswordHasher.problem("x".repeat(1025))).contains("password must have at most 1024 characters");
        assertThat(PasswordHasher.problem("twelve chars")).isEmpty();
    }
}
