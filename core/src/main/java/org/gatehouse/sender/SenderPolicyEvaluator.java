package org.gatehouse.sender;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.gatehouse.sender.dkim.DkimResult;
import org.gatehouse.sender.dnsbl.DnsblResult;
import org.gatehouse.sender.geo.GeoIpResult;
import org.gatehouse.sender.policy.CheckOutcome;
import org.gatehouse.sender.policy.CheckPolicy;
import org.gatehouse.sender.policy.DnsblZone;
import org.gatehouse.sender.policy.OnDnsTemporaryError;
import org.gatehouse.sender.policy.SenderCheck;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * Judges the evidence of {@link SenderChecks} by one tenant's sender policy: which findings count, their score and
 * their action. The rules, in order:
 * <ol>
 *   <li>an entry of the operator's global block list (client address, envelope sender or From address) rejects,
 *       whatever any allow list says;</li>
 *   <li>a block entry of the tenant applies the tenant's block action; block entries win over allow entries, the
 *       global ones included, since an explicit refusal is the narrower statement;</li>
 *   <li>an allow entry, global then the tenant's, skips every sender check (never antivirus, which is not a sender
 *       check);</li>
 *   <li>each check not disabled and not exempted for this sender adds its finding with the policy's outcome; DMARC
 *       failures take the sender's published policy unless the tenant overrides it;</li>
 *   <li>a temporary DNS error tempfails the message when the tenant chose {@code tempfail}; otherwise the finding
 *       says temperror and processing goes on. Never a silent pass.</li>
 * </ol>
 */
public final class SenderPolicyEvaluator {
    public static final String CHECK_LISTS = "sender-lists";
    public static final String CHECK_GEO = "geoip";

    /** DNSBL zones the operator configured for every tenant, and what a listing in them does. */
    public record GlobalDnsbl(List<String> zones, CheckOutcome outcome) {
        public static GlobalDnsbl none() {
            return new GlobalDnsbl(List.of(), CheckOutcome.score(0));
        }
    }

    private final GlobalDnsbl globalDnsbl;

    public SenderPolicyEvaluator(GlobalDnsbl globalDnsbl) {
        this.globalDnsbl = globalDnsbl;
    }

    /** The zones to query for a tenant: the global ones (unless it opted out) and its own. */
    public List<org.gatehouse.sender.dnsbl.DnsblZone> zonesFor(SenderPolicy policy) {
        List<org.gatehouse.sender.dnsbl.DnsblZone> zones = new ArrayList<>();
        if (policy.dnsbl().useGlobal()) {
            globalDnsbl.zones().forEach(zone -> zones.add(org.gatehouse.sender.dnsbl.DnsblZone.of(zone)));
        }
        for (DnsblZone zone : policy.dnsbl().zones()) {
            org.gatehouse.sender.dnsbl.DnsblZone query = org.gatehouse.sender.dnsbl.DnsblZone.of(zone.zone().asString());
            for (Map.Entry<String, String> code : zone.returnCodes().entrySet()) {
                query = query.withReturnCode(code.getKey(), code.getValue());
            }
            zones.add(query);
        }
        return zones;
    }

    /**
     * The judgement possible before DATA: lists by client address and envelope sender, DNSBLs, country.
     *
     * @param global the operator's allow and block lists, applying to every tenant
     */
    public Verdict beforeData(SenderPolicy policy, SenderLists global, SenderEvidence evidence, String mailFrom) {
        return judge(policy, global, evidence, mailFrom, Optional.empty(), false);
    }

    /**
     * The whole judgement, once the message (its From header, its signatures) is known.
     *
     * @param global the operator's allow and block lists, applying to every tenant
     */
    public Verdict afterData(SenderPolicy policy, SenderLists global, SenderEvidence evidence, SenderContext context) {
        return judge(policy, global, evidence, context.mailFrom(), context.fromAddress(), true);
    }

    private Verdict judge(SenderPolicy policy, SenderLists global, SenderEvidence evidence, String mailFrom,
                          Optional<String> fromAddress, boolean afterData) {
        InetAddress ip = evidence.clientIp();
        Optional<SenderEntry> globallyBlocked = global.blockMatch(ip, mailFrom, fromAddress);
        if (globallyBlocked.isPresent()) {
            return Verdict.of(List.of(new Finding("SENDER_GLOBAL_BLOCKLISTED", CHECK_LISTS, "block", 0,
                Optional.of(Action.BLOCK), "the operator's global block list names " + globallyBlocked.get())));
        }
        Optional<SenderEntry> blocked = policy.lists().blockMatch(ip, mailFrom, fromAddress);
        if (blocked.isPresent()) {
            return Verdict.of(List.of(new Finding("SENDER_BLOCKLISTED", CHECK_LISTS, "block", 0,
                Optional.of(policy.blockAction()), "the tenant's block list names " + blocked.get())));
        }
        Optional<SenderEntry> globallyAllowed = global.allowMatch(ip, mailFrom, fromAddress);
        if (globallyAllowed.isPresent()) {
            return Verdict.of(List.of(Finding.of("SENDER_GLOBAL_ALLOWLISTED", CHECK_LISTS, "allow",
                "the operator's global allow list names " + globallyAllowed.get() + "; sender checks skipped")));
        }
        Optional<SenderEntry> allowed = policy.lists().allowMatch(ip, mailFrom, fromAddress);
        if (allowed.isPresent()) {
            return Verdict.of(List.of(Finding.of("SENDER_ALLOWLISTED", CHECK_LISTS, "allow",
                "the tenant's allow list names " + allowed.get() + "; sender checks skipped")));
        }
        List<Finding> findings = new ArrayList<>();
        dnsbl(policy, evidence.dnsbl(), findings);
        geo(policy, evidence.geo(), findings);
        if (afterData) {
            Optional<String> mailFromDomain = SenderContext.domainOf(mailFrom);
            Optional<String> fromDomain = fromAddress.flatMap(SenderContext::domainOf);
            evidence.spf().ifPresent(spf -> check(policy, SenderCheck.SPF, Optional.of(spf.domain()), ip, spf.result().asString(),
                Optional.empty(), spf.toFinding(), findings));
            dkim(policy, evidence.dkim(), ip, findings);
            evidence.dmarc().ifPresent(dmarc -> check(policy, SenderCheck.DMARC, fromDomain, ip, dmarc.result().asString(),
                Optional.of(dmarc.disposition().name().toLowerCase(Locale.ROOT)), dmarc.toFinding(), findings));
            evidence.ptr().ifPresent(ptr -> check(policy, SenderCheck.PTR, mailFromDomain, ip,
                ptr.status().name().toLowerCase(Locale.ROOT), Optional.empty(), ptr.finding(), findings));
        }
        return Verdict.of(findings);
    }

