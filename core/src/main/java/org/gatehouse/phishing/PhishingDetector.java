package org.gatehouse.phishing;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gatehouse.dns.DnsLookup;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.FreemailProviders;
import org.gatehouse.sender.dnsbl.DnsblCheck;
import org.gatehouse.sender.dnsbl.DnsblResult;
import org.gatehouse.sender.dnsbl.DnsblZone;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InternetDomainName;

/**
 * Judges one message for one tenant as phishing: sender and linked domains that look like the tenant's own, its
 * partners' or a much-impersonated brand's; a From display name that is one of the tenant's protected people (or the
 * tenant's name) on mail from outside; a Reply-To diverted to free mail or a lookalike; the URL signals; linked domains
 * listed by URI blocklists. Every finding carries its score (default weight times the policy's weight); when their sum
 * reaches the policy's threshold, each carries the policy's action too. Fetches nothing, except where the tenant's
 * policy asks to follow shortened links and the operator allows it ({@link ShortenerFollowing}).
 */
public final class PhishingDetector {
    public static final String CHECK = "phishing";
    public static final String LOOKALIKE_SENDER = "PHISH_LOOKALIKE_SENDER";
    public static final String LOOKALIKE_LINK = "PHISH_LOOKALIKE_LINK";
    public static final String DISPLAY_NAME_IMPERSONATION = "PHISH_DISPLAY_NAME_IMPERSONATION";
    public static final String REPLY_TO_DIVERSION = "PHISH_REPLY_TO_DIVERSION";
    public static final String BRAND_DISPLAY_NAME = "PHISH_BRAND_DISPLAY_NAME";
    public static final String BRAND_LOGIN_ELSEWHERE = "PHISH_BRAND_LOGIN_ELSEWHERE";
    private static final java.util.regex.Pattern CREDENTIAL_PATH = java.util.regex.Pattern.compile(
        "(?i)(log-?in|sign-?in|log-?on|auth|verif|account|password|passwd|credential|webmail|owa)");
    public static final String URI_DNSBL = "PHISH_URI_DNSBL";
    public static final String URI_DNSBL_ERROR = "PHISH_URI_DNSBL_ERROR";
    public static final String SHORTENER_TARGET = "PHISH_SHORTENER_TARGET";
    public static final String SHORTENER_UNRESOLVED = "PHISH_SHORTENER_UNRESOLVED";
    static final Map<String, Double> WEIGHTS = Map.of(LOOKALIKE_SENDER, 45.0, LOOKALIKE_LINK, 25.0, DISPLAY_NAME_IMPERSONATION, 35.0,
        REPLY_TO_DIVERSION, 15.0, URI_DNSBL, 30.0, BRAND_DISPLAY_NAME, 25.0, BRAND_LOGIN_ELSEWHERE, 20.0);
    /** Brand names that are also everyday words: a display name containing one says nothing. */
    private static final Set<String> COMMON_WORDS = Set.of("office", "live", "outlook", "visa", "zoom", "slack", "chase", "booking",
        "stripe", "intuit", "gov", "ups", "apple", "amazon", "spotify", "steampowered", "blockchain", "binance");
    private static final int MAX_DNSBL_DOMAINS = 20;
    private static final java.util.regex.Pattern DKIM_DOMAIN = java.util.regex.Pattern.compile("(?:^|;)\\s*d\\s*=\\s*([A-Za-z0-9.-]+)");

    private final List<String> brands;
    /** Each brand's first label as a display name would show it ({@code paypal} for paypal.com), worked out once. */
    private final List<Map.Entry<String, String>> brandLabels;
    private final Optional<DnsLookup> dns;
    private final List<DnsblZone> globalUriZones;
    private final Duration dnsBudget;
    private final Map<List<String>, LookalikeDomains> lookalikes = new ConcurrentHashMap<>();
    private final Optional<ShortenerFollowing> following;

    /**
     * How shortened links are followed when a tenant's policy asks for it: the resolver, how many links per message, and
     * the time for all of them. Absent: never, whatever the policy says (the operator's {@code phishing.shorteners.follow}).
     */
    public record ShortenerFollowing(ShortenerResolver resolver, int maxPerMessage, Duration budget) {
    }

