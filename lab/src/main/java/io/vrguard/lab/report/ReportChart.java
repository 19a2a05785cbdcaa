package io.vrguard.lab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * report.png (JFreeChart): delivered kpps per VR over the run against its guarantee (dashed, same colour), the
 * steps as shaded bands, violations as red (reported) and green (resolved) lines, settings the enforcer changed as
 * blue lines, commands it rejected or failed as dark yellow ones.
 */
public final class ReportChart {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2)};
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ReportChart() {
    }

    public static void write(RunReport report, Path png) throws IOException {
        Instant start = report.startedAt();
        Map<String, XYSeries> delivered = new LinkedHashMap<>();
        Map<String, XYSeries> guarantee = new LinkedHashMap<>();
        for (IntervalRow r : report.intervals()) {
            delivered.computeIfAbsent(r.router(), n -> new XYSeries(n + " delivered")).add(r.seconds(),
                    r.deliveredKpps());
            if (r.guaranteeKpps() > 0) {
                guarantee.computeIfAbsent(r.router(), n -> new XYSeries(n + " guarantee")).add(r.seconds(),
                        r.guaranteeKpps());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (String vr : delivered.keySet()) {
            Color c = COLOURS[i % COLOURS.length];
            int d = data.getSeriesCount();
            data.addSeries(delivered.get(vr));
            renderer.setSeriesPaint(d, c);
            renderer.setSeriesStroke(d, new BasicStroke(2.2f));
            if (guarantee.containsKey(vr)) {
                int g = data.getSeriesCount();
                data.addSeries(guarantee.get(vr));
                renderer.setSeriesPaint(g, c);
                renderer.setSeriesStroke(g, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
            i++;
        }
        NumberAxis x = new NumberAxis("seconds since the run started (lab clock)");
        NumberAxis y = new NumberAxis("kpps delivered (sink counter)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        double top = report.intervals().stream()
                .mapToDouble(r -> Math.max(r.guaranteeKpps(), r.deliveredKpps())).max().orElse(10) * 1.45;
        y.setRange(0, top);
        steps(plot, report, start);
        int line = 0;
        for (RunReport.ViolationReport v : report.violations()) {
            marker(plot, seconds(start, v.reportedAt()), new Color(0xd62728), v.type() + " reported: victim "
                    + v.victim() + ", aggressors " + String.join(",", v.aggressors()), top * (0.93 - 0.05 * line++));
            if (v.resolvedAt() != null) {
                marker(plot, seconds(start, v.resolvedAt()), new Color(0x2ca02c), "resolved " + v.victim(),
                        top * (0.93 - 0.05 * line++));
            }
        }
        for (RunReport.ActionReport a : report.actions()) {
            if (a.at() == null || a.result() == null) {
                continue;
            }
            if (a.result().contains("changed")) {
                marker(plot, seconds(start, a.at()), new Color(0x1f3fbf), "enforcer: " + a.router() + " "
                        + a.change(), top * (0.93 - 0.05 * line++));
            } else if (a.result().startsWith("rejected") || a.result().startsWith("failed")) {
                marker(plot, seconds(start, a.at()), new Color(0xb8860b), "enforcer " + a.result() + ": "
                        + a.change(), top * (0.93 - 0.05 * line++));
            }
        }
        JFreeChart chart = new JFreeChart(report.scenario() + " - " + report.mode() + " (host " + report.host()
                + ")", new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 700);
    }

    private static void steps(XYPlot plot, RunReport report, Instant start) {
        boolean shade = false;
        for (RunReport.StepReport s : report.steps()) {
            double from = seconds(start, s.startedAt());
            IntervalMarker band = new IntervalMarker(from, from + s.seconds(),
                    shade ? new Color(0xf2f2f2) : new Color(0xfafafa));
            band.setLabel(s.name());
            band.setLabelFont(LABEL);
            band.setLabelAnchor(RectangleAnchor.TOP);
            band.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            band.setLabelBackgroundColor(new Color(0, 0, 0, 0));
            plot.addDomainMarker(band, Layer.BACKGROUND);
            shade = !shade;
        }
    }

    /** A vertical line, its label beside it at height {@code labelY} (staggered so labels do not overlap). */
    private static void marker(XYPlot plot, double at, Color colour, String label, double labelY) {
        plot.addDomainMarker(new ValueMarker(at, colour, new BasicStroke(1.5f)), Layer.FOREGROUND);
        XYTextAnnotation text = new XYTextAnnotation(" " + label, at, labelY);
        text.setFont(LABEL);
        text.setPaint(colour);
        text.setTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addAnnotation(text);
    }

    private static double seconds(Instant start, Instant at) {
        return Duration.between(start, at).toMillis() / 1000.0;
    }
}
