package org.gatehouse.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.InspectedPart;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * What this node already read out of a message's content: its content inspection (true types, text of every part at
 * every archive depth) and its readable text. The end of DATA fills it; the checks after the queue (DLP) read it
 * instead of parsing again, once per message and not once per tenant part. The key is the content itself (the top-level
 * Content-Type and Content-Transfer-Encoding, and the body's bytes, SHA-256): headers the pipeline adds do not change
 * it, and a part whose body was changed (attachments stripped, a disclaimer added) is read again. Bounded in size and
 * time; a miss (another node, a restart) only costs the work again.
 */
public final class MessageMemo {
    private static final long MAX_WEIGHT = 64L * 1024 * 1024;
    private static final byte[] CONTENT_TYPE = "content-type:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_TRANSFER_ENCODING = "content-transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final MessageMemo SHARED = new MessageMemo();

    private record Memo(Object value, int weight) {
    }

    private final Cache<String, Memo> memos = CacheBuilder.newBuilder()
        .maximumWeight(MAX_WEIGHT)
        .weigher((String key, Memo memo) -> memo.weight())
        .expireAfterAccess(Duration.ofMinutes(15))
        .build();

    MessageMemo() {
    }

    public static MessageMemo shared() {
        return SHARED;
    }

    public ContentInspection inspection(byte[] raw, Function<byte[], ContentInspection> inspect) {
        return (ContentInspection) get("inspection:" + contentKey(raw), () -> {
            ContentInspection inspection = inspect.apply(raw);
            long weight = 1000;
            for (InspectedPart part : inspection.parts()) {
                weight += 200 + 2L * part.text().length();
            }
            // the bytes unpacked for the antivirus count too: the bound is on memory, not only on text
            for (ContentInspection.Payload payload : inspection.opaquePayloads()) {
                weight += payload.content().length;
            }
            return new Memo(inspection, (int) Math.min(Integer.MAX_VALUE, weight));
        });
    }

    public String readableText(byte[] raw, Function<byte[], String> read) {
        return (String) get("text:" + contentKey(raw), () -> {
            String text = read.apply(raw);
            return new Memo(text, 100 + 2 * text.length());
        });
    }

    /** Keeps a readable text made elsewhere (the spam score's parse at the end of DATA). */
    public void rememberReadableText(byte[] raw, String text) {
        memos.put("text:" + contentKey(raw), new Memo(text, 100 + 2 * text.length()));
    }

    private Object get(String key, java.util.concurrent.Callable<Memo> make) {
        try {
            return memos.get(key, make).value();
        } catch (ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** SHA-256 of the top-level Content-Type and Content-Transfer-Encoding and of the body. */
    static String contentKey(byte[] raw) {
        int bodyStart = bodyStart(raw);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(describingLines(raw, bodyStart).getBytes(StandardCharsets.ISO_8859_1));
        digest.update((byte) 0);
        digest.update(raw, bodyStart, raw.length - bodyStart);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The Content-Type and Content-Transfer-Encoding fields of the header section, each line trimmed and ended by a line
     * feed, continuation lines included. A scan of the bytes: splitting the section with an expression and lower-casing
     * every line showed in the load profile.
     */
    static String describingLines(byte[] raw, int end) {
        StringBuilder describing = new StringBuilder();
        boolean inDescribing = false;
        int lineStart = 0;
        while (lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < end && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            boolean continuation = contentEnd > lineStart && (raw[lineStart] == ' ' || raw[lineStart] == '\t');
            if (!continuation) {
                inDescribing = startsWithIgnoringCase(raw, lineStart, contentEnd, CONTENT_TYPE)
                    || startsWithIgnoringCase(raw, lineStart, contentEnd, CONTENT_TRANSFER_ENCODING);
            }
            if (inDescribing) {
                describing.append(new String(raw, lineStart, contentEnd - lineStart, StandardCharsets.ISO_8859_1).trim()).append('\n');
            }
            lineStart = lineEnd + 1;
        }
        return describing.toString();
    }

    static boolean startsWithIgnoringCase(byte[] raw, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int index = 0; index < prefix.length; index++) {
            int b = raw[from + index];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != prefix[index]) {
                return false;
            }
        }
        return true;
    }

    /** The header section alone (to read a header without parsing the body). */
    public static byte[] headerSection(byte[] raw) {
        return java.util.Arrays.copyOf(raw, bodyStart(raw));
    }

    /** Where the body starts: after the first empty line (CRLF CRLF or LF LF), or the end when there is none. */
    static int bodyStart(byte[] raw) {
        for (int index = 0; index < raw.length - 1; index++) {
            if (raw[index] == '\n') {
                if (raw[index + 1] == '\n') {
                    return index + 2;
                }
                if (raw[index + 1] == '\r' && index + 2 < raw.length && raw[index + 2] == '\n') {
                    return index + 3;
                }
            }
        }
        return raw.length;
    }
}
