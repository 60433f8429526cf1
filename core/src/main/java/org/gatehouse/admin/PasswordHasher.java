package org.gatehouse.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with Bouncy
 * Castle's implementation. The default cost is OWASP's minimum for Argon2id (19 MiB, two passes, one lane); a stored hash
 * keeps its own parameters, so raising them later still verifies older hashes.
 */
public final class PasswordHasher {
    /** Passwords shorter than this are refused when set. */
    public static final int MIN_LENGTH = 12;
    /** Longer input is refused: hashing it would cost the caller nothing and the server more. */
    public static final int MAX_LENGTH = 1024;

    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    public PasswordHasher() {
        this(19_456, 2, 1);
    }

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** Why a new password is refused, if it is. */
    public static Optional<String> problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("password must have at most " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + ENCODER.encodeToString(salt)
            + "$" + ENCODER.encodeToString(hash);
    }

    /** Whether the password matches the stored hash; a malformed or foreign hash never matches. */
    public boolean verify(String password, String stored) {
        if (password == null || password.length() > MAX_LENGTH || stored == null) {
            return false;
        }
        Matcher phc = PHC.matcher(stored);
        if (!phc.matches()) {
            return false;
        }
        int memory = Integer.parseInt(phc.group(1));
        int passes = Integer.parseInt(phc.group(2));
        int lanes = Integer.parseInt(phc.group(3));
        if (memory < 8 * lanes || memory > 1_048_576 || passes < 1 || lanes < 1) {
            return false;
        }
        byte[] expected = DECODER.decode(phc.group(5));
        byte[] actual = derive(password, DECODER.decode(phc.group(4)), memory, passes, lanes, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memory, int passes, int lanes) {
        return derive(password, salt, memory, passes, lanes, HASH_BYTES);
    }

    private static byte[] derive(String password, byte[] salt, int memory, int passes, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
