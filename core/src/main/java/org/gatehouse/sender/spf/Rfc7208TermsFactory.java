package org.gatehouse.sender.spf;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.jspf.core.DNSLookupContinuation;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSResponse;
import org.apache.james.jspf.core.SPF1Record;
import org.apache.james.jspf.core.SPFRecordParser;
import org.apache.james.jspf.core.SPFSession;
import org.apache.james.jspf.core.exceptions.NeutralException;
import org.apache.james.jspf.core.exceptions.NoneException;
import org.apache.james.jspf.core.exceptions.PermErrorException;
import org.apache.james.jspf.core.exceptions.TempErrorException;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DefaultTermDefinition;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.parser.TermDefinition;
import org.apache.james.jspf.parser.TermsFactory;
import org.apache.james.jspf.terms.AMechanism;
import org.apache.james.jspf.terms.Configuration;
import org.apache.james.jspf.terms.Directive;
import org.apache.james.jspf.terms.ExistsMechanism;
import org.apache.james.jspf.terms.MXMechanism;
import org.apache.james.jspf.terms.PTRMechanism;
import org.apache.james.jspf.wiring.WiringService;

import com.google.common.net.InetAddresses;

/**
 * jSPF's terms with the mechanisms where jSPF 1.0.3 (RFC 4408) and RFC 7208 disagree replaced: exists turns a DNS
 * error into temperror, not "no match" (§5); a, mx, ptr and exists count void lookups (§4.6.4); mx allows at most 10
 * MX names (§4.6.4); ptr compares names case-insensitively and skips a name whose address lookup fails (§5.5). Every
 * other term is jSPF's own. The replacements are public only because jSPF instantiates terms by reflection. Records are
 * parsed by {@link #parser()}, which keeps ptr's skipping from ever helping a client to a pass.
 */
final class Rfc7208TermsFactory implements TermsFactory {
    /** RFC 7208 §4.6.4: more void lookups than this is a permerror. */
    static final int VOID_LOOKUP_LIMIT = 2;
    /** RFC 7208 §4.6.4: more MX names than this is a permerror; at most this many PTR names are looked at. */
    static final int NAME_LIMIT = 10;
    /**
     * Longer terms are a permerror before jSPF's term expression reads them: it recurses about once per character, and
     * a term of a few thousand characters overflows the stack. No real term comes near (a domain name has at most 253).
     */
    static final int MAX_TERM_CHARS = 512;
    private static final String VOID_LOOKUPS = "Gatehouse.voidLookups";

    private static final Map<Class<?>, Class<?>> REPLACEMENTS = Map.of(
        ExistsMechanism.class, Rfc7208ExistsMechanism.class,
        AMechanism.class, Rfc7208AMechanism.class,
        MXMechanism.class, Rfc7208MxMechanism.class,
        PTRMechanism.class, Rfc7208PtrMechanism.class);

    private final TermsFactory jspfTerms;
    private final List<TermDefinition> mechanisms;

    Rfc7208TermsFactory(WiringService wiring) {
        this.jspfTerms = new DefaultTermsFactory(wiring);
        // same order as jSPF's list: the parser maps regex groups back to definitions by position
        this.mechanisms = jspfTerms.getMechanismsCollection().stream()
            .map(definition -> REPLACEMENTS.containsKey(definition.getTermDef())
                ? definitionOf(REPLACEMENTS.get(definition.getTermDef()))
                : definition)
            .toList();
    }

    /**
     * jSPF's parser over these terms. A ptr with a qualifier other than "+" skips no name: a DNS error is a temperror
     * there, since a match it hides (a fail, softfail or neutral) could otherwise let a later term pass the client.
     */
    SPFRecordParser parser() {
        SPFRecordParser jspfParser = new RFC4408SPF1Parser(this);
        return record -> {
            refuseOverlongTerms(record);
            SPF1Record parsed = jspfParser.parse(record);
            parsed.getDirectives().stream()
                .filter(directive -> !directive.getQualifier().isEmpty() && !directive.getQualifier().equals("+"))
                .forEach(directive -> {
                    if (directive.getMechanism() instanceof Rfc7208PtrMechanism ptr) {
                        ptr.skipNoName();
                    }
                });
            return parsed;
        };
    }

