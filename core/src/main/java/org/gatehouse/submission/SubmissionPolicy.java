package org.gatehouse.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which senders a tenant's authenticated users may send as (the {@code submission} policy section,
 * docs/submission.md): the envelope sender and every From address must be at one of the tenant's domains, or of
 * {@code extraSenderDomains}, unless {@code anySender} is true.
 */
public record SubmissionPolicy(boolean anySender, List<String> extraSenderDomains) {
    public static final String SECTION = "submission";
    private static final Set<String> FIELDS = Set.of("anySender", "extraSenderDomains");
    static final int MAX_EXTRA = 1000;

    public static SubmissionPolicy defaults() {
        return new SubmissionPolicy(false, List.of());
    }

    public static SubmissionPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(SubmissionPolicy::parse).orElseGet(SubmissionPolicy::defaults);
    }

    /** @throws InvalidFieldException with the path from the document root */
    public static SubmissionPolicy parse(JsonNode section) {
        JsonFields.object(section, SECTION, FIELDS);
        JsonNode any = section.get("anySender");
        if (any != null && !any.isNull() && !any.isBoolean()) {
            throw new InvalidFieldException(SECTION + ".anySender", "must be true or false");
        }
        List<String> extra = new ArrayList<>();
        JsonNode domains = section.get("extraSenderDomains");
        if (domains != null && !domains.isNull()) {
            if (!domains.isArray() || domains.size() > MAX_EXTRA) {
                throw new InvalidFieldException(SECTION + ".extraSenderDomains", "must be a list of at most " + MAX_EXTRA + " domains");
            }
            for (int i = 0; i < domains.size(); i++) {
                String path = SECTION + ".extraSenderDomains[" + i + "]";
                if (!domains.get(i).isTextual()) {
                    throw new InvalidFieldException(path, "must be a domain name");
                }
                extra.add(DomainName.of(path, domains.get(i).textValue()).asString().toLowerCase(Locale.ROOT));
            }
        }
        return new SubmissionPolicy(any != null && any.asBoolean(false), List.copyOf(extra));
    }
}