    public PhishingDetector(List<String> brands, Optional<DnsLookup> dns, List<DnsblZone> globalUriZones, Duration dnsBudget) {
        this(brands, dns, globalUriZones, dnsBudget, Optional.empty());
    }

    public PhishingDetector(List<String> brands, Optional<DnsLookup> dns, List<DnsblZone> globalUriZones, Duration dnsBudget,
                            Optional<ShortenerFollowing> following) {
        this.brands = ImmutableList.copyOf(brands);
        this.brandLabels = this.brands.stream().map(brand -> {
            String label = registrable(brand);
            return Map.entry(brand, label.substring(0, label.indexOf('.') > 0 ? label.indexOf('.') : label.length()));
        }).toList();
        this.dns = dns;
        this.globalUriZones = ImmutableList.copyOf(globalUriZones);
        this.dnsBudget = dnsBudget;
        this.following = following;
    }

    /** The shipped brand list, no URI blocklist lookups. */
    public static PhishingDetector offline() {
        return new PhishingDetector(ImpersonatedBrands.load(), Optional.empty(), List.of(), Duration.ofSeconds(2));
    }

    /** {@link #findings(Tenant, PhishingPolicy, ParsedMessage, Verdict)} without sender checks: nothing is damped. */
    public List<Finding> findings(Tenant tenant, PhishingPolicy policy, ParsedMessage parsed) {
        return findings(tenant, policy, parsed, Verdict.empty());
    }

    /**
     * The tenant's phishing findings; the link signals legitimate bulk mail commits are damped when the sender verdict
     * and the headers show such mail ({@link BulkMailEvidence}).
     */
    public List<Finding> findings(Tenant tenant, PhishingPolicy policy, ParsedMessage parsed, Verdict senderVerdict) {
        List<String> ownDomains = tenant.domains().stream().map(DomainName::asString).toList();
        List<String> protectedDomains = new ArrayList<>(ownDomains);
        protectedDomains.addAll(policy.partnerDomains());
        Lookalikes lookalike = new Lookalikes(lookalikes.computeIfAbsent(List.copyOf(protectedDomains), LookalikeDomains::of),
            policy.brands() ? Optional.of(lookalikes.computeIfAbsent(brands, LookalikeDomains::of)) : Optional.empty());
        List<Finding> findings = new ArrayList<>();

        List<String> fromDomains = domains(parsed.from());
        Set<String> senderDomains = new LinkedHashSet<>(fromDomains);
        parsed.returnPath().map(address -> domains(List.of(address))).ifPresent(senderDomains::addAll);
        senderDomains.addAll(domains(parsed.replyTo()));
        senderDomains.addAll(dkimDomains(parsed));
        lookalikeFinding(lookalike, senderDomains, LOOKALIKE_SENDER, "sender domain").ifPresent(findings::add);

        List<ExtractedUrl> written = MessageUrls.of(parsed);
        List<ExtractedUrl> urls = policy.followShorteners() && following.isPresent()
            ? follow(written, policy, following.get(), findings) : written;
        Set<String> linkHosts = new LinkedHashSet<>();
        urls.forEach(url -> url.host().filter(host -> !exempt(host, policy.urlExemptions())).ifPresent(linkHosts::add));
        lookalikeFinding(lookalike, linkHosts, LOOKALIKE_LINK, "linked domain").ifPresent(findings::add);

        boolean fromOutside = !fromDomains.isEmpty() && fromDomains.stream().noneMatch(domain -> within(domain, ownDomains));
        if (fromOutside) {
            impersonation(parsed.fromDisplayNames(), tenant.name(), policy.protectedPeople()).ifPresent(findings::add);
        }
        if (policy.brands()) {
            Optional<String> claimed = claimedBrand(parsed.fromDisplayNames(), fromDomains);
            claimed.ifPresent(brand -> {
                findings.add(new Finding(BRAND_DISPLAY_NAME, CHECK, "impersonation", WEIGHTS.get(BRAND_DISPLAY_NAME), Optional.empty(),
                    "the From name names " + brand + ", but the mail is not from " + brand));
                loginElsewhere(urls, brand, policy.urlExemptions()).ifPresent(findings::add);
            });
        }
        replyToDiversion(parsed, fromDomains, lookalike).ifPresent(findings::add);
        findings.addAll(new UrlSignals(policy.urlExemptions()).findings(urls, parsed));
        findings.addAll(uriBlocklists(linkHosts, ownDomains, policy));
        Optional<String> bulk = BulkMailEvidence.of(parsed, senderVerdict);
        List<Finding> judged = bulk.map(evidence -> BulkMailEvidence.damp(findings, evidence)).orElse(findings);

        List<Finding> weighted = judged.stream()
            .map(finding -> finding.withScore(finding.score() * policy.weight()))
            .toList();
        double total = weighted.stream().mapToDouble(Finding::score).sum();
        if (policy.action() == Action.PASS || total < policy.threshold()) {
            return weighted;
        }
        return weighted.stream().map(finding -> finding.score() > 0 ? finding.withAction(policy.action()) : finding).toList();
    }

