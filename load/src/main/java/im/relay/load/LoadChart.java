package im.relay.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run's PNG, one point per step against the offered rate: achieved throughput on top (with the offered rate ×
 * fan-out as the line to reach), latency percentiles below on a log axis (adapted from the old generator's chart).
 */
final class LoadChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 800;

    private static final Color[] THROUGHPUT_COLORS = {
        new Color(0x999999), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e)
    };
    private static final Color[] LATENCY_COLORS = {
        new Color(0xff9f4a), new Color(0xb35000), new Color(0x6b2f00), new Color(0x1a701a)
    };

    private LoadChart() {}

    static void write(List<StepResult> steps, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display where benchmarks run; before AWT loads
        XYSeriesCollection throughput = new XYSeriesCollection();
        throughput.addSeries(series("offered × fan-out", steps, s -> s.offeredPerS() * s.fanout()));
        throughput.addSeries(series("sent/s", steps, StepResult::sentPerS));
        throughput.addSeries(series("acked/s", steps, StepResult::ackedPerS));
        throughput.addSeries(series("delivered/s", steps, StepResult::deliveredPerS));
        XYSeriesCollection latency = new XYSeriesCollection();
        latency.addSeries(series("send→deliver p50", steps, s -> s.deliver().p50()));
        latency.addSeries(series("send→deliver p99", steps, s -> s.deliver().p99()));
        latency.addSeries(series("send→deliver p99.9", steps, s -> s.deliver().p999()));
        latency.addSeries(series("send→ack p99", steps, s -> s.ack().p99()));

        LogAxis latencyAxis = new LogAxis("latency from the scheduled send (ms)");
        latencyAxis.setSmallestValue(0.1);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("offered rate (messages / s)"));
        plot.setGap(12);
        plot.add(new XYPlot(throughput, null, new NumberAxis("per second"), lines(THROUGHPUT_COLORS)), 1);
        plot.add(new XYPlot(latency, null, latencyAxis, lines(LATENCY_COLORS)), 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Steps without a figure (nothing recorded, or 0 on the log axis) are left out rather than drawn as 0. */
    private static XYSeries series(String name, List<StepResult> steps, ToDoubleFunction<StepResult> value) {
        XYSeries series = new XYSeries(name);
        for (StepResult step : steps) {
            double y = value.applyAsDouble(step);
            if (!Double.isNaN(y) && y > 0) {
                series.add(step.offeredPerS(), y);
            }
        }
        return series;
    }

    private static XYLineAndShapeRenderer lines(Color[] colors) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return renderer;
    }
}