    private void check(SenderPolicy policy, SenderCheck check, Optional<String> domain, InetAddress ip, String result,
                       Optional<String> publishedPolicy, Finding finding, List<Finding> findings) {
        CheckPolicy checkPolicy = policy.check(check);
        if (!checkPolicy.enabled()) {
            return;
        }
        Optional<SenderEntry> exemption = policy.lists().exemption(check, domain, ip);
        if (exemption.isPresent()) {
            findings.add(Finding.of(check.name() + "_EXEMPT", finding.check(), result,
                "exempted by the tenant (" + exemption.get() + "); " + finding.reason()));
            return;
        }
        CheckOutcome outcome = check == SenderCheck.DMARC
            ? checkPolicy.outcome(result, publishedPolicy)
            : checkPolicy.outcome(result);
        findings.add(withOutcome(policy, finding, outcome, result.equals("temperror")));
    }

    private void dkim(SenderPolicy policy, List<DkimResult> results, InetAddress ip, List<Finding> findings) {
        if (results.isEmpty()) {
            return;
        }
        // The message's DKIM result is its best signature: one valid signature authenticates it.
        DkimResult best = results.stream()
            .min((left, right) -> Integer.compare(rank(left.result()), rank(right.result())))
            .orElseThrow();
        Optional<String> domain = best.result() == DkimResult.Result.NONE ? Optional.empty() : Optional.of(best.domain());
        check(policy, SenderCheck.DKIM, domain, ip, best.result().asString(), Optional.empty(), best.finding(), findings);
        results.stream().filter(result -> result != best).map(DkimResult::finding).forEach(findings::add);
    }

    private static int rank(DkimResult.Result result) {
        return switch (result) {
            case PASS -> 0;
            case FAIL -> 1;
            case PERMERROR -> 2;
            case TEMPERROR -> 3;
            case NONE -> 4;
        };
    }

    private void dnsbl(SenderPolicy policy, List<DnsblResult> results, List<Finding> findings) {
        Map<String, CheckOutcome> outcomes = policy.dnsbl().zones().stream()
            .collect(Collectors.toMap(zone -> zone.zone().asString(), DnsblZone::outcome, (first, second) -> first));
        for (DnsblResult result : results) {
            Optional<Finding> finding = result.finding();
            if (finding.isEmpty()) {
                continue;
            }
            CheckOutcome outcome = Optional.ofNullable(outcomes.get(result.zone()))
                .orElse(globalDnsbl.zones().contains(result.zone()) && policy.dnsbl().useGlobal() ? globalDnsbl.outcome() : null);
            if (outcome == null) {
                continue;
            }
            boolean listed = result.status() == DnsblResult.Status.LISTED;
            findings.add(listed
                ? withOutcome(policy, finding.get(), outcome, false)
                : withOutcome(policy, finding.get(), CheckOutcome.score(0), result.status() == DnsblResult.Status.TEMPERROR));
        }
    }

    private void geo(SenderPolicy policy, GeoIpResult geo, List<Finding> findings) {
        if (policy.countries().actionForUnknownCountry().isEmpty()) {
            return;
        }
        Finding finding = geo.finding();
        Optional<String> country = geo.countryCode();
        if (country.isPresent()) {
            if (policy.countries().refuses(country.get())) {
                findings.add(new Finding("GEOIP_COUNTRY_REFUSED", CHECK_GEO, country.get(), 0, Optional.of(policy.blockAction()),
                    "the tenant does not accept mail from clients in " + country.get()));
            } else {
                findings.add(finding);
            }
            return;
        }
        Action unknown = policy.countries().actionForUnknownCountry().get();
        findings.add(unknown == Action.PASS ? finding : finding.withAction(unknown));
    }

    private static Finding withOutcome(SenderPolicy policy, Finding finding, CheckOutcome outcome, boolean temporaryError) {
        Finding judged = finding.withScore(outcome.score());
        Action action = outcome.action();
        if (temporaryError && policy.onDnsTemporaryError() == OnDnsTemporaryError.TEMPFAIL) {
            action = action.mostSevere(Action.TEMPFAIL);
        }
        return action == Action.PASS ? judged : judged.withAction(action);
    }

}
