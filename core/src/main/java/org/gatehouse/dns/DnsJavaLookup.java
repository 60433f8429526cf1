package org.gatehouse.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;

/**
 * {@link DnsLookup} on dnsjava: asynchronous queries to the configured resolvers (any port, so a test can use a
 * DNS server on a loopback port), answers cached for their TTL (negative answers for the SOA minimum).
 */
public class DnsJavaLookup implements DnsLookup {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** Resolvers as {@code host} or {@code host:port} (port 53 by default); empty: the system's resolvers. */
    public static DnsJavaLookup create(List<String> servers, Duration timeout) {
        Resolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver(ResolverConfig.getCurrentConfig().servers().stream()
                .<Resolver>map(SimpleResolver::new).toList());
        } else {
            resolver = new ExtendedResolver(servers.stream().<Resolver>map(DnsJavaLookup::resolver).toList());
        }
        resolver.setTimeout(timeout);
        return new DnsJavaLookup(LookupSession.builder()
            .resolver(resolver)
            .cache(new Cache(DClass.IN))
            .clearSearchPath()
            .ndots(0)
            .build());
    }

    private static Resolver resolver(String server) {
        HostAndPort hostAndPort = HostAndPort.fromString(server).withDefaultPort(53);
        return new SimpleResolver(new InetSocketAddress(InetAddresses.forString(hostAndPort.getHost()), hostAndPort.getPort()));
    }

    private final LookupSession session;

    private DnsJavaLookup(LookupSession session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, RecordType type) {
        Name absolute;
        try {
            absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.nxDomain());
        }
        return session.lookupAsync(absolute, typeOf(type))
            .thenApply(result -> DnsAnswer.found(records(result.getRecords(), type)))
            .exceptionally(DnsJavaLookup::failure)
            .toCompletableFuture();
    }

    private static DnsAnswer failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof NoSuchDomainException) {
            return DnsAnswer.nxDomain();
        }
        if (cause instanceof NoSuchRRSetException) {
            return DnsAnswer.noData();
        }
        return DnsAnswer.temporaryError();
    }

    private static int typeOf(RecordType type) {
        return switch (type) {
            case A -> Type.A;
            case AAAA -> Type.AAAA;
            case MX -> Type.MX;
            case PTR -> Type.PTR;
            case TXT -> Type.TXT;
        };
    }

    private static List<String> records(List<Record> records, RecordType type) {
        return switch (type) {
            case A -> records.stream().filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress()).toList();
            case AAAA -> records.stream().filter(AAAARecord.class::isInstance)
                .map(record -> InetAddresses.toAddrString(((AAAARecord) record).getAddress())).toList();
            case MX -> records.stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast)
                .sorted(Comparator.comparingInt(MXRecord::getPriority))
                .map(record -> hostName(record.getTarget())).toList();
            case PTR -> records.stream().filter(PTRRecord.class::isInstance)
                .map(record -> hostName(((PTRRecord) record).getTarget())).toList();
            case TXT -> records.stream().filter(TXTRecord.class::isInstance)
                .map(record -> String.join("", ((TXTRecord) record).getStrings())).collect(Collectors.toList());
        };
    }

    private static String hostName(Name name) {
        String text = name.toString(true);
        return text.toLowerCase(Locale.ROOT);
    }
}
