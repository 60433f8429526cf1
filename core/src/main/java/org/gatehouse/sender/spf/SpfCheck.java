package org.gatehouse.sender.spf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.core.SPFRecordParser;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.wiring.WiringService;
import org.apache.james.jspf.wiring.WiringServiceException;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.sender.spf.SpfResult.Identity;
import org.gatehouse.sender.spf.SpfResult.Result;

import com.google.common.base.Preconditions;
import com.google.common.net.InetAddresses;

/**
 * Decides whether a client may send mail for its MAIL FROM domain, or for its HELO name when the sender is null
 * (RFC 7208 check_host()). jSPF does the evaluation (mechanisms, macros, exp=, limits) over Gatehouse's DNS; all the
 * lookups of one check share one time budget, and running out of it is a temperror. A check blocks its thread for
 * at most about that budget; the instance is immutable and may be shared.
 */
public final class SpfCheck {
    /**
     * The services of the check running on this thread, which the terms jSPF makes while it parses a record are wired
     * to (its DNS with this check's budget, its macro expansion). A check runs on one thread from start to end.
     */
    private static final ThreadLocal<WiringService> CHECK_SERVICES = new ThreadLocal<>();
    /**
     * The record parser, built once: jSPF's terms factory reads its term list and the parser compiles its expressions
     * when made (about 5 % of a gateway's CPU under load when it was made for every check). Both are stateless across
     * records; only the wiring differs per check, and it is looked up when a term is made.
     */
    private static final SPFRecordParser PARSER = new Rfc7208TermsFactory(SpfCheck::wireForCurrentCheck).parser();

    private final DnsLookup lookup;
    private final Duration budget;

    public SpfCheck(DnsLookup lookup, Duration budget) {
        Objects.requireNonNull(budget);
        Preconditions.checkArgument(budget.compareTo(Duration.ZERO) > 0, "The SPF time budget must be positive: %s", budget);
        this.lookup = Objects.requireNonNull(lookup);
        this.budget = budget;
    }

    /**
     * @param clientIp the SMTP client's address
     * @param mailFrom the MAIL FROM address without angle brackets, empty for the null sender
     * @param helo the HELO/EHLO name
     */
    public SpfResult check(InetAddress clientIp, String mailFrom, String helo) {
        Objects.requireNonNull(clientIp);
        String sender = mailFrom.trim();
        String heloName = helo.trim();
        Identity identity = sender.isEmpty() ? Identity.HELO : Identity.MAILFROM;
        String domain = identity == Identity.HELO ? heloName : domainOf(sender);

        WiringServiceTable services = new WiringServiceTable();
        SPF spf = jspf(new JspfDnsService(lookup, budget), services);
        SPFResult evaluated;
        CHECK_SERVICES.set(services);
        try {
            evaluated = spf.checkSPF(InetAddresses.toAddrString(clientIp), sender, heloName);
        } finally {
            CHECK_SERVICES.remove();
        }
        Optional<String> explanation = Optional.of(evaluated.getExplanation()).filter(text -> !text.isEmpty());
        return new SpfResult(Result.parse(evaluated.getResult()), identity, domain, clientIp, explanation);
    }

    /** As jSPF reads it: after the last '@', or the whole address when it has none. */
    private static String domainOf(String mailFrom) {
        return mailFrom.substring(mailFrom.lastIndexOf('@') + 1);
    }

    /**
     * A jSPF evaluator over this check's DNS (and deadline). It runs synchronously on the caller's thread: jSPF 1.0.3's
     * asynchronous executor does not follow a lookup that leads to another lookup. Its terms and macros are RFC 7208's
     * where jSPF 1.0.3 keeps to RFC 4408 (see {@link Rfc7208TermsFactory} and {@link Rfc7208MacroExpand}). The default
     * explanation is empty, so only a domain's own exp= text is reported.
     */
    private static SPF jspf(DNSService dns, WiringServiceTable wiring) {
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macroExpand = new Rfc7208MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        SPF spf = new SPF(dns, PARSER, macroExpand, new SynchronousSPFExecutor(dns));
        wiring.put(SPFCheckEnabled.class, spf);
        spf.setDefaultExplanation("");
        return spf;
    }

    private static void wireForCurrentCheck(Object term) throws WiringServiceException {
        WiringService services = CHECK_SERVICES.get();
        if (services == null) {
            throw new WiringServiceException("An SPF term was made outside a check");
        }
        services.wire(term);
    }
}
