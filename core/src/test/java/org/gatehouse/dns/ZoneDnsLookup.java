package org.gatehouse.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.net.InetAddresses;

/**
 * An in-memory zone answering {@link DnsLookup} queries, for tests of the sender checks. It is built by hand
 * ({@link #builder()}) or from a scenario's {@code zonedata} in the openspf test suite format
 * ({@link #fromZonedata(Map)}), and answers as a resolver would: names are case-insensitive with an optional trailing
 * dot, CNAMEs are followed (a loop is a temporary error, as a server's SERVFAIL), an unknown name is NXDOMAIN and a
 * known name without records of the type is NODATA. A TIMEOUT entry makes queries of the name a temporary error,
 * except for types whose records are listed before it (the suite driver's rule).
 */
public final class ZoneDnsLookup implements DnsLookup {
    private static final int MAX_CNAME_CHAIN = 8;

    /** One line of a name's zone data: a record, an alias or a TIMEOUT. */
    private sealed interface Entry {
    }

    /** The preference orders MX records; it is 0 for the other types. */
    private record Record(RecordType type, String value, int preference) implements Entry {
        Record(RecordType type, String value) {
            this(type, value, 0);
        }
    }

    private record Alias(String target) implements Entry {
    }

    private record Timeout() implements Entry {
    }

    private final ImmutableMap<String, ImmutableList<Entry>> zone;

    private ZoneDnsLookup(Map<String, List<Entry>> zone) {
        ImmutableMap.Builder<String, ImmutableList<Entry>> copy = ImmutableMap.builder();
        zone.forEach((name, entries) -> copy.put(name, ImmutableList.copyOf(entries)));
        this.zone = copy.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A zone from the suite's {@code zonedata}: name → list of single-entry maps ({@code A}, {@code AAAA},
     * {@code MX: [preference, host]}, {@code PTR}, {@code TXT}/{@code SPF} as a string or a list of strings,
     * {@code CNAME}) or the word {@code TIMEOUT}. As in the suite's driver, a name without any TXT entry gets its SPF
     * (type 99) records as TXT records, and {@code TXT: NONE} only marks that the name has none.
     */
    public static ZoneDnsLookup fromZonedata(Map<?, ?> zonedata) {
        Builder builder = builder();
        zonedata.forEach((name, entries) -> builder.addSuiteEntries(String.valueOf(name), (List<?>) entries));
        return builder.build();
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, RecordType type) {
        return CompletableFuture.completedFuture(answer(normalize(name), type, 0));
    }

    private DnsAnswer answer(String name, RecordType type, int aliasesFollowed) {
        ImmutableList<Entry> entries = zone.get(name);
        if (entries == null) {
            return DnsAnswer.nxDomain();
        }
        List<Record> records = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry instanceof Timeout) {
                return records.isEmpty() ? DnsAnswer.temporaryError() : found(records);
            }
            if (entry instanceof Alias alias) {
                return aliasesFollowed < MAX_CNAME_CHAIN
                    ? answer(normalize(alias.target()), type, aliasesFollowed + 1)
                    : DnsAnswer.temporaryError();
            }
            if (entry instanceof Record record && record.type() == type) {
                records.add(record);
            }
        }
        return found(records);
    }

    /** MX records lowest preference first, as {@link RecordType#MX} promises; the others in zone order. */
    private static DnsAnswer found(List<Record> records) {
        return DnsAnswer.found(records.stream().sorted(Comparator.comparingInt(Record::preference)).map(Record::value).toList());
    }

    /** The key of a name in the zone: DNS names are case-insensitive (RFC 4343), the trailing dot optional. */
    private static String normalize(String name) {
        return withoutTrailingDot(name).toLowerCase(Locale.ROOT);
    }

    /** Host names in answers keep their case, as DNS does. */
    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Adds names in zone order; each method adds one entry to the name's list. */
    public static final class Builder {
        private final Map<String, List<Entry>> zone = new HashMap<>();

        private Builder() {
        }

        public Builder a(String name, String address) {
            return add(name, new Record(RecordType.A, InetAddresses.toAddrString(InetAddresses.forString(address))));
        }

        public Builder aaaa(String name, String address) {
            return add(name, new Record(RecordType.AAAA, InetAddresses.toAddrString(InetAddresses.forString(address))));
        }

        public Builder mx(String name, int preference, String exchange) {
            return add(name, new Record(RecordType.MX, withoutTrailingDot(exchange), preference));
        }

        public Builder ptr(String name, String host) {
            return add(name, new Record(RecordType.PTR, withoutTrailingDot(host)));
        }

        /** One TXT record; several strings of one record are given joined (RFC 7208 §3.3). */
        public Builder txt(String name, String text) {
            return add(name, new Record(RecordType.TXT, text));
        }

        public Builder cname(String name, String target) {
            return add(name, new Alias(target));
        }

        /** Queries of the name time out, except for types whose records were added before. */
        public Builder timeout(String name) {
            return add(name, new Timeout());
        }

        public ZoneDnsLookup build() {
            return new ZoneDnsLookup(zone);
        }

        private Builder add(String name, Entry entry) {
            zone.computeIfAbsent(normalize(name), key -> new ArrayList<>()).add(entry);
            return this;
        }

        private void addSuiteEntries(String name, List<?> entries) {
            boolean hasTxt = entries.stream().anyMatch(entry -> entry instanceof Map<?, ?> map && map.containsKey("TXT"));
            List<String> spfRecords = new ArrayList<>();
            zone.computeIfAbsent(normalize(name), key -> new ArrayList<>());
            for (Object entry : entries) {
                if ("TIMEOUT".equals(entry)) {
                    timeout(name);
                    continue;
                }
                Map<?, ?> map = (Map<?, ?>) entry;
                map.forEach((type, value) -> {
                    switch (String.valueOf(type)) {
                        case "A" -> a(name, String.valueOf(value));
                        case "AAAA" -> aaaa(name, String.valueOf(value));
                        case "MX" -> {
                            List<?> mx = (List<?>) value;
                            mx(name, ((Number) mx.get(0)).intValue(), String.valueOf(mx.get(1)));
                        }
                        case "PTR" -> ptr(name, String.valueOf(value));
                        case "CNAME" -> cname(name, String.valueOf(value));
                        case "TXT" -> text(value).ifPresent(text -> txt(name, text));
                        case "SPF" -> text(value).ifPresent(spfRecords::add);
                        default -> throw new IllegalArgumentException("Unknown zonedata entry for " + name + ": " + type);
                    }
                });
            }
            if (!hasTxt) {
                spfRecords.forEach(text -> txt(name, text));
            }
        }

        /** A record's strings joined; empty for the NONE placeholder. */
        private static Optional<String> text(Object value) {
            if ("NONE".equals(value)) {
                return Optional.empty();
            }
            if (value instanceof List<?> strings) {
                return Optional.of(String.join("", strings.stream().map(String::valueOf).toList()));
            }
            return Optional.of(String.valueOf(value));
        }
    }
}