    /**
     * Follows the message's shortened links (at most {@code maxPerMessage}, all within the budget) and adds where they
     * lead to the URLs judged, so a lookalike, blocklisted or IP-literal target behind a shortener counts like a link
     * written in the mail. Each outcome is an informational finding (no score): where the link leads, or why it was not
     * followed to its end.
     */
    private static List<ExtractedUrl> follow(List<ExtractedUrl> urls, PhishingPolicy policy, ShortenerFollowing following,
                                             List<Finding> findings) {
        List<ExtractedUrl> shortened = urls.stream()
            .filter(url -> url.asciiHost().filter(host -> Domains.hostOrParentIn(host, UrlSignals.shorteners())).isPresent())
            .filter(url -> url.asciiHost().filter(host -> exempt(host, policy.urlExemptions())).isEmpty())
            .limit(following.maxPerMessage())
            .toList();
        if (shortened.isEmpty()) {
            return urls;
        }
        List<ExtractedUrl> all = new ArrayList<>(urls);
        long deadline = System.nanoTime() + following.budget().toNanos();
        for (ExtractedUrl url : shortened) {
            ShortenerResolver.Resolution resolution = following.resolver().resolve(url.raw(), deadline);
            String from = abbreviate(url.raw());
            if (resolution.target().isPresent() && !resolution.target().get().equals(url.raw())) {
                ExtractedUrl.parse(resolution.target().get(), url.source(), Optional.empty()).ifPresent(all::add);
                findings.add(new Finding(SHORTENER_TARGET, CHECK, "followed", 0, Optional.empty(),
                    from + " leads to " + abbreviate(resolution.target().get()) + " (" + (resolution.hops().size() - 1) + " redirects)"));
            } else if (resolution.failure().isPresent()) {
                findings.add(new Finding(SHORTENER_UNRESOLVED, CHECK, "unresolved", 0, Optional.empty(),
                    from + " was not followed to its end: " + abbreviate(resolution.failure().get())));
            }
        }
        return all;
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }

    /**
     * The tenant's own and partner domains, where every technique counts, and the brands, where a bare change of public
     * suffix does not: yahoo.co.uk and slack.net are not phishing for yahoo.com and slack.com.
     */
    private record Lookalikes(LookalikeDomains own, Optional<LookalikeDomains> brands) {
        Optional<Lookalike> match(String domain) {
            Optional<Lookalike> match = own.match(domain);
            if (match.isPresent()) {
                return match;
            }
            return brands.flatMap(list -> list.match(domain)).filter(Lookalikes::meaningfulForABrand);
        }

        /**
         * A brand's country domain (a suffix swap alone), or one plain typo away from a short brand name (love.com,
         * apply.com, stack.com for live, apple, slack) is an ordinary domain far more often than a lure.
         */
        private static boolean meaningfulForABrand(Lookalike found) {
            if (found.techniques().equals(Set.of(Technique.TLD_SWAP))) {
                return false;
            }
            String label = registrable(found.protectedDomain());
            label = label.substring(0, label.indexOf('.') > 0 ? label.indexOf('.') : label.length());
            boolean typoOnly = Set.of(Technique.EDIT_DISTANCE, Technique.TLD_SWAP).containsAll(found.techniques());
            return !(typoOnly && label.length() < 6);
        }
    }