    /** Terms are what jSPF splits the record into: the runs between spaces. */
    private static void refuseOverlongTerms(String record) throws PermErrorException {
        if (record != null && record.length() > MAX_TERM_CHARS) {
            for (String term : record.split(" +")) {
                if (term.length() > MAX_TERM_CHARS) {
                    throw new PermErrorException("An SPF term is longer than " + MAX_TERM_CHARS + " characters");
                }
            }
        }
    }

    @Override
    public Object createTerm(Class<?> term, Configuration configuration) throws PermErrorException, InstantiationException {
        return jspfTerms.createTerm(term, configuration);
    }

    @Override
    public Collection<TermDefinition> getMechanismsCollection() {
        return mechanisms;
    }

    @Override
    public Collection<TermDefinition> getModifiersCollection() {
        return jspfTerms.getModifiersCollection();
    }

    private static TermDefinition definitionOf(Class<?> term) {
        try {
            return new DefaultTermDefinition(term);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jSPF cannot read the REGEX of " + term.getName(), e);
        }
    }

    /**
     * Counts a mechanism's lookup that answered NXDOMAIN or NODATA (jSPF's {@code null}); the session is the whole
     * check's, includes and redirects too. A temporary error is not void: it is left to the mechanism.
     */
    private static void countIfVoid(DNSResponse response, SPFSession session) throws PermErrorException {
        try {
            if (response.getResponse() != null) {
                return;
            }
        } catch (TimeoutException e) {
            return;
        }
        Integer counted = (Integer) session.getAttribute(VOID_LOOKUPS);
        int voidLookups = counted == null ? 1 : counted + 1;
        session.setAttribute(VOID_LOOKUPS, voidLookups);
        if (voidLookups > VOID_LOOKUP_LIMIT) {
            throw new PermErrorException("More than " + VOID_LOOKUP_LIMIT + " void DNS lookups (RFC 7208 4.6.4)");
        }
    }

    /** exists: a temporary DNS error is a temperror (RFC 7208 §5), where jSPF reads it as no match; counts void lookups. */
    public static final class Rfc7208ExistsMechanism extends ExistsMechanism {
        @Override
        public DNSLookupContinuation onDNSResponse(DNSResponse response, SPFSession session)
                throws PermErrorException, TempErrorException {
            try {
                response.getResponse();
            } catch (TimeoutException e) {
                throw new TempErrorException("Temporary DNS error in " + this + ": " + e.getMessage());
            }
            countIfVoid(response, session);
            return super.onDNSResponse(response, session);
        }
    }

    /** a: jSPF's, counting void lookups. */
    public static final class Rfc7208AMechanism extends AMechanism {
        @Override
        public DNSLookupContinuation onDNSResponse(DNSResponse response, SPFSession session)
                throws PermErrorException, TempErrorException, NoneException, NeutralException {
            countIfVoid(response, session);
            return super.onDNSResponse(response, session);
        }
    }

    /** mx: jSPF's, with RFC 7208's limit of 10 MX names and the MX lookup counted when void. */
    public static final class Rfc7208MxMechanism extends MXMechanism {
        /** jSPF 1.0.3's session attribute for the MX names still to look up: absent until the MX answer came. */
        private static final String JSPF_MX_NAMES = "MXMechanism.checkRecords";

        @Override
        public DNSLookupContinuation onDNSResponse(DNSResponse response, SPFSession session)
                throws PermErrorException, TempErrorException, NoneException, NeutralException {
            if (session.getAttribute(JSPF_MX_NAMES) == null) {
                countIfVoid(response, session);
                checkMxLimit(response);
            }
            return super.onDNSResponse(response, session);
        }

