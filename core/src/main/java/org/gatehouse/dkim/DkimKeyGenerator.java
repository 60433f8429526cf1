package org.gatehouse.dkim;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** New RSA 2048 key pairs for rsa-sha256 signing (RFC 8301: at least 1024 bits, 2048 recommended). */
public class DkimKeyGenerator {
    public static final int BITS = 2048;

    /** The base64 SubjectPublicKeyInfo for {@code p=}, and the PKCS#8 private key kept in the policy database. */
    public record Generated(String publicKey, byte[] privateKeyPkcs8) {
        @Override
        public String toString() {
            return "Generated{" + publicKey + "}";
        }
    }

    public Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            KeyPair pair = generator.generateKeyPair();
            return new Generated(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), pair.getPrivate().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every Java runtime", e);
        }
    }
}
