package org.gatehouse.sender.dkim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.gatehouse.dns.DnsAnswer;

import com.google.common.collect.ImmutableMap;

/**
 * jDKIM's key source, over TXT answers fetched beforehand (all selectors of a message at once), so that jDKIM's
 * synchronous lookups never block on DNS. A DNS failure is jDKIM's temporary failure, never "no key".
 */
final class FetchedKeyRecords implements PublicKeyRecordRetriever {
    private static final String DNS_TXT = "dns/txt";

    private final ImmutableMap<String, DnsAnswer> answers;

    FetchedKeyRecords(Map<String, DnsAnswer> answers) {
        this.answers = ImmutableMap.copyOf(answers);
    }

    /** Where a selector's key is published (RFC 6376 §3.6.2.1). */
    static String keyName(CharSequence selector, CharSequence domain) {
        return (selector + "._domainkey." + domain).toLowerCase(Locale.ROOT);
    }

    @Override
    public List<String> getRecords(CharSequence method, CharSequence selector, CharSequence domain)
        throws TempFailException, PermFailException {
        if (!DNS_TXT.equalsIgnoreCase(method.toString())) {
            throw new PermFailException("unsupported key query method " + method);
        }
        String name = keyName(selector, domain);
        DnsAnswer answer = answers.get(name);
        if (answer == null) {
            throw new PermFailException("the key at " + name + " was not fetched");
        }
        return switch (answer.status()) {
            case FOUND -> answer.records();
            case NX_DOMAIN, NO_DATA -> List.of();
            case TEMPORARY_ERROR -> throw new TempFailException("DNS lookup of " + name + " failed");
        };
    }
}
