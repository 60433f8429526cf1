package org.gatehouse.reports.mail;

import java.util.Map;
import java.util.Objects;

import org.gatehouse.reports.DeliveryReport;
import org.gatehouse.reports.SummaryReport;
import org.gatehouse.reports.TopDimension;
import org.gatehouse.reports.TopReport;

import com.google.common.base.Preconditions;

/**
 * What one tenant's scheduled report says about one period. The tenant's id and name come from an operator and top
 * items from mail: the message shows them as text only, never in a header.
 *
 * @param tops the top lists to show, by dimension; a dimension left out is not shown
 */
public record ReportContent(String tenantId, String tenantName, ReportPeriod period, SummaryReport summary,
                            Map<TopDimension, TopReport> tops, DeliveryReport delivery) {
    public ReportContent {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(tenantName, "tenantName");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(summary, "summary");
        tops = Map.copyOf(tops);
        Objects.requireNonNull(delivery, "delivery");
        tops.forEach((dimension, top) -> Preconditions.checkArgument(top.by() == dimension,
            "the top list under %s counts by %s", dimension, top.by()));
    }
}
