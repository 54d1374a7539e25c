package dev.gatewaycli.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Everything a run measures, in constant memory: latencies go into an HdrHistogram {@link Recorder} (recording is
 * wait-free from the event-loop threads); once a second {@link #sample} swaps out the interval histogram, keeps a
 * few numbers per second for the over-time charts and adds the interval to the run's total. There is no
 * per-request list, so a run of a million requests needs the same memory as one of a hundred.
 */
final class LoadMetrics {

    /** Three significant digits: 0.1 % resolution at any latency, a few tens of KB per histogram. */
    private static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(DIGITS);

    private final AtomicLongArray statuses = new AtomicLongArray(600);

    private final LongAdder[] errors = new LongAdder[ErrorClass.values().length];

    private final LongAdder intervalErrors = new LongAdder();

    private final Histogram total = new Histogram(DIGITS);

    private final List<IntervalStat> intervals = new ArrayList<>();

    private final long startNanos;

    private long lastSampleNanos;

    private Histogram interval;

    private long totalErrors;

    LoadMetrics(long startNanos) {
        this.startNanos = startNanos;
        this.lastSampleNanos = startNanos;
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    /** One HTTP answer: its status and its latency in nanoseconds. */
    void response(int status, long latencyNanos) {
        // Microseconds: the resolution that matters for HTTP, and it keeps the histogram small.
        recorder.recordValue(Math.max(0, latencyNanos / 1000));
        if (status >= 0 && status < statuses.length()) {
            statuses.incrementAndGet(status);
        }
    }

    /** A request that got no HTTP answer. */
    void error(ErrorClass kind) {
        errors[kind.ordinal()].increment();
        intervalErrors.increment();
    }

    /** Closes the interval that ends now: its figures for the charts, and its latencies into the total. */
    synchronized IntervalStat sample(long nowNanos) {
        interval = recorder.getIntervalHistogram(interval);
        long errorCount = intervalErrors.sumThenReset();
        total.add(interval);
        totalErrors += errorCount;
        IntervalStat stat = new IntervalStat(
                (lastSampleNanos - startNanos) / 1e9,
                (nowNanos - lastSampleNanos) / 1e9,
                interval.getTotalCount(),
                errorCount,
                ms(interval.getValueAtPercentile(50)),
                ms(interval.getValueAtPercentile(99)),
                ms(interval.getMaxValue()));
        lastSampleNanos = nowNanos;
        intervals.add(stat);
        return stat;
    }

    /**
     * Closes the last interval at the run's end. When the ticker closed the one before it just before the end (or
     * after it: the end is when the last answer came), what remains is a sliver with nothing in it; it adds nothing
     * to the charts but a bar of zero, so it is folded into the total and not listed. An interval with answers or
     * errors, or a whole one without (a stall), is listed.
     */
    synchronized void finish(long endNanos, long intervalNanos) {
        long from = lastSampleNanos;
        long end = Math.max(endNanos, from);
        IntervalStat last = sample(end);
        if (last.responses() == 0 && last.errors() == 0 && end - from < intervalNanos) {
            intervals.remove(intervals.size() - 1);
        }
    }

    /** The total so far (only what {@link #sample} has folded in). */
    synchronized Histogram total() {
        return total.copy();
    }

    synchronized long totalErrors() {
        return totalErrors;
    }

    synchronized List<IntervalStat> intervals() {
        return List.copyOf(intervals);
    }

    long[] statusCounts() {
        long[] counts = new long[statuses.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = statuses.get(i);
        }
        return counts;
    }

    long errors(ErrorClass kind) {
        return errors[kind.ordinal()].sum();
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    /**
     * One interval (about a second) of the run.
     *
     * @param start seconds since the run began
     * @param seconds length of the interval
     * @param responses HTTP answers completed in it
     * @param errors requests that failed without an answer in it
     * @param p50 median latency of its answers, ms
     * @param p99 99th percentile, ms
     * @param max slowest answer, ms
     */
    record IntervalStat(double start, double seconds, long responses, long errors, double p50, double p99, double max) {

        double throughput() {
            return (seconds <= 0) ? 0 : (responses + errors) / seconds;
        }
    }
}
