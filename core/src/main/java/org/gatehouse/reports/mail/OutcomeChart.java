package org.gatehouse.reports.mail;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.gatehouse.reports.Outcome;
import org.gatehouse.reports.SummaryReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import com.google.common.base.Preconditions;

/**
 * The report's chart: one stacked bar per period of the series, a layer per outcome that occurred. Drawn in memory as
 * PNG with JFreeChart, without a display.
 */
final class OutcomeChart {
    static {
        // AWT must not look for a display; an explicit setting (-Djava.awt.headless=false) is left as it is
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 320;
    private static final Map<Outcome, Color> COLORS = colors();

    /** A bar: its position in the series (two periods may show the same local time) and its label. */
    private record Column(int index, String label) implements Comparable<Column> {
        @Override
        public int compareTo(Column other) {
            return Integer.compare(index, other.index);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private OutcomeChart() {
    }

    /**
     * @param labels one label per period of the series
     * @return a PNG of {@link #WIDTH} by {@link #HEIGHT} pixels
     */
    static byte[] png(SummaryReport summary, List<String> labels) {
        Preconditions.checkArgument(labels.size() == summary.series().size(), "one label per period");
        Map<Outcome, Long> totals = summary.totals();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Outcome outcome : Outcome.values()) {
            if (totals.get(outcome) == 0) {
                continue;
            }
            for (int index = 0; index < labels.size(); index++) {
                dataset.addValue(summary.series().get(index).count(outcome), outcome.label(), new Column(index, labels.get(index)));
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "Messages", dataset, PlotOrientation.VERTICAL,
            true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setNoDataMessage("No mail in this period");
        CategoryAxis periods = plot.getDomainAxis();
        // a week's days fit side by side; a day's hours and a month's days are turned upright
        periods.setCategoryLabelPositions(labels.size() > 12 ? CategoryLabelPositions.UP_90 : CategoryLabelPositions.STANDARD);
        periods.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        periods.setCategoryMargin(0.15);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        StackedBarRenderer renderer = (StackedBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (Outcome outcome : Outcome.values()) {
            int row = dataset.getRowIndex(outcome.label());
            if (row >= 0) {
                renderer.setSeriesPaint(row, COLORS.get(outcome));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("Drawing the report chart in memory failed", e);
        }
        return png.toByteArray();
    }

    /** Greens for delivered mail, warm colours for what was stopped, greys for what did not get through. */
    private static Map<Outcome, Color> colors() {
        Map<Outcome, Color> colors = new EnumMap<>(Outcome.class);
        colors.put(Outcome.DELIVERED_CLEAN, new Color(0x2E7D32));
        colors.put(Outcome.TAGGED, new Color(0x9CCC65));
        colors.put(Outcome.SPAM_QUARANTINED, new Color(0xFFB300));
        colors.put(Outcome.SPAM_BLOCKED, new Color(0xF57C00));
        colors.put(Outcome.VIRUS, new Color(0xC62828));
        colors.put(Outcome.PHISHING, new Color(0x8E24AA));
        colors.put(Outcome.CONTENT_POLICY, new Color(0x5E35B1));
        colors.put(Outcome.DLP, new Color(0xD81B60));
        colors.put(Outcome.SENDER_REFUSED, new Color(0x6D4C41));
        colors.put(Outcome.RATE_LIMITED, new Color(0x1E88E5));
        colors.put(Outcome.RELAY_DENIED, new Color(0x455A64));
        colors.put(Outcome.BOUNCED, new Color(0x212121));
        colors.put(Outcome.DEFERRED, new Color(0xB0BEC5));
        return Map.copyOf(colors);
    }
}
