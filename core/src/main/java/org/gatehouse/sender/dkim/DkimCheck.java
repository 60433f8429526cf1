package org.gatehouse.sender.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecord;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.canon.CompoundOutputStream;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;
import org.apache.james.mime4j.MimeException;
import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;
import org.gatehouse.sender.Futures;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Verifies every DKIM-Signature of a raw message (RFC 6376) with jDKIM and reports each one's outcome. The body
 * is hashed while the keys of all selectors are fetched concurrently; nothing blocks on DNS.
 */
public final class DkimCheck {
    private static final String DKIM_SIGNATURE = "DKIM-Signature";
    /** Senders' clocks run ahead: a signature dated less than this into the future is accepted (as jDKIM 0.5). */
    static final Duration CLOCK_DRIFT_TOLERANCE = Duration.ofMinutes(5);

    private final DnsLookup dns;
    private final Clock clock;

    public DkimCheck(DnsLookup dns) {
        this(dns, Clock.systemUTC());
    }

    public DkimCheck(DnsLookup dns, Clock clock) {
        this.dns = dns;
        this.clock = clock;
    }

    /**
     * One result per DKIM-Signature field, in header order, or a single {@link DkimResult.Result#NONE} result when
     * the message is unsigned. Reads (and closes) the stream before returning.
     */
    public CompletableFuture<List<DkimResult>> verify(InputStream rawMessage) throws IOException {
        DkimMessage message;
        try (InputStream input = rawMessage) {
            message = DkimMessage.parse(input);
        } catch (MimeException e) {
            return completed(new DkimResult("", "", DkimResult.Result.PERMERROR,
                "the message headers cannot be parsed: " + e.getMessage()));
        }
        HeaderFields headers;
        List<Signature> signatures;
        try {
            List<String> fields = message.getFields(DKIM_SIGNATURE);
            if (fields.isEmpty()) {
                return completed(DkimResult.none());
            }
            headers = HeaderFields.copyOf(message);
            signatures = fields.stream().map(this::parse).toList();
            hashBody(message, signatures);
        } finally {
            message.dispose();
        }
        return fetchKeys(signatures).thenApply(keys -> {
            DKIMVerifier verifier = new KnownKeysVerifier(keys);
            return signatures.stream().map(signature -> signature.verify(verifier, headers)).toList();
        });
    }

    private Signature parse(String field) {
        SignatureRecord record;
        try {
            record = new SignatureRecordImpl(field.substring(field.indexOf(':') + 1));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new Decided(new DkimResult("", "", DkimResult.Result.PERMERROR, "malformed signature: " + e.getMessage()));
        }
        String domain = text(record.getDToken());
        String selector = text(record.getSelector());
        try {
            record.validate();
            requireNotInTheFuture(record);
            return new Pending(record, domain, selector, new BodyHasherImpl(record));
        } catch (IllegalStateException | IllegalArgumentException | PermFailException e) {
            return new Decided(new DkimResult(domain, selector, DkimResult.Result.PERMERROR,
                "invalid signature: " + e.getMessage()));
        }
    }

    private void requireNotInTheFuture(SignatureRecord record) throws PermFailException {
        Long signedAt = record.getSignatureTimestamp();
        if (signedAt != null && Instant.ofEpochSecond(signedAt).isAfter(clock.instant().plus(CLOCK_DRIFT_TOLERANCE))) {
            throw new PermFailException("it is dated in the future (t=" + signedAt + ")");
        }
    }

    private static String text(CharSequence value) {
        return value == null ? "" : value.toString();
    }

    /** One pass over the body, feeding every signature's canonicalizer at once. */
    private static void hashBody(DkimMessage message, List<Signature> signatures) throws IOException {
        List<OutputStream> hashers = signatures.stream()
            .filter(Pending.class::isInstance)
            .map(signature -> ((Pending) signature).body().getOutputStream())
            .toList();
        if (hashers.isEmpty()) {
            return;
        }
        InputStream body = message.getBodyInputStream();
        if (body == null) {
            throw new IOException("The message body cannot be read");
        }
        DKIMCommon.streamCopy(body, new CompoundOutputStream(hashers));
    }

    private CompletableFuture<FetchedKeyRecords> fetchKeys(List<Signature> signatures) {
        List<String> names = signatures.stream()
            .filter(Pending.class::isInstance)
            .map(signature -> ((Pending) signature).keyName())
            .distinct()
            .toList();
        return Futures.allOf(names.stream().map(name -> dns.query(name, RecordType.TXT)).toList())
            .thenApply(answers -> {
                Map<String, DnsAnswer> byName = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    byName.put(names.get(i), answers.get(i));
                }
                return new FetchedKeyRecords(byName);
            });
    }

    /**
     * jDKIM's verifier with each key record's text parsed once: every message a sender signs carries the same
     * selector's record. The parsed record is only read after parsing; an invalid one fails its validation each time.
     */
    private static final class KnownKeysVerifier extends DKIMVerifier {
        private static final Cache<String, PublicKeyRecord> RECORDS = CacheBuilder.newBuilder().maximumSize(1_000).build();

        KnownKeysVerifier(FetchedKeyRecords keys) {
            super(keys);
        }

        @Override
        protected PublicKeyRecord newPublicKeyRecord(String record) {
            PublicKeyRecord known = RECORDS.getIfPresent(record);
            if (known != null) {
                return known;
            }
            PublicKeyRecord parsed = super.newPublicKeyRecord(record);
            if (record.length() <= HeaderSignature.MAX_REMEMBERED_RECORD) {
                RECORDS.put(record, parsed);
            }
            return parsed;
        }
    }

    private static CompletableFuture<List<DkimResult>> completed(DkimResult result) {
        return CompletableFuture.completedFuture(List.of(result));
    }

    /** A signature either decided while parsing or waiting for its key. */
    private sealed interface Signature permits Decided, Pending {
        DkimResult verify(DKIMVerifier verifier, HeaderFields headers);
    }

    private record Decided(DkimResult result) implements Signature {
        @Override
        public DkimResult verify(DKIMVerifier verifier, HeaderFields headers) {
            return result;
        }
    }

    private record Pending(SignatureRecord record, String domain, String selector, BodyHasherImpl body)
        implements Signature {

        String keyName() {
            return FetchedKeyRecords.keyName(selector, domain);
        }

        @Override
        public DkimResult verify(DKIMVerifier verifier, HeaderFields headers) {
            PublicKeyRecord key;
            try {
                key = verifier.publicRecordLookup(record);
            } catch (TempFailException e) {
                return result(DkimResult.Result.TEMPERROR, "the key could not be fetched: " + e.getMessage());
            } catch (PermFailException e) {
                return result(DkimResult.Result.PERMERROR, "no usable key at " + keyName() + ": " + e.getMessage());
            }
            try {
                if (!HeaderSignature.verifies(headers, record, key)) {
                    return result(DkimResult.Result.FAIL, "the header signature (b=) does not verify");
                }
            } catch (PermFailException e) {
                return result(DkimResult.Result.PERMERROR, e.getMessage());
            }
            if (!Arrays.equals(record.getBodyHash(), body.getDigest())) {
                return result(DkimResult.Result.FAIL, "the body hash (bh=) does not match the body");
            }
            return result(DkimResult.Result.PASS, "signature verified");
        }

        private DkimResult result(DkimResult.Result result, String reason) {
            return new DkimResult(domain, selector, result, reason);
        }
    }
}
