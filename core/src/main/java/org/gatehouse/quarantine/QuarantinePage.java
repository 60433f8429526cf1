package org.gatehouse.quarantine;

import java.util.List;

import com.google.common.collect.ImmutableList;

/** One page of a quarantine search: the number of matches in all and the entries of the page, in order. */
public record QuarantinePage(long total, List<QuarantineEntry> items) {
    public QuarantinePage {
        items = ImmutableList.copyOf(items);
    }
}
