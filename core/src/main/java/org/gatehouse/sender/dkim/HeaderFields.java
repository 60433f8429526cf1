package org.gatehouse.sender.dkim;

import java.util.List;
import java.util.Objects;

import org.apache.james.jdkim.api.Headers;

import com.google.common.collect.ImmutableList;

/** The message's header fields, kept for the header checks after the parsed message is released. */
record HeaderFields(ImmutableList<String> fields) implements Headers {
    static HeaderFields copyOf(Headers headers) {
        return new HeaderFields(headers.getFields().stream().filter(Objects::nonNull)
            .collect(ImmutableList.toImmutableList()));
    }

    @Override
    public List<String> getFields() {
        return fields;
    }

    @Override
    public List<String> getFields(String name) {
        return fields.stream().filter(field -> hasName(field, name)).toList();
    }

    private static boolean hasName(String field, String name) {
        int colon = field.indexOf(':');
        return colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name);
    }
}
