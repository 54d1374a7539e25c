package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.load.LoadMetrics.IntervalStat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of {@code load}, from the first request to the result: the {@link LoadGenerator}, a sample of the metrics
 * every {@code interval} (with the live progress line when there is a terminal to draw it on), and Ctrl-C, which
 * stops the run and waits until the caller has printed the summary so far before the JVM exits.
 */
final class LoadRun {

    /** How long Ctrl-C waits for requests in flight before the result is taken. */
    static final Duration STOP_GRACE = Duration.ofSeconds(1);

    /** The width the progress line is padded to and cleared with. */
    private static final int LINE = 79;

    private final LoadPlan plan;

    private final RunToken token;

    private final Duration connectTimeout;

    private final LoadTls.Engine tls;

    private final Duration interval;

    private final PrintWriter progress;

    /**
     * @param plan what to send
     * @param token the run's token
     * @param connectTimeout TCP connect timeout
     * @param tls the TLS of an {@code https} target; null for {@code http}
     * @param interval how often the metrics are sampled (the charts' resolution) and the progress line redrawn
     * @param progress where the progress line is drawn, or null for none
     */
    LoadRun(
            LoadPlan plan,
            RunToken token,
            Duration connectTimeout,
            LoadTls.Engine tls,
            Duration interval,
            PrintWriter progress) {
        this.plan = Objects.requireNonNull(plan, "plan cannot be null");
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout cannot be null");
        this.tls = tls;
        this.interval = Objects.requireNonNull(interval, "interval cannot be null");
        this.progress = progress;
    }

    /**
     * Sends the load, hands what it measured to {@code publish} (the summary, the report) and returns it. A Ctrl-C
     * during the run waits until {@code publish} is done, so that the summary so far is out before the JVM ends.
     */
    LoadResult run(Consumer<LoadResult> publish) throws InterruptedException {
        CountDownLatch published = new CountDownLatch(1);
        try (LoadGenerator generator = new LoadGenerator(plan, token::header, connectTimeout, tls)) {
            // Ctrl-C: the JVM runs shutdown hooks; ours stops the run and waits until the summary so far is out.
            Thread onInterrupt = new Thread(
                    () -> {
                        generator.stop();
                        try {
                            published.await(STOP_GRACE.toMillis() + 4000, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "gateway-cli-load-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((r) -> {
                Thread thread = new Thread(r, "gateway-cli-load-ticker");
                thread.setDaemon(true);
                return thread;
            });
            try {
                generator.start();
                long every = interval.toNanos();
                ticker.scheduleAtFixedRate(() -> tick(generator), every, every, TimeUnit.NANOSECONDS);
                awaitEnd(generator);
                ticker.shutdownNow();
                ticker.awaitTermination(1, TimeUnit.SECONDS);
                generator.metrics().finish(generator.endNanos(), every);
                if (progress != null) {
                    progress.print("\r" + " ".repeat(LINE) + "\r");
                    progress.flush();
                }
                LoadResult result = result(generator);
                publish.accept(result);
                return result;
            } finally {
                ticker.shutdownNow();
                published.countDown();
                removeHook(onInterrupt);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ex) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and has waited for the result.
        }
    }

    /** Until every request completed, or (after Ctrl-C) a short grace for those in flight. */
    private static void awaitEnd(LoadGenerator generator) throws InterruptedException {
        while (!generator.await(Duration.ofMillis(100))) {
            if (generator.stopped()) {
                generator.await(STOP_GRACE);
                return;
            }
        }
    }

    private void tick(LoadGenerator generator) {
        IntervalStat stat = generator.metrics().sample(System.nanoTime());
        if (progress != null) {
            LoadMetrics metrics = generator.metrics();
            long done = metrics.total().getTotalCount() + metrics.totalErrors();
            String line = String.format(
                    Locale.ROOT,
                    "%,d requests  %,.0f req/s  p99 %.1f ms  errors %,d",
                    done,
                    stat.throughput(),
                    stat.p99(),
                    metrics.totalErrors() + nonSuccess(metrics.statusCounts()));
            progress.print("\r" + line + " ".repeat(Math.max(0, LINE - line.length())));
            progress.flush();
        }
    }

    private static long nonSuccess(long[] statuses) {
        long bad = 0;
        for (int status = 0; status < statuses.length; status++) {
            if (status < 200 || status >= 300) {
                bad += statuses[status];
            }
        }
        return bad;
    }

    private LoadResult result(LoadGenerator generator) {
        LoadMetrics metrics = generator.metrics();
        Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
        for (ErrorClass kind : ErrorClass.values()) {
            errors.put(kind, metrics.errors(kind));
        }
        double seconds = (generator.endNanos() - generator.startNanos()) / 1e9;
        return new LoadResult(
                plan.request().uri().toString(),
                plan.request().method(),
                plan.rate(),
                plan.concurrency(),
                seconds,
                metrics.total(),
                metrics.statusCounts(),
                errors,
                metrics.intervals(),
                token.renewals(),
                generator.stopped(),
                generator.tls());
    }
}
