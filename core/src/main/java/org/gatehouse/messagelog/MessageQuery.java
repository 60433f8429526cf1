package org.gatehouse.messagelog;

import java.time.Instant;
import java.util.Optional;

/**
 * A message log search: every present criterion must match. Results are newest first. {@code tenantId} matches a record
 * of that tenant, and a refusal record that concerned it among others; {@code ruleId} a record naming that rule id.
 */
public record MessageQuery(Optional<String> sender, Optional<String> recipient, Optional<Instant> from, Optional<Instant> to,
                           Optional<Disposition> disposition, Optional<String> tenantId, Optional<Stage> stage,
                           Optional<String> ruleId, int offset, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static MessageQuery all() {
        return new MessageQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), 0, DEFAULT_LIMIT);
    }
}
