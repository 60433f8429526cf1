package org.gatehouse.sender.spf;

import java.util.Collection;
import java.util.List;

import org.apache.james.jspf.core.DNSLookupContinuation;
import org.apache.james.jspf.core.DNSResponse;
import org.apache.james.jspf.core.SPFSession;
import org.apache.james.jspf.core.exceptions.PermErrorException;
import org.apache.james.jspf.core.exceptions.TempErrorException;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DefaultTermDefinition;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.parser.TermDefinition;
import org.apache.james.jspf.parser.TermsFactory;
import org.apache.james.jspf.terms.Configuration;
import org.apache.james.jspf.terms.ExistsMechanism;
import org.apache.james.jspf.wiring.WiringService;

/**
 * jSPF's terms with the one mechanism that reads a DNS error as "no match" replaced, so that a DNS outage gives
 * temperror (RFC 7208 §5) and never a fail. Every other term is jSPF's own: a, mx, ptr, include and redirect
 * already make a lookup timeout a temperror.
 */
final class Rfc7208TermsFactory implements TermsFactory {
    private final TermsFactory jspfTerms;
    private final List<TermDefinition> mechanisms;

    Rfc7208TermsFactory(WiringService wiring) {
        this.jspfTerms = new DefaultTermsFactory(wiring);
        // same order as jSPF's list: the parser maps regex groups back to definitions by position
        this.mechanisms = jspfTerms.getMechanismsCollection().stream()
            .map(definition -> definition.getTermDef() == ExistsMechanism.class
                ? definitionOf(TempErrorExistsMechanism.class)
                : definition)
            .toList();
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
     * exists: as RFC 7208 §5 has it: a temporary DNS error is a temperror, where jSPF 1.0.3 (RFC 4408) reads it as no
     * match. Public only because jSPF instantiates terms by reflection from its own package.
     */
    public static final class TempErrorExistsMechanism extends ExistsMechanism {
        @Override
        public DNSLookupContinuation onDNSResponse(DNSResponse response, SPFSession session)
                throws PermErrorException, TempErrorException {
            try {
                response.getResponse();
            } catch (TimeoutException e) {
                throw new TempErrorException("Temporary DNS error in " + this + ": " + e.getMessage());
            }
            return super.onDNSResponse(response, session);
        }
    }
}