    /** The brand a From display name names ("PayPal Service", "DHL Express") on mail not from that brand's domain. */
    private Optional<String> claimedBrand(List<String> displayNames, List<String> fromDomains) {
        for (String displayName : displayNames) {
            String shown = " " + normalise(displayName) + " ";
            for (Map.Entry<String, String> brandLabel : brandLabels) {
                String brand = brandLabel.getKey();
                String label = brandLabel.getValue();
                if (label.length() >= 3 && !COMMON_WORDS.contains(label) && shown.contains(" " + label + " ")
                    && fromDomains.stream().noneMatch(domain -> within(domain, List.of(brand)))) {
                    return Optional.of(brand);
                }
            }
        }
        return Optional.empty();
    }

    /** Mail that names a brand and links to a sign-in page somewhere else than the brand's domain. */
    private static Optional<Finding> loginElsewhere(List<ExtractedUrl> urls, String brand, Set<String> exemptions) {
        for (ExtractedUrl url : urls) {
            Optional<String> host = url.host();
            if (host.isPresent() && !within(host.get(), List.of(brand)) && !exempt(host.get(), exemptions)
                && CREDENTIAL_PATH.matcher(url.path() + "?" + url.query()).find()) {
                return Optional.of(new Finding(BRAND_LOGIN_ELSEWHERE, CHECK, "hit", WEIGHTS.get(BRAND_LOGIN_ELSEWHERE), Optional.empty(),
                    "the mail names " + brand + " but links to a sign-in page on " + host.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> lookalikeFinding(Lookalikes lookalike, Set<String> domains, String ruleId, String what) {
        for (String domain : domains) {
            Optional<Lookalike> match = lookalike.match(domain);
            if (match.isPresent()) {
                return Optional.of(new Finding(ruleId, CHECK, "lookalike", WEIGHTS.get(ruleId), Optional.empty(),
                    what + " " + domain + " looks like " + match.get().protectedDomain() + " (" + match.get().explanation() + ")"));
            }
        }
        return Optional.empty();
    }

    /** A From display name equal or close to a protected person's or the tenant's name, on mail from outside. */
    static Optional<Finding> impersonation(List<String> displayNames, String tenantName, List<String> protectedPeople) {
        List<String> names = new ArrayList<>(protectedPeople);
        names.add(tenantName);
        for (String displayName : displayNames) {
            String shown = normalise(displayName);
            for (String name : names) {
                String wanted = normalise(name);
                if (wanted.length() < 3) {
                    continue;
                }
                boolean close = shown.equals(wanted) || (" " + shown + " ").contains(" " + wanted + " ")
                    || (wanted.length() >= 8 && editDistance(shown, wanted) <= 1);
                if (close) {
                    return Optional.of(new Finding(DISPLAY_NAME_IMPERSONATION, CHECK, "impersonation", WEIGHTS.get(DISPLAY_NAME_IMPERSONATION),
                        Optional.empty(), "the From name \"" + displayName.replaceAll("\\p{Cntrl}", " ") + "\" is " + name
                        + ", but the mail comes from outside the organisation"));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> replyToDiversion(ParsedMessage parsed, List<String> fromDomains, Lookalikes lookalike) {
        for (String replyDomain : domains(parsed.replyTo())) {
            if (fromDomains.stream().anyMatch(from -> registrable(from).equals(registrable(replyDomain)))) {
                continue;
            }
            boolean freemail = FreemailProviders.isFreemail(replyDomain)
                && fromDomains.stream().noneMatch(FreemailProviders::isFreemail);
            Optional<Lookalike> lookalikeReply = lookalike.match(replyDomain);
            if (freemail || lookalikeReply.isPresent()) {
                return Optional.of(new Finding(REPLY_TO_DIVERSION, CHECK, "diverted", WEIGHTS.get(REPLY_TO_DIVERSION), Optional.empty(),
                    "replies go to " + replyDomain + (freemail ? ", a free mail provider," : ", a lookalike domain,")
                        + " not to the sender's domain"));
            }
        }
        return Optional.empty();
    }

    private List<Finding> uriBlocklists(Set<String> hosts, List<String> ownDomains, PhishingPolicy policy) {
        List<DnsblZone> zones = new ArrayList<>(globalUriZones);
        policy.uriDnsblZones().stream().map(DnsblZone::of).forEach(zones::add);
        if (dns.isEmpty() || zones.isEmpty() || hosts.isEmpty()) {
            return List.of();
        }
        Set<String> domains = new LinkedHashSet<>();
        hosts.stream().filter(host -> !isIpLiteral(host)).map(PhishingDetector::registrable)
            .filter(domain -> ownDomains.stream().noneMatch(own -> within(domain, List.of(own))))
            .limit(MAX_DNSBL_DOMAINS).forEach(domains::add);
        DnsblCheck check = new DnsblCheck(dns.get(), zones);
        Map<String, CompletableFuture<List<DnsblResult>>> asked = new LinkedHashMap<>();
        domains.forEach(domain -> asked.put(domain, check.checkDomain(domain)));
        List<Finding> findings = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long deadline = System.nanoTime() + dnsBudget.toNanos();
        for (Map.Entry<String, CompletableFuture<List<DnsblResult>>> answer : asked.entrySet()) {
            try {
                for (DnsblResult result : answer.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    if (result.status() == DnsblResult.Status.LISTED) {
                        listed.add(answer.getKey() + " in " + result.zone());
                    } else if (result.status() == DnsblResult.Status.TEMPERROR) {
                        failed.add(answer.getKey() + " in " + result.zone());
                    }
                }
            } catch (TimeoutException e) {
                failed.add(answer.getKey() + " (no answer within " + dnsBudget.toMillis() + " ms)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(answer.getKey());
            } catch (Exception e) {
                failed.add(answer.getKey());
            }
        }
        if (!listed.isEmpty()) {
            findings.add(new Finding(URI_DNSBL, CHECK, "listed", WEIGHTS.get(URI_DNSBL), Optional.empty(),
                "linked domain listed: " + String.join(", ", listed)));
        }
        if (!failed.isEmpty()) {
            findings.add(new Finding(URI_DNSBL_ERROR, CHECK, "error", 0, Optional.empty(),
                "URI blocklist lookups failed (not counted): " + String.join(", ", failed)));
        }
        return findings;
    }

    /** The signing domains ({@code d=}) of the message's DKIM signatures, verified or not: a lookalike signs too. */
    static List<String> dkimDomains(ParsedMessage parsed) {
        List<String> domains = new ArrayList<>();
        for (String signature : parsed.headers("DKIM-Signature")) {
            java.util.regex.Matcher tag = DKIM_DOMAIN.matcher(signature);
            if (tag.find()) {
                domains.add(tag.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return domains;
    }

    private static List<String> domains(List<String> addresses) {
        List<String> domains = new ArrayList<>();
        for (String address : addresses) {
            int at = address.lastIndexOf('@');
            if (at > 0 && at < address.length() - 1) {
                domains.add(address.substring(at + 1).toLowerCase(Locale.ROOT));
            }
        }
        return domains;
    }

    /** The registrable domain (public suffix list); under no known suffix, the last two labels. */
    static String registrable(String host) {
        try {
            InternetDomainName name = InternetDomainName.from(host);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return host;
        }
        String[] labels = host.split("\\.");
        return labels.length <= 2 ? host : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    private static boolean within(String domain, List<String> parents) {
        return parents.stream().anyMatch(parent -> domain.equals(parent) || domain.endsWith("." + parent));
    }

    private static boolean exempt(String host, Set<String> exemptions) {
        return exemptions.stream().anyMatch(exempt -> host.equals(exempt) || host.endsWith("." + exempt));
    }

    private static boolean isIpLiteral(String host) {
        return com.google.common.net.InetAddresses.isInetAddress(host.replace("[", "").replace("]", ""));
    }

    private static String normalise(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
