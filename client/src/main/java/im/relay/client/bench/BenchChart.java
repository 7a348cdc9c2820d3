package im.relay.client.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The run's PNG: throughput per second on top, latency percentiles per second below, on one time axis. */
final class BenchChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 800;

    // sent, acked, delivered, failed
    private static final Color[] THROUGHPUT_COLORS = {
        new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0xd62728)
    };
    // deliver p50, deliver p99, ack p50, ack p99: one hue per latency, the p99 darker
    private static final Color[] LATENCY_COLORS = {
        new Color(0xff9f4a), new Color(0xb35000), new Color(0x6fcf6f), new Color(0x1a701a)
    };

    private BenchChart() {}

    static void write(List<Timeline.Second> seconds, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display where benches run; before any AWT class loads
        XYSeriesCollection throughput = new XYSeriesCollection();
        throughput.addSeries(counts("sent/s", seconds, Timeline.Second::sent));
        throughput.addSeries(counts("acked/s", seconds, Timeline.Second::acked));
        throughput.addSeries(counts("delivered/s", seconds, Timeline.Second::delivered));
        throughput.addSeries(counts("failed/s", seconds, Timeline.Second::failed));
        XYSeriesCollection latency = new XYSeriesCollection();
        latency.addSeries(latencies("send→deliver p50", seconds, Timeline.Second::deliverP50Ms));
        latency.addSeries(latencies("send→deliver p99", seconds, Timeline.Second::deliverP99Ms));
        latency.addSeries(latencies("send→ack p50", seconds, Timeline.Second::ackP50Ms));
        latency.addSeries(latencies("send→ack p99", seconds, Timeline.Second::ackP99Ms));

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds after the warmup"));
        plot.setGap(12);
        plot.add(new XYPlot(throughput, null, new NumberAxis("messages / s"), lines(THROUGHPUT_COLORS)), 1);
        plot.add(new XYPlot(latency, null, new NumberAxis("latency (ms)"), lines(LATENCY_COLORS)), 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeries counts(String name, List<Timeline.Second> seconds, ToLongFunction<Timeline.Second> value) {
        XYSeries series = new XYSeries(name);
        seconds.forEach(second -> series.add(second.second(), value.applyAsLong(second)));
        return series;
    }

    /** Seconds without a figure (nothing recorded) are left out rather than drawn as 0. */
    private static XYSeries latencies(
            String name, List<Timeline.Second> seconds, Function<Timeline.Second, Double> value) {
        XYSeries series = new XYSeries(name);
        for (Timeline.Second second : seconds) {
            Double ms = value.apply(second);
            if (ms != null) {
                series.add(second.second(), ms);
            }
        }
        return series;
    }

    private static XYLineAndShapeRenderer lines(Color[] colors) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return renderer;
    }
}