        private void checkMxLimit(DNSResponse response) throws PermErrorException {
            try {
                List<String> names = response.getResponse();
                if (names != null && names.size() > NAME_LIMIT) {
                    throw new PermErrorException(this + " has " + names.size() + " MX names, more than "
                        + NAME_LIMIT + " (RFC 7208 4.6.4)");
                }
            } catch (TimeoutException e) {
                // jSPF makes it a temperror
            }
        }
    }

    /**
     * ptr: RFC 7208 §5.5 over jSPF's lookups. Names compare case-insensitively (RFC 4343); a name whose address lookup
     * fails is skipped, which only takes away a match, unless {@link #skipNoName()} (then it is a temperror). A failing
     * PTR lookup itself stays a temperror, so an outage of the reverse zone cannot pass as "no match".
     */
    public static final class Rfc7208PtrMechanism extends PTRMechanism {
        /** jSPF 1.0.3's session attributes, set by its PTR lookup step and removed by its cleanup step. */
        private static final String JSPF_NAMES = "PTRMechanism.domainListCheck";
        private static final String JSPF_CURRENT_NAME = "PTRMechanism.currentDomain";
        private static final String JSPF_TARGET = "PTRMechanism.expandedHost";

        private boolean skipsNames = true;

        void skipNoName() {
            skipsNames = false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DNSLookupContinuation onDNSResponse(DNSResponse response, SPFSession session)
                throws PermErrorException, TempErrorException, NoneException {
            List<String> names = (List<String>) session.getAttribute(JSPF_NAMES);
            if (names == null) {
                List<String> ptrNames = recordsOrTempError(response);
                countIfVoid(response, session);
                if (ptrNames == null) {
                    return matched(session, false);
                }
                names = new ArrayList<>(ptrNames.subList(0, Math.min(ptrNames.size(), NAME_LIMIT)));
                session.setAttribute(JSPF_NAMES, names);
            } else if (validates(response, session)
                    && isWithin((String) session.getAttribute(JSPF_CURRENT_NAME), (String) session.getAttribute(JSPF_TARGET))) {
                return matched(session, true);
            }
            if (names.isEmpty()) {
                return matched(session, false);
            }
            String name = names.remove(0);
            session.setAttribute(JSPF_CURRENT_NAME, name);
            boolean ip6 = InetAddresses.forString(session.getIpAddress()) instanceof Inet6Address;
            return new DNSLookupContinuation(new DNSRequest(name, ip6 ? DNSRequest.AAAA : DNSRequest.A), this);
        }

        private List<String> recordsOrTempError(DNSResponse response) throws TempErrorException {
            try {
                return response.getResponse();
            } catch (TimeoutException e) {
                throw new TempErrorException("Temporary DNS error in " + this + ": " + e.getMessage());
            }
        }

        /** Whether the name's addresses include the client's; a lookup error skips the name (RFC 7208 §5.5). */
        private boolean validates(DNSResponse response, SPFSession session) throws TempErrorException {
            List<String> addresses;
            try {
                addresses = response.getResponse();
            } catch (TimeoutException e) {
                if (skipsNames) {
                    return false;
                }
                throw new TempErrorException("Temporary DNS error in " + this + ": " + e.getMessage());
            }
            return addresses != null && addresses.stream()
                .anyMatch(address -> InetAddresses.forString(address).equals(InetAddresses.forString(session.getIpAddress())));
        }

        private static boolean isWithin(String name, String target) {
            String candidate = canonical(name);
            String domain = canonical(target);
            return candidate.equals(domain) || candidate.endsWith("." + domain);
        }

        private static String canonical(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        }

        private static DNSLookupContinuation matched(SPFSession session, boolean match) {
            session.setAttribute(Directive.ATTRIBUTE_MECHANISM_RESULT, match);
            return null;
        }
    }
}
