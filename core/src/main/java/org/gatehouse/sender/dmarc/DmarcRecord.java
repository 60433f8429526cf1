package org.gatehouse.sender.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DMARC policy record (RFC 7489 §6.3), parsed from the TXT record at {@code _dmarc.<domain>}: what the domain
 * owner asks receivers to do with mail that fails, and how strictly identifiers must align.
 *
 * <p>Parsing follows §6.3 and §6.6.3: {@code v=DMARC1} must come first (the {@code DMARC1} literal is case-sensitive,
 * as the ABNF's {@code %x} form makes it); unknown tags are ignored; a bad {@code pct}, {@code adkim} or {@code aspf}
 * value falls back to its default; a missing or bad {@code p}, or a bad {@code sp}, reads as {@code p=none} when
 * {@code rua} holds a valid URI and makes the record invalid otherwise. A tag given twice makes the record invalid,
 * as in the DKIM tag lists DMARC borrows its syntax from (RFC 6376 §3.2). {@code rua}, {@code ruf}, {@code fo},
 * {@code rf} and {@code ri} are tolerated: Gatehouse sends no reports.
 *
 * @param policy {@code p}: what to do with failing mail whose From domain is the policy domain
 * @param subdomainPolicy {@code sp}: the same for its subdomains; when absent, {@code p} applies to them too
 * @param percent {@code pct}: the share of failing mail (0–100) the policy is applied to
 * @param dkimAlignment {@code adkim}
 * @param spfAlignment {@code aspf}
 * @param policyAssumed whether {@code p=none} was assumed from a valid {@code rua} for a missing or bad {@code p}/{@code sp}
 */
public record DmarcRecord(DmarcPolicy policy, Optional<DmarcPolicy> subdomainPolicy, int percent,
                          AlignmentMode dkimAlignment, AlignmentMode spfAlignment, boolean policyAssumed) {
    private static final Pattern VERSION = Pattern.compile("^[vV][ \t]*=[ \t]*DMARC1[ \t]*(;|$)");
    private static final Pattern TAG_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,3}");
    private static final Pattern URI_SIZE_LIMIT = Pattern.compile("![0-9]+[kmgtKMGT]?$");
    private static final int DEFAULT_PERCENT = 100;

    public DmarcRecord {
        Objects.requireNonNull(policy);
        Objects.requireNonNull(subdomainPolicy);
        Objects.requireNonNull(dkimAlignment);
        Objects.requireNonNull(spfAlignment);
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("pct is a percentage: " + percent);
        }
    }

    /** Whether a TXT record is a DMARC record at all (§6.6.3 step 2): it starts with {@code v=DMARC1}. */
    public static boolean isDmarcRecord(String txt) {
        return VERSION.matcher(txt).find();
    }

    /** The policy the owner asks for mail from the policy domain itself or, for a subdomain, from {@code sp}. */
    public DmarcPolicy policyFor(boolean subdomain) {
        return subdomain ? subdomainPolicy.orElse(policy) : policy;
    }

    public static DmarcRecord parse(String txt) throws InvalidDmarcRecordException {
        if (!isDmarcRecord(txt)) {
            throw new InvalidDmarcRecordException("the record does not start with v=DMARC1");
        }
        Map<String, String> tags = tags(txt);
        Optional<DmarcPolicy> policy = Optional.ofNullable(tags.get("p")).flatMap(DmarcPolicy::parse);
        Optional<DmarcPolicy> subdomainPolicy = Optional.ofNullable(tags.get("sp")).flatMap(DmarcPolicy::parse);
        int percent = Optional.ofNullable(tags.get("pct")).flatMap(DmarcRecord::percent).orElse(DEFAULT_PERCENT);
        AlignmentMode dkim = Optional.ofNullable(tags.get("adkim")).flatMap(AlignmentMode::parse).orElse(AlignmentMode.RELAXED);
        AlignmentMode spf = Optional.ofNullable(tags.get("aspf")).flatMap(AlignmentMode::parse).orElse(AlignmentMode.RELAXED);

        Optional<String> policyProblem = policyProblem(tags, policy, subdomainPolicy);
        if (policyProblem.isEmpty()) {
            return new DmarcRecord(policy.get(), subdomainPolicy, percent, dkim, spf, false);
        }
        if (hasValidReportingUri(tags.get("rua"))) {
            // §6.6.3 step 6.1: act as if the record were "v=DMARC1; p=none"; its other tags still apply.
            return new DmarcRecord(DmarcPolicy.NONE, Optional.empty(), percent, dkim, spf, true);
        }
        throw new InvalidDmarcRecordException(policyProblem.get() + " and there is no valid rua to fall back to p=none");
    }

    private static Map<String, String> tags(String txt) throws InvalidDmarcRecordException {
        Map<String, String> tags = new HashMap<>();
        for (String spec : txt.split(";")) {
            int equals = spec.indexOf('=');
            if (equals < 0) {
                continue; // a syntax error outside v and p is ignored (§6.3)
            }
            String name = spec.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            if (!TAG_NAME.matcher(name).matches()) {
                continue;
            }
            if (tags.putIfAbsent(name, spec.substring(equals + 1).strip()) != null) {
                throw new InvalidDmarcRecordException("the tag " + name + " appears more than once");
            }
        }
        return tags;
    }

    private static Optional<String> policyProblem(Map<String, String> tags, Optional<DmarcPolicy> policy,
                                                  Optional<DmarcPolicy> subdomainPolicy) {
        if (!tags.containsKey("p")) {
            return Optional.of("the p tag is missing");
        }
        if (policy.isEmpty()) {
            return Optional.of("p=" + tags.get("p") + " is not none, quarantine or reject");
        }
        if (tags.containsKey("sp") && subdomainPolicy.isEmpty()) {
            return Optional.of("sp=" + tags.get("sp") + " is not none, quarantine or reject");
        }
        return Optional.empty();
    }

    private static Optional<Integer> percent(String value) {
        if (!PERCENT.matcher(value).matches()) {
            return Optional.empty();
        }
        int percent = Integer.parseInt(value);
        return percent <= 100 ? Optional.of(percent) : Optional.empty();
    }

    /** §6.6.3 step 6.1 asks for at least one syntactically valid reporting URI (§6.4: {@code URI ["!" size]}). */
    private static boolean hasValidReportingUri(String rua) {
        if (rua == null) {
            return false;
        }
        for (String candidate : rua.split(",")) {
            String uri = URI_SIZE_LIMIT.matcher(candidate.strip()).replaceFirst("");
            try {
                URI parsed = new URI(uri);
                if (parsed.isAbsolute() && !parsed.getSchemeSpecificPart().isEmpty()) {
                    return true;
                }
            } catch (URISyntaxException notAUri) {
                // try the next one
            }
        }
        return false;
    }
}
