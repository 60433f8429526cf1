package org.gatehouse.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * The table from true type to {@link TypeFamily}, read from {@code type-families.properties} so that the mapping is
 * data a person can review: exact types, prefixes, Tika's type hierarchy, and extensions for what content cannot tell.
 */
public final class TypeFamilies {
    static final String RESOURCE = "type-families.properties";

    private final MediaTypeRegistry registry;
    private final Map<MediaType, TypeFamily> exact;
    private final List<Map.Entry<String, TypeFamily>> prefixes;
    private final Map<String, TypeFamily> extensions;

    private TypeFamilies(MediaTypeRegistry registry, Map<MediaType, TypeFamily> exact,
                         List<Map.Entry<String, TypeFamily>> prefixes, Map<String, TypeFamily> extensions) {
        this.registry = registry;
        this.exact = Map.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
        this.extensions = Map.copyOf(extensions);
    }

    /** The shipped table over Tika's type registry; a malformed table is a build error, reported at once. */
    static TypeFamilies load(MediaTypeRegistry registry) {
        Properties table = new Properties();
        try (InputStream in = TypeFamilies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<MediaType, TypeFamily> exact = new LinkedHashMap<>();
        Map<String, TypeFamily> prefixes = new LinkedHashMap<>();
        Map<String, TypeFamily> extensions = new LinkedHashMap<>();
        for (String key : table.stringPropertyNames()) {
            TypeFamily family = TypeFamily.parse(table.getProperty(key));
            String name = key.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith(".")) {
                extensions.put(name.substring(1), family);
            } else if (name.endsWith("*")) {
                prefixes.put(name.substring(0, name.length() - 1), family);
            } else {
                MediaType type = MediaType.parse(name);
                if (type == null) {
                    throw new IllegalStateException(RESOURCE + ": not a media type: " + key);
                }
                exact.put(type, family);
            }
        }
        List<Map.Entry<String, TypeFamily>> longestFirst = prefixes.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, TypeFamily> entry) -> entry.getKey().length()).reversed())
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
                .toList();
        return new TypeFamilies(registry, exact, longestFirst, extensions);
    }

    /** The family of a type: its own entry, else its longest prefix, else its nearest Tika supertype's, else OTHER. */
    public TypeFamily of(MediaType type) {
        MediaType current = registry.normalize(type);
        while (current != null) {
            MediaType base = current.getBaseType();
            TypeFamily found = exact.get(base);
            if (found != null) {
                return found;
            }
            String name = base.toString();
            for (Map.Entry<String, TypeFamily> prefix : prefixes) {
                if (name.startsWith(prefix.getKey())) {
                    return prefix.getValue();
                }
            }
            current = registry.getSupertype(current);
        }
        return TypeFamily.OTHER;
    }

    /** The family a file name's extension stands for, when the table names that extension. */
    public Optional<TypeFamily> ofExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(extensions.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** Every exact type the table names (for the check that Tika knows them all). */
    List<MediaType> namedTypes() {
        return List.copyOf(exact.keySet());
    }
}
