package org.gatehouse.dkim;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;

import org.gatehouse.tenant.DomainName;

/** A domain's active key as the signer needs it: {@code d=}, {@code s=} and the private key. Never printed. */
public final class SigningKey {
    /** The private key could not be read from its PKCS#8 bytes. */
    public static class UnreadableKeyException extends RuntimeException {
        public UnreadableKeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static SigningKey fromPkcs8(DomainName domain, DkimSelector selector, byte[] pkcs8) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKey(domain, selector, key);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException | RuntimeException e) {
            // the message names the key, never its bytes
            throw new UnreadableKeyException("The DKIM key " + selector.asString() + "._domainkey." + domain.asString()
                + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private final DomainName domain;
    private final DkimSelector selector;
    private final PrivateKey privateKey;

    public SigningKey(DomainName domain, DkimSelector selector, PrivateKey privateKey) {
        this.domain = domain;
        this.selector = selector;
        this.privateKey = privateKey;
    }

    public DomainName domain() {
        return domain;
    }

    public DkimSelector selector() {
        return selector;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "SigningKey{" + selector.asString() + "._domainkey." + domain.asString() + "}";
    }
}
