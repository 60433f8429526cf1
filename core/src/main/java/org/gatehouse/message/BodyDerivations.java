package org.gatehouse.message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values worked out from a message's body alone (its parts, texts, HTML, links and attachments) and from what their key
 * names besides, kept with the body: with the view of one message, and with a body {@link BodyMemo} remembers, for every
 * message that brings that body again. The phishing pass's URLs and the wording signals of the spam score are worked out
 * once per body, not once per message (bulk mail) nor once per tenant part. Bounded: past {@value #MAX_VALUES} values
 * (a body that comes with ever new subjects), a value is worked out and not kept.
 */
final class BodyDerivations {
    static final int MAX_VALUES = 64;

    private final Map<Object, Object> values = new ConcurrentHashMap<>();

    /**
     * The value for the key, worked out by {@code compute} the first time. The key must name everything the value
     * depends on beyond the body (a record of the derivation and, say, the subject); the value must be immutable and
     * not null.
     */
    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> compute) {
        Object known = values.get(key);
        if (known != null) {
            return (T) known;
        }
        T value = compute.get();
        if (values.size() < MAX_VALUES) {
            Object raced = values.putIfAbsent(key, value);
            return raced == null ? value : (T) raced;
        }
        return value;
    }
}
