package org.gatehouse.sender.dmarc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;

/** TXT answers from a map (unknown names are NXDOMAIN), remembering the names asked for. */
class MapDnsLookup implements DnsLookup {
    private final Map<String, DnsAnswer> answers = new HashMap<>();
    private final List<String> queried = new ArrayList<>();

    MapDnsLookup with(String name, DnsAnswer answer) {
        answers.put(name, answer);
        return this;
    }

    MapDnsLookup withTxt(String name, String... records) {
        return with(name, DnsAnswer.found(List.of(records)));
    }

    List<String> queried() {
        return List.copyOf(queried);
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, RecordType type) {
        if (type != RecordType.TXT) {
            throw new AssertionError("DMARC asks only for TXT records, not " + type + " for " + name);
        }
        queried.add(name);
        return CompletableFuture.completedFuture(answers.getOrDefault(name, DnsAnswer.nxDomain()));
    }
}
