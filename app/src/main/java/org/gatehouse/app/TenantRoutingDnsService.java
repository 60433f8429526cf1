package org.gatehouse.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantDirectory;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;

/**
 * Routes each tenant's inbound mail to its own downstream server: for a tenant domain, the "MX" answer is the
 * tenant's downstream {@code host:port} (RemoteDelivery reads an MX entry of that form as host and port). Every
 * other name is resolved by DNS. One RemoteDelivery thus serves every tenant, and a tenant added or changed
 * through WebAdmin is routed by the next delivery attempt, queued mail included.
 */
public class TenantRoutingDnsService implements DNSService {
    private final DNSService dns;
    private final TenantDirectory directory;

    @Inject
    public TenantRoutingDnsService(DNSJavaService dns, TenantDirectory directory) {
        this((DNSService) dns, directory);
    }

    TenantRoutingDnsService(DNSService dns, TenantDirectory directory) {
        this.dns = dns;
        this.directory = directory;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        Optional<Tenant> tenant = directory.ownerOf(hostname);
        if (tenant.isPresent()) {
            return ImmutableList.of(tenant.get().downstream().asMxRecord());
        }
        return dns.findMXRecords(hostname);
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        if (InetAddresses.isInetAddress(host)) {
            return ImmutableList.of(InetAddresses.forString(host));
        }
        return dns.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        if (InetAddresses.isInetAddress(host)) {
            return InetAddresses.forString(host);
        }
        return dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
