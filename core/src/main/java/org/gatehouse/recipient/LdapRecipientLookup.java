package org.gatehouse.recipient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalListener;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;

/**
 * Asks a tenant's LDAP or Active Directory server whether an address is a recipient (UnboundID LDAP SDK): one search
 * of {@code baseDn} with the policy's filter, its values escaped (RFC 4515), no attributes returned, at most one entry.
 * Connections are pooled per server and identity; TLS ({@code ldaps://} or StartTLS) checks the server's name and
 * its certificate against the policy's CA, or the JVM's trusted ones. A server that cannot be reached, refuses the
 * bind or does not answer within the timeout is {@link RecipientCheck.Outcome#UNAVAILABLE}.
 */
public class LdapRecipientLookup implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LdapRecipientLookup.class);
    private static final int MAX_CONNECTIONS = 4;

    private final Cache<String, LDAPConnectionPool> pools = CacheBuilder.newBuilder()
        .expireAfterAccess(1, TimeUnit.HOURS)
        .maximumSize(1000)
        .removalListener((RemovalListener<String, LDAPConnectionPool>) removal -> removal.getValue().close())
        .build();

    public RecipientCheck check(RecipientPolicy.Ldap ldap, String address) {
        Filter filter;
        try {
            String local = address.substring(0, address.lastIndexOf('@'));
            String domain = address.substring(address.lastIndexOf('@') + 1);
            filter = Filter.create(ldap.filter().replace("{address}", Filter.encodeValue(address))
                .replace("{local}", Filter.encodeValue(local)).replace("{domain}", Filter.encodeValue(domain)));
        } catch (LDAPException e) {
            return RecipientCheck.unavailable("the LDAP filter does not read with this address: " + e.getMessage());
        }
        int timeLimit = (int) Math.max(1, ldap.timeout().toSeconds());
        SearchRequest request = new SearchRequest(ldap.baseDn(), SearchScope.SUB, DereferencePolicy.NEVER, 1, timeLimit, false, filter, "1.1");
        request.setResponseTimeoutMillis(ldap.timeout().toMillis());
        try {
            SearchResult result = pool(ldap).search(request);
            return result.getEntryCount() > 0
                ? RecipientCheck.known("found in " + ldap.url().getHost() + " under " + ldap.baseDn())
                : RecipientCheck.unknown("no entry matches " + filter + " under " + ldap.baseDn() + " at " + ldap.url().getHost());
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED && e.getEntryCount() > 0) {
                return RecipientCheck.known("found in " + ldap.url().getHost() + " under " + ldap.baseDn());
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return RecipientCheck.unavailable("the base DN " + ldap.baseDn() + " does not exist at " + ldap.url().getHost());
            }
            return unavailable(ldap, e);
        } catch (LDAPException e) {
            return unavailable(ldap, e);
        }
    }

    private RecipientCheck unavailable(RecipientPolicy.Ldap ldap, LDAPException e) {
        LOGGER.warn("LDAP recipient lookup at {} failed: {}", ldap.url(), e.getMessage());
        return RecipientCheck.unavailable("the LDAP server " + ldap.url().getHost() + " did not answer: " + e.getResultCode()
            + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")"));
    }

    private LDAPConnectionPool pool(RecipientPolicy.Ldap ldap) throws LDAPException {
        try {
            return pools.get(ldap.connectionKey(), () -> open(ldap));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LDAPException ldapException) {
                throw ldapException;
            }
            throw new LDAPException(ResultCode.CONNECT_ERROR, e.getCause().getMessage(), e.getCause());
        } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, String.valueOf(e.getCause()), e.getCause());
        }
    }

    private static LDAPConnectionPool open(RecipientPolicy.Ldap ldap) throws LDAPException, GeneralSecurityException {
        boolean ldaps = ldap.url().getScheme().toLowerCase(Locale.ROOT).equals("ldaps");
        int port = ldap.url().getPort() > 0 ? ldap.url().getPort() : ldaps ? 636 : 389;
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) ldap.timeout().toMillis());
        options.setResponseTimeoutMillis(ldap.timeout().toMillis());
        options.setUseSynchronousMode(false);
        SocketFactory sockets = SocketFactory.getDefault();
        StartTLSPostConnectProcessor startTls = null;
        if (ldaps || ldap.startTls()) {
            SSLUtil ssl = new SSLUtil(trust(ldap));
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            if (ldaps) {
                sockets = ssl.createSSLSocketFactory();
            } else {
                SSLContext context = ssl.createSSLContext();
                startTls = new StartTLSPostConnectProcessor(context);
            }
        }
        SingleServerSet server = new SingleServerSet(ldap.url().getHost(), port, sockets, options);
        SimpleBindRequest bind = ldap.bindDn().map(dn -> new SimpleBindRequest(dn, ldap.bindPassword().orElse("")))
            .orElseGet(SimpleBindRequest::new);
        LDAPConnectionPool pool = new LDAPConnectionPool(server, bind, 1, MAX_CONNECTIONS, startTls);
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setMaxWaitTimeMillis(ldap.timeout().toMillis());
        pool.setMaxConnectionAgeMillis(Duration.ofMinutes(30).toMillis());
        return pool;
    }

    private static TrustManager trust(RecipientPolicy.Ldap ldap) throws GeneralSecurityException {
        if (ldap.caCertificate().isEmpty()) {
            return JVMDefaultTrustManager.getInstance();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int index = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(ldap.caCertificate().get().getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers()[0];
    }

    @Override
    public void close() {
        pools.invalidateAll();
    }
}
