package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.load.LoadMetrics.IntervalStat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/**
 * The {@code --report FILE.html} page: one self-contained file (inline CSS, charts as inline SVG drawn here, no
 * script, no font, no image, nothing fetched) that opens the same in a browser offline, in a CI artifact viewer
 * and in a mail attachment. Every number shown carries its exact value in a {@code data-} attribute, and the
 * {@code -o json} summary is embedded, so a test can check the drawing against the numbers.
 */
final class LoadReport {

    static final String TEMPLATE = "load/report.html";

    private static final int WIDTH = 880;

    private static final int HEIGHT = 280;

    private static final int LEFT = 64;

    private static final int RIGHT = 16;

    private static final int TOP = 16;

    private static final int BOTTOM = 40;

    /** Colours (also the legend's): p50, p99, max, throughput, errors. */
    static final String P50 = "#1f77b4";

    static final String P99 = "#d62728";

    static final String MAX = "#7f7f7f";

    static final String BARS = "#2ca02c";

    static final String ERRORS = "#ff7f0e";

    private LoadReport() {}

    static void write(Path file, LoadResult result, Instant when) throws IOException {
        String html = render(result, when);
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        Path temp = Files.createTempFile(parent, ".load-report-", ".html");
        try {
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String render(LoadResult result, Instant when) {
        String template;
        try (InputStream in = LoadReport.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the class path");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        String json = JsonText.compact(result.toJson());
        return template.replace("{{title}}", esc(result.method() + " " + result.url()))
                .replace("{{when}}", esc(when.toString()))
                .replace("{{model}}", esc(model(result)))
                .replace("{{summary}}", summary(result))
                .replace("{{statuses}}", statuses(result))
                .replace("{{distribution}}", distributionChart(result))
                .replace("{{latencyOverTime}}", latencyChart(result))
                .replace("{{throughputOverTime}}", throughputChart(result))
                // In a <script> element only "</" could end it early; JSON escapes nothing of the sort by itself.
                .replace("{{json}}", json.replace("</", "<\\/"));
    }

    private static String model(LoadResult result) {
        String mode = (result.rate() > 0)
                ? "open model, " + num(result.rate(), 1) + " requests/s (latency from each request's intended start)"
                : "closed model (latency from each send)";
        return mode + ", " + result.concurrency() + " connections" + (result.interrupted() ? ", interrupted" : "");
    }

    private static String summary(LoadResult r) {
        StringBuilder html = new StringBuilder();
        row(html, "requests", "requests", Long.toString(r.requests()), Long.toString(r.requests()));
        row(html, "succeeded", "succeeded (2xx)", Long.toString(r.succeeded()), Long.toString(r.succeeded()));
        row(html, "failed", "failed (non-2xx or no answer)", Long.toString(r.failed()), Long.toString(r.failed()));
        row(
                html,
                "seconds",
                "duration",
                num(LoadResult.round(r.seconds(), 3), 3) + " s",
                Double.toString(LoadResult.round(r.seconds(), 3)));
        row(html, "throughput", "throughput", num(r.throughput(), 1) + " req/s", Double.toString(r.throughput()));
        for (Map.Entry<String, Double> p : LoadResult.PERCENTILES.entrySet()) {
            double ms = r.latencyMs(p.getValue());
            row(html, p.getKey().replace('.', '_'), "latency " + p.getKey(), num(ms, 3) + " ms", Double.toString(ms));
        }
        row(html, "mean", "latency mean", num(r.meanMs(), 3) + " ms", Double.toString(r.meanMs()));
        row(
                html,
                "tokenRenewals",
                "token renewals",
                Long.toString(r.tokenRenewals()),
                Long.toString(r.tokenRenewals()));
        return html.toString();
    }

    private static void row(StringBuilder html, String id, String label, String shown, String value) {
        html.append("<tr><th>")
                .append(esc(label))
                .append("</th><td id=\"summary-")
                .append(id)
                .append("\" data-value=\"")
                .append(value)
                .append("\">")
                .append(esc(shown))
                .append("</td></tr>\n");
    }

    private static String statuses(LoadResult r) {
        StringBuilder html = new StringBuilder();
        long[] counts = r.statusCounts();
        for (int status = 0; status < counts.length; status++) {
            if (counts[status] > 0) {
                html.append("<tr><th>HTTP ")
                        .append(status)
                        .append("</th><td class=\"status\" data-status=\"")
                        .append(status)
                        .append("\" data-value=\"")
                        .append(counts[status])
                        .append("\">")
                        .append(counts[status])
                        .append("</td></tr>\n");
            }
        }
        for (Map.Entry<ErrorClass, Long> error : r.errors().entrySet()) {
            html.append("<tr><th>no answer: ")
                    .append(error.getKey().name())
                    .append("</th><td class=\"error\" ")
                    .append("data-error=\"")
                    .append(error.getKey().name())
                    .append("\" data-value=\"")
                    .append(error.getValue())
                    .append("\">")
                    .append(error.getValue())
                    .append("</td></tr>\n");
        }
        return html.toString();
    }

    /** Latency by percentile, x on the usual log scale of "nines" (HdrHistogram's plotter): 90 %, 99 %, 99.9 % ... */
    private static String distributionChart(LoadResult r) {
        List<double[]> points = r.distribution();
        // The finest percentile a run of N answers resolves is 1 - 1/N, log10(N) nines; one more tick on the right
        // leaves room for the max marker, so it does not sit on top of p99.9.
        double nines = Math.max(2, Math.min(6, Math.ceil(Math.log10(Math.max(1, r.responses()))) + 1));
        double yMax = niceMax(r.latencyMs(100));
        Svg svg = new Svg("latency-distribution", "Latency by percentile", 0, nines, yMax, "ms");
        for (int tick = 0; tick <= nines; tick++) {
            svg.xTick(tick, (tick == 0) ? "0%" : percentLabel(100 - 100 / Math.pow(10, tick)));
        }
        StringBuilder line = new StringBuilder();
        for (double[] point : points) {
            line.append(num(svg.x(ninesOf(point[0], nines)), 1))
                    .append(',')
                    .append(num(svg.y(point[1]), 1))
                    .append(' ');
        }
        svg.polyline("distribution", P99, line.toString().trim(), points.size());
        for (Map.Entry<String, Double> p : LoadResult.PERCENTILES.entrySet()) {
            if (r.responses() == 0) {
                break;
            }
            double ms = r.latencyMs(p.getValue());
            double x = (p.getValue() >= 100) ? nines : ninesOf(p.getValue(), nines);
            svg.marker(p.getKey(), p.getValue(), ms, x);
        }
        return svg.end();
    }

    private static String latencyChart(LoadResult r) {
        List<IntervalStat> intervals = r.intervals();
        double xMax = Math.max(1, Math.ceil(r.seconds()));
        double yMax =
                niceMax(intervals.stream().mapToDouble(IntervalStat::max).max().orElse(0));
        Svg svg = new Svg("latency-over-time", "Latency over time", 0, xMax, yMax, "ms");
        timeTicks(svg, xMax);
        series(svg, intervals, "p50", P50, IntervalStat::p50);
        series(svg, intervals, "p99", P99, IntervalStat::p99);
        series(svg, intervals, "max", MAX, IntervalStat::max);
        svg.legend(new String[] {"p50", "p99", "max"}, new String[] {P50, P99, MAX});
        return svg.end();
    }

    private static void series(
            Svg svg,
            List<IntervalStat> intervals,
            String name,
            String colour,
            java.util.function.ToDoubleFunction<IntervalStat> value) {
        StringBuilder points = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (IntervalStat stat : intervals) {
            if (stat.responses() == 0) {
                continue;
            }
            points.append(num(svg.x(stat.start() + stat.seconds()), 1))
                    .append(',')
                    .append(num(svg.y(value.applyAsDouble(stat)), 1))
                    .append(' ');
            values.append(value.applyAsDouble(stat)).append(' ');
        }
        svg.body
                .append("<polyline class=\"series\" data-series=\"")
                .append(name)
                .append("\" data-values=\"")
                .append(values.toString().trim())
                .append("\" fill=\"none\" stroke=\"")
                .append(colour)
                .append("\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim())
                .append("\"/>\n");
    }

    private static String throughputChart(LoadResult r) {
        List<IntervalStat> intervals = r.intervals();
        double xMax = Math.max(1, Math.ceil(r.seconds()));
        double yMax = niceMax(
                intervals.stream().mapToDouble(IntervalStat::throughput).max().orElse(0));
        Svg svg = new Svg("throughput-over-time", "Throughput over time", 0, xMax, yMax, "req/s");
        timeTicks(svg, xMax);
        for (IntervalStat stat : intervals) {
            double x0 = svg.x(stat.start());
            double width = Math.max(1, svg.x(stat.start() + stat.seconds()) - x0 - 1);
            double total = stat.throughput();
            double errors = (stat.seconds() <= 0) ? 0 : stat.errors() / stat.seconds();
            double yTop = svg.y(total);
            double yErr = svg.y(errors);
            svg.body
                    .append("<rect class=\"bar\" data-start=\"")
                    .append(LoadResult.round(stat.start(), 3))
                    .append("\" data-throughput=\"")
                    .append(LoadResult.round(total, 1))
                    .append("\" x=\"")
                    .append(num(x0, 1))
                    .append("\" y=\"")
                    .append(num(yTop, 1))
                    .append("\" width=\"")
                    .append(num(width, 1))
                    .append("\" height=\"")
                    .append(num(svg.y(0) - yTop, 1))
                    .append("\" fill=\"")
                    .append(BARS)
                    .append("\"/>\n");
            if (stat.errors() > 0) {
                svg.body
                        .append("<rect class=\"bar-errors\" data-errors=\"")
                        .append(stat.errors())
                        .append("\" x=\"")
                        .append(num(x0, 1))
                        .append("\" y=\"")
                        .append(num(yErr, 1))
                        .append("\" width=\"")
                        .append(num(width, 1))
                        .append("\" height=\"")
                        .append(num(svg.y(0) - yErr, 1))
                        .append("\" fill=\"")
                        .append(ERRORS)
                        .append("\"/>\n");
            }
        }
        svg.legend(new String[] {"requests/s", "of which failed without answer"}, new String[] {BARS, ERRORS});
        return svg.end();
    }

    private static void timeTicks(Svg svg, double xMax) {
        double step = niceMax(xMax / 8);
        for (double t = 0; t <= xMax + 1e-9; t += step) {
            svg.xTick(t, num(t, (step < 1) ? 1 : 0) + " s");
        }
    }

    private static double ninesOf(double percentile, double limit) {
        double rest = 1 - percentile / 100;
        return (rest <= 0) ? limit : Math.min(limit, -Math.log10(rest));
    }

    private static String percentLabel(double percent) {
        String text = BigDecimalText.of(percent);
        return text + "%";
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value} (axis ends that read well). */
    static double niceMax(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= value * (1 - 1e-12)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** Percent labels without trailing zeros: 90, 99, 99.9, 99.99. */
    private static final class BigDecimalText {

        static String of(double percent) {
            return new java.math.BigDecimal(num(percent, 6))
                    .stripTrailingZeros()
                    .toPlainString();
        }
    }

    /** One chart: axes, grid, ticks in data coordinates, then the marks. */
    private static final class Svg {

        final StringBuilder body = new StringBuilder();

        final double xMin;

        final double xMax;

        final double yMax;

        Svg(String id, String title, double xMin, double xMax, double yMax, String unit) {
            this.xMin = xMin;
            this.xMax = xMax;
            this.yMax = yMax;
            body.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
                    .append(id)
                    .append("\" class=\"chart\" ")
                    .append("viewBox=\"0 0 ")
                    .append(WIDTH)
                    .append(' ')
                    .append(HEIGHT)
                    .append("\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"")
                    .append(HEIGHT)
                    .append("\" role=\"img\" aria-label=\"")
                    .append(esc(title))
                    .append("\">\n<title>")
                    .append(esc(title))
                    .append("</title>\n");
            for (int i = 0; i <= 4; i++) {
                double v = yMax * i / 4;
                double y = y(v);
                body.append("<line class=\"grid\" x1=\"")
                        .append(LEFT)
                        .append("\" x2=\"")
                        .append(WIDTH - RIGHT)
                        .append("\" y1=\"")
                        .append(num(y, 1))
                        .append("\" y2=\"")
                        .append(num(y, 1))
                        .append("\"/>\n");
                body.append("<text class=\"tick\" x=\"")
                        .append(LEFT - 6)
                        .append("\" y=\"")
                        .append(num(y + 4, 1))
                        .append("\" text-anchor=\"end\">")
                        .append(esc(trim(v) + " " + unit))
                        .append("</text>\n");
            }
            body.append("<line class=\"axis\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(num(y(0), 1))
                    .append("\" y2=\"")
                    .append(num(y(0), 1))
                    .append("\"/>\n");
        }

        double x(double value) {
            return LEFT + (value - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return TOP + (1 - Math.min(value, yMax) / yMax) * (HEIGHT - TOP - BOTTOM);
        }

        void xTick(double value, String label) {
            double x = x(value);
            body.append("<text class=\"tick\" x=\"")
                    .append(num(x, 1))
                    .append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 18)
                    .append("\" text-anchor=\"middle\">")
                    .append(esc(label))
                    .append("</text>\n");
        }

        void polyline(String name, String colour, String points, int count) {
            body.append("<polyline class=\"series\" data-series=\"")
                    .append(name)
                    .append("\" data-count=\"")
                    .append(count)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"2\" points=\"")
                    .append(points)
                    .append("\"/>\n");
        }

        void marker(String label, double percentile, double ms, double xValue) {
            double x = x(xValue);
            double y = y(ms);
            body.append("<g class=\"marker\" data-label=\"")
                    .append(esc(label))
                    .append("\" data-percentile=\"")
                    .append(percentile)
                    .append("\" data-ms=\"")
                    .append(ms)
                    .append("\"><circle cx=\"")
                    .append(num(x, 1))
                    .append("\" cy=\"")
                    .append(num(y, 1))
                    .append("\" r=\"4\" fill=\"")
                    .append(P50)
                    .append("\"/>")
                    // Near the right edge the label goes to the left of its point, inside the chart.
                    .append("<text class=\"label\" x=\"")
                    .append(num((x > WIDTH - 160) ? x - 6 : x + 6, 1))
                    .append("\" y=\"")
                    .append(num(y - 6, 1))
                    .append((x > WIDTH - 160) ? "\" text-anchor=\"end\">" : "\">")
                    .append(esc(label + " " + num(ms, 2) + " ms"))
                    .append("</text></g>\n");
        }

        void legend(String[] names, String[] colours) {
            double x = LEFT + 8;
            for (int i = 0; i < names.length; i++) {
                body.append("<rect x=\"")
                        .append(num(x, 1))
                        .append("\" y=\"")
                        .append(TOP)
                        .append("\" width=\"12\" ")
                        .append("height=\"12\" fill=\"")
                        .append(colours[i])
                        .append("\"/><text class=\"legend\" x=\"")
                        .append(num(x + 16, 1))
                        .append("\" y=\"")
                        .append(TOP + 11)
                        .append("\">")
                        .append(esc(names[i]))
                        .append("</text>\n");
                x += 24 + 8 * names[i].length();
            }
        }

        String end() {
            return body.append("</svg>").toString();
        }

        private static String trim(double v) {
            return new java.math.BigDecimal(num(v, 3)).stripTrailingZeros().toPlainString();
        }
    }
}
