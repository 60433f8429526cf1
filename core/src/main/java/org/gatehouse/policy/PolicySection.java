package org.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One capability's part of a tenant policy document: the capability that enforces it owns its validation.
 * A section validates only its own subtree and reports the first problem with its full path.
 */
public interface PolicySection {
    /** The top-level key of this section in the policy document. */
    String name();

    /**
     * @param section the section's JSON value
     * @throws org.gatehouse.validation.InvalidFieldException naming the path from the document root
     */
    void validate(JsonNode section);

    /**
     * The section as it is stored: validated, with the values the capability rewrites on write (markup sanitised,
     * say). Most sections store what they were given.
     *
     * @throws org.gatehouse.validation.InvalidFieldException as {@link #validate}
     */
    default JsonNode normalize(JsonNode section) {
        validate(section);
        return section;
    }
}
