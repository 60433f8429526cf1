package org.gatehouse.scoring.learning;

import java.util.Locale;

import org.gatehouse.validation.InvalidFieldException;

/** What a person decided a message is: a release from the quarantine says ham, a confirmed block says spam. */
public enum Label {
    SPAM,
    HAM;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code spam} or {@code ham}, in any case. */
    public static Label parse(String field, String value) {
        if (value != null) {
            for (Label label : values()) {
                if (label.asString().equalsIgnoreCase(value.trim())) {
                    return label;
                }
            }
        }
        throw new InvalidFieldException(field, "must be spam or ham");
    }
}
