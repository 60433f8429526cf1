package org.gatehouse.sender.dkim;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Locale;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.PublicKeyRecord;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The header half of a DKIM verification (b=), with jDKIM's canonicalization. A subclass only to reach
 * {@code DKIMCommon.signatureCheck}: jDKIM 0.3 verifies all signatures together and reports only those that
 * passed, while DMARC and Authentication-Results need each signature's own outcome.
 */
final class HeaderSignature extends DKIMCommon {
    /**
     * Decoded keys by their record's text: every message a sender signs carries the same key record, and decoding it
     * (base64, then the key's DER structure) cost about as much as the RSA verification itself. Bounded; a key
     * published anew is another text.
     */
    private static final Cache<String, PublicKey> KEYS = CacheBuilder.newBuilder().maximumSize(1_000).build();
    /**
     * Longer record texts are decoded every time, never kept: a sender's DNS can publish a TXT record of tens of KB for
     * each of many selectors, and a cache of 1,000 such texts would hold tens of MB. An RSA-4096 key's record is about
     * 800 characters.
     */
    static final int MAX_REMEMBERED_RECORD = 2_048;

    private HeaderSignature() {
    }

    private static PublicKey publicKey(PublicKeyRecord key) {
        String text = key.toString();
        PublicKey known = KEYS.getIfPresent(text);
        if (known != null) {
            return known;
        }
        PublicKey decoded = key.getPublicKey();
        if (text.length() <= MAX_REMEMBERED_RECORD) {
            KEYS.put(text, decoded);
        }
        return decoded;
    }

    /** False when the signature does not verify; a {@link PermFailException} when it cannot be checked. */
    static boolean verifies(Headers headers, SignatureRecord signature, PublicKeyRecord key) throws PermFailException {
        PublicKey publicKey;
        try {
            publicKey = publicKey(key);
        } catch (IllegalStateException e) {
            throw new PermFailException("invalid public key: " + e.getMessage());
        }
        try {
            Signature verifier = Signature.getInstance(signature.getHashMethod().toString().toUpperCase(Locale.ROOT)
                + "with" + signature.getHashKeyType().toString().toUpperCase(Locale.ROOT));
            verifier.initVerify(publicKey);
            signatureCheck(headers, signature, signature.getHeaders(), verifier);
            return verifier.verify(signature.getSignature());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new PermFailException("the key cannot verify this signature: " + e.getMessage());
        } catch (SignatureException e) {
            return false;
        }
    }
}
