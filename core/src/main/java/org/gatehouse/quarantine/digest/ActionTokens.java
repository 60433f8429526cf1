package org.gatehouse.quarantine.digest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.inject.Inject;

import org.gatehouse.quarantine.digest.TokenVerification.Failure;
import org.gatehouse.tenant.TenantId;

import com.google.common.base.Preconditions;

/**
 * Signed, expiring links for acting on quarantined mail without logging in. A token is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(tenant key, base64url(payload)))}; the payload holds a format
 * version, the tenant, the signing key id, 128 random bits of token id, the action, the entry id (none for
 * {@link TokenAction#LIST}), the recipient and the expiry in epoch seconds. Checking a token ({@link #verify}) never
 * uses it: only {@link #consume}, for the POST that acts, does, once.
 */
public class ActionTokens {
    public static final int MAX_ENTRY_ID_LENGTH = 200;
    public static final int MAX_RECIPIENT_LENGTH = 320;
    /** Longer than any token this class issues; a longer string is refused before it is decoded. */
    public static final int MAX_TOKEN_LENGTH = 2048;
    private static final byte VERSION = 1;
    private static final int TOKEN_ID_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SigningKeys keys;
    private final UsedTokens usedTokens;
    private final SecureRandom random;

    @Inject
    public ActionTokens(SigningKeys keys, UsedTokens usedTokens) {
        this(keys, usedTokens, new SecureRandom());
    }

    public ActionTokens(SigningKeys keys, UsedTokens usedTokens, SecureRandom random) {
        this.keys = keys;
        this.usedTokens = usedTokens;
        this.random = random;
    }

    /** A token to act on one entry. */
    public String issue(TenantId tenant, String entryId, String recipient, TokenAction action, Instant expiresAt) {
        Preconditions.checkArgument(action.needsEntry(), "a LIST token names no entry: use issueList");
        return issue(tenant, Optional.of(entryId), recipient, action, expiresAt);
    }

    /** A token opening the recipient's self-service page, usable until it expires. */
    public String issueList(TenantId tenant, String recipient, Instant expiresAt) {
        return issue(tenant, Optional.empty(), recipient, TokenAction.LIST, expiresAt);
    }

    private String issue(TenantId tenant, Optional<String> entryId, String recipient, TokenAction action, Instant expiresAt) {
        Preconditions.checkArgument(entryId.map(String::length).orElse(0) <= MAX_ENTRY_ID_LENGTH,
            "entry id longer than %s", MAX_ENTRY_ID_LENGTH);
        Preconditions.checkArgument(recipient.length() <= MAX_RECIPIENT_LENGTH, "recipient longer than %s", MAX_RECIPIENT_LENGTH);
        byte[] id = new byte[TOKEN_ID_BYTES];
        random.nextBytes(id);
        SigningKey key = keys.current(tenant);
        ActionToken token = new ActionToken(tenant, entryId, recipient, action, expiresAt.truncatedTo(ChronoUnit.SECONDS),
            HexFormat.of().formatHex(id), key.id());
        String payload = ENCODER.encodeToString(encode(token, id));
        return payload + "." + ENCODER.encodeToString(mac(key, payload));
    }

    /**
     * Checks a token without using it: for the confirmation page a GET shows. Never throws on any string; a failure of
     * the policy database is thrown as it is (the caller refuses the request).
     */
    public TokenVerification verify(String token, Instant now) {
        TokenVerification verification = authenticate(token, now);
        if (verification.isValid() && verification.token().action().needsEntry()
            && usedTokens.isUsed(verification.token().tokenId())) {
            return TokenVerification.failed(Failure.ALREADY_USED);
        }
        return verification;
    }

    /**
     * Checks a token and uses it up: for the POST that acts. Of two concurrent calls with one token, one gets the
     * token and the other {@link Failure#ALREADY_USED}. A {@link TokenAction#LIST} token is not used up.
     */
    public TokenVerification consume(String token, Instant now) {
        TokenVerification verification = authenticate(token, now);
        if (!verification.isValid() || !verification.token().action().needsEntry()) {
            return verification;
        }
        ActionToken valid = verification.token();
        return usedTokens.markUsed(valid.tokenId(), valid.expiresAt(), now)
            ? verification : TokenVerification.failed(Failure.ALREADY_USED);
    }

    private TokenVerification authenticate(String token, Instant now) {
        Optional<Parsed> parsed = parse(token);
        if (parsed.isEmpty()) {
            return TokenVerification.failed(Failure.MALFORMED);
        }
        ActionToken candidate = parsed.get().token();
        Optional<SigningKey> key = keys.find(candidate.tenant(), candidate.keyId());
        if (key.isEmpty()) {
            return TokenVerification.failed(Failure.UNKNOWN_KEY);
        }
        if (!MessageDigest.isEqual(mac(key.get(), parsed.get().payload()), parsed.get().signature())) {
            return TokenVerification.failed(Failure.BAD_SIGNATURE);
        }
        if (candidate.isExpiredAt(now)) {
            return TokenVerification.failed(Failure.EXPIRED);
        }
        return TokenVerification.valid(candidate);
    }

    /** A token's parts before its signature is checked. */
    private record Parsed(ActionToken token, String payload, byte[] signature) {
    }

    private static Optional<Parsed> parse(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || token.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (signature.length != MAC_BYTES) {
                return Optional.empty();
            }
            return decode(DECODER.decode(payload)).map(decoded -> new Parsed(decoded, payload, signature));
        } catch (IOException | RuntimeException e) {
            // not base64url, truncated, or a field out of bounds: not a token we issued
            return Optional.empty();
        }
    }

    private static byte[] encode(ActionToken token, byte[] id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(token.tenant().asString());
            out.writeInt(token.keyId());
            out.write(id);
            out.writeByte(token.action().code());
            out.writeBoolean(token.entryId().isPresent());
            if (token.entryId().isPresent()) {
                out.writeUTF(token.entryId().get());
            }
            out.writeUTF(token.recipient());
            out.writeLong(token.expiresAt().getEpochSecond());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Optional<ActionToken> decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        if (in.readByte() != VERSION) {
            return Optional.empty();
        }
        TenantId tenant = TenantId.of(in.readUTF());
        int keyId = in.readInt();
        byte[] id = in.readNBytes(TOKEN_ID_BYTES);
        Optional<TokenAction> action = TokenAction.ofCode((char) in.readUnsignedByte());
        Optional<String> entryId = in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
        String recipient = in.readUTF();
        long expiry = in.readLong();
        if (id.length != TOKEN_ID_BYTES || action.isEmpty() || in.available() > 0
            || entryId.map(String::length).orElse(0) > MAX_ENTRY_ID_LENGTH || recipient.length() > MAX_RECIPIENT_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new ActionToken(tenant, entryId, recipient, action.get(), Instant.ofEpochSecond(expiry),
            HexFormat.of().formatHex(id), keyId));
    }

    private static byte[] mac(SigningKey key, String payload) {
        try {
            Mac mac = Mac.getInstance(SigningKey.ALGORITHM);
            mac.init(key.secret());
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
