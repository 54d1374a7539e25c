package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.load.LoadMetrics.IntervalStat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The outcome of a run, as printed ({@code text} or {@code -o json}) and as drawn in the HTML report. Every number
 * is rounded once, here, so the summary, the JSON and the report cannot disagree.
 *
 * @param url the URL loaded
 * @param method the HTTP method
 * @param rate requests per second (open model), or 0 (closed model)
 * @param concurrency connections
 * @param seconds from the first request to the last completion
 * @param latencies all answers' latencies, microseconds
 * @param statusCounts answers by status code (index = status)
 * @param errors requests without an answer, by class
 * @param intervals the run second by second
 * @param tokenRenewals how often the token was replaced mid-run
 * @param interrupted stopped early (Ctrl-C)
 * @param tls the TLS engine, protocol and cipher of an {@code https} run; null for {@code http}
 */
record LoadResult(
        String url,
        String method,
        double rate,
        int concurrency,
        double seconds,
        Histogram latencies,
        long[] statusCounts,
        Map<ErrorClass, Long> errors,
        List<IntervalStat> intervals,
        long tokenRenewals,
        boolean interrupted,
        TlsSummary tls) {

    /** The percentiles of the summary: label, percentile. */
    static final Map<String, Double> PERCENTILES = percentiles();

    long responses() {
        return latencies.getTotalCount();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    long requests() {
        return responses() + errorCount();
    }

    long succeeded() {
        long ok = 0;
        for (int status = 200; status < 300; status++) {
            ok += statusCounts[status];
        }
        return ok;
    }

    long failed() {
        return requests() - succeeded();
    }

    double throughput() {
        return (seconds <= 0) ? 0 : round(requests() / seconds, 1);
    }

    /** Latency in ms at a percentile (100 = max), to the microsecond; 0 without answers. */
    double latencyMs(double percentile) {
        if (responses() == 0) {
            return 0;
        }
        long micros = (percentile >= 100) ? latencies.getMaxValue() : latencies.getValueAtPercentile(percentile);
        // HdrHistogram reports the highest value equivalent to the bucket; the maximum is exact.
        return round(micros / 1000.0, 3);
    }

    double meanMs() {
        return (responses() == 0) ? 0 : round(latencies.getMean() / 1000.0, 3);
    }

    /** The latency distribution for the report's percentile curve: (percentile, ms) pairs, ascending. */
    List<double[]> distribution() {
        List<double[]> points = new ArrayList<>();
        if (responses() == 0) {
            return points;
        }
        for (HistogramIterationValue value : latencies.percentiles(5)) {
            points.add(
                    new double[] {value.getPercentileLevelIteratedTo(), round(value.getValueIteratedTo() / 1000.0, 3)});
        }
        return points;
    }

    /** The {@code -o json} shape (also embedded in the report). */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("method", method);
        json.put("model", (rate > 0) ? "open" : "closed");
        json.put("rate", (rate > 0) ? rate : null);
        json.put("concurrency", concurrency);
        json.put("seconds", round(seconds, 3));
        json.put("requests", requests());
        json.put("succeeded", succeeded());
        json.put("failed", failed());
        json.put("throughput", throughput());
        Map<String, Object> latency = new LinkedHashMap<>();
        PERCENTILES.forEach((label, p) -> latency.put(label, latencyMs(p)));
        latency.put("mean", meanMs());
        json.put("latencyMs", latency);
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (int status = 0; status < statusCounts.length; status++) {
            if (statusCounts[status] > 0) {
                statuses.put(Integer.toString(status), statusCounts[status]);
            }
        }
        json.put("statusCodes", statuses);
        Map<String, Long> errorMap = new LinkedHashMap<>();
        errors.forEach((kind, count) -> errorMap.put(kind.name(), count));
        json.put("errors", errorMap);
        json.put("tokenRenewals", tokenRenewals);
        json.put("interrupted", interrupted);
        json.put("tls", (tls == null) ? null : tls.toJson());
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (IntervalStat stat : intervals) {
            Map<String, Object> second = new LinkedHashMap<>();
            second.put("start", round(stat.start(), 3));
            second.put("seconds", round(stat.seconds(), 3));
            second.put("responses", stat.responses());
            second.put("errors", stat.errors());
            second.put("throughput", round(stat.throughput(), 1));
            second.put("p50", stat.p50());
            second.put("p99", stat.p99());
            second.put("max", stat.max());
            timeline.add(second);
        }
        json.put("intervals", timeline);
        return json;
    }

    static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static Map<String, Double> percentiles() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("p50", 50.0);
        map.put("p90", 90.0);
        map.put("p99", 99.0);
        map.put("p99.9", 99.9);
        map.put("max", 100.0);
        return map;
    }
}
