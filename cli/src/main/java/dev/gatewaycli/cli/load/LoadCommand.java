package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.Json;
import dev.gatewaycli.cli.api.ApiRequest;
import dev.gatewaycli.cli.api.RequestParts;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.DurationConverter;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.SettingsResolver;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.load.LoadMetrics.IntervalStat;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli load [PATH]}: a load test of the API with one client-credentials token, latencies in
 * HdrHistogram, a summary (or {@code -o json}) on stdout and, with {@code --report}, a self-contained HTML report.
 */
@Component
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        header = "Load-test the API: throughput, latency percentiles, status codes, errors.",
        description = {
            "",
            "Sends requests to PATH (under the API URL, default /) with one token for the whole run (renewed "
                    + "before it expires) and prints throughput, latency percentiles (p50/p90/p99/p99.9/max), "
                    + "status codes and errors. Latencies are of HTTP answers; requests without an answer are "
                    + "counted as timeout, reset, connectRefused or other.",
            "",
            "Without --rate (closed model) -c connections each send the next request when the previous one "
                    + "completed. With --rate (open model) requests start at fixed times whatever the server "
                    + "does, and latency counts from that intended start, so a slow server cannot hide its "
                    + "queueing. -c is then the most requests in flight.",
            "",
            "Exit 0 when every request got a 2xx answer, 1 when any did not (the summary says which), 2 for "
                    + "a usage error, 3/4/5 when the token cannot be had. Ctrl-C stops and prints the summary "
                    + "so far.",
            "",
            "Examples:",
            "  gateway-cli load -n 1000 -c 20 /              # 1000 requests, 20 connections",
            "  gateway-cli load --duration 30s --rate 100     # 100 requests/s for 30 s",
            "  gateway-cli load -X POST -d @item.json --duration 1m -c 8 /items",
            "  gateway-cli load --duration 10s --report load.html -o json > load.json",
            ""
        },
        sortOptions = false)
public class LoadCommand implements java.util.concurrent.Callable<Integer> {

    /** As hey does: a default that cannot hurt a real API (API Gateway bills per request). */
    static final long DEFAULT_REQUESTS = 200;

    static final int DEFAULT_CONCURRENCY = 10;

    /** Beyond this the pool and the file descriptors, not the server, become the subject of the test. */
    static final int MAX_CONCURRENCY = 10_000;

    /** How long Ctrl-C waits for requests in flight before printing what it has. */
    static final Duration STOP_GRACE = Duration.ofSeconds(1);

    /** Whether to draw the live progress line. */
    public enum Progress {
        auto,
        always,
        never
    }

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Path under the API URL (default /).")
    String path;

    @Option(
            names = {"-n", "--requests"},
            paramLabel = "N",
            description = "Number of requests (default " + DEFAULT_REQUESTS + " unless --duration is given).")
    Long requests;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Send for this long instead of a number of requests, e.g. 30s, 2m.")
    Duration duration;

    @Option(
            names = {"-c", "--concurrency"},
            paramLabel = "N",
            description = "Connections (closed model: requests in flight); default " + DEFAULT_CONCURRENCY + ".")
    Integer concurrency;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Open model: start this many requests per second, on schedule.")
    Double rate;

    @Option(
            names = {"-X", "--request"},
            paramLabel = "METHOD",
            description = "HTTP method (default GET, or POST with -d).")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "Extra header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = {"-d", "--data"},
            paramLabel = "DATA",
            description = "Request body; @FILE reads it from a file. Content-Type defaults to application/json.")
    String data;

    @Option(names = "--bearer", description = "Send 'Authorization: Bearer <token>' instead of the raw token.")
    boolean bearer;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Per request: longest wait for a connection and between response bytes "
                    + "(default: --read-timeout, 30s).")
    Duration timeout;

    @Option(
            names = "--report",
            paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report (charts, no network fetches).")
    Path report;

    @Option(
            names = "--progress",
            paramLabel = "WHEN",
            description = "Live progress line on stderr: ${COMPLETION-CANDIDATES} (default auto: only when stdout "
                    + "and stderr are a terminal).")
    Progress progress = Progress.auto;

    private final SettingsResolver resolver;

    private final TokenManagers tokenManagers;

    private final HostSystem host;

    public LoadCommand(SettingsResolver resolver, TokenManagers tokenManagers, HostSystem host) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
    }

    @Override
    public Integer call() throws Exception {
        validateUsage();
        Settings settings = resolver.resolve(connection, root.profile());
        if (settings.apiUrl() == null) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "no API URL: pass --api-url URL, set " + SettingsResolver.ENV_API_URL
                            + ", or add api-url to profile '" + settings.profile() + "'");
        }
        ApiRequest request = RequestParts.build(method, headers, data, path, settings.apiUrl());
        LoadPlan plan = new LoadPlan(
                request,
                (duration == null) ? ((requests == null) ? DEFAULT_REQUESTS : requests) : 0,
                duration,
                (concurrency == null) ? DEFAULT_CONCURRENCY : concurrency,
                (rate == null) ? 0 : rate,
                (timeout == null) ? settings.http().readTimeout() : timeout,
                bearer);

        HttpTrace trace = new HttpTrace(host.err(), new Redactor(), root.verbose());
        TokenManager tokens = tokenManagers.create(settings, !connection.noCache(), trace);
        try (RunToken token =
                new RunToken(() -> tokens.token(false), host.clock(), TokenManagers.CLOCK_SKEW, bearer, this::warn)) {
            return run(plan, settings, token);
        }
    }

    private int run(LoadPlan plan, Settings settings, RunToken token) throws Exception {
        boolean drawProgress =
                (progress == Progress.always) || (progress == Progress.auto && Terminal.interactive(host.env()));
        CountDownLatch printed = new CountDownLatch(1);
        try (LoadGenerator generator =
                new LoadGenerator(plan, token::header, settings.http().connectTimeout())) {
            // Ctrl-C: the JVM runs shutdown hooks; ours stops the run and waits until the summary so far is out.
            Thread onInterrupt = new Thread(
                    () -> {
                        generator.stop();
                        try {
                            printed.await(STOP_GRACE.toMillis() + 4000, TimeUnit.MILLISECONDS);
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
                ticker.scheduleAtFixedRate(() -> tick(generator, drawProgress), 1, 1, TimeUnit.SECONDS);
                awaitEnd(generator, plan);
                ticker.shutdownNow();
                ticker.awaitTermination(1, TimeUnit.SECONDS);
                generator.metrics().sample(generator.endNanos());
                if (drawProgress) {
                    host.err().print("\r" + " ".repeat(79) + "\r");
                    host.err().flush();
                }
                LoadResult result = result(plan, generator, token);
                print(result);
                writeReport(result);
                return (result.failed() == 0) ? ExitCodes.OK : failed(result);
            } finally {
                ticker.shutdownNow();
                printed.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException ex) {
                    // The JVM is already shutting down (Ctrl-C): the hook is running and has waited for us.
                }
            }
        }
    }

    /** Until every request completed, or (after Ctrl-C) a short grace for those in flight. */
    private static void awaitEnd(LoadGenerator generator, LoadPlan plan) throws InterruptedException {
        while (!generator.await(Duration.ofMillis(100))) {
            if (generator.stopped()) {
                generator.await(STOP_GRACE);
                return;
            }
        }
    }

    private void tick(LoadGenerator generator, boolean drawProgress) {
        IntervalStat stat = generator.metrics().sample(System.nanoTime());
        if (drawProgress) {
            LoadMetrics metrics = generator.metrics();
            long done = metrics.total().getTotalCount() + metrics.totalErrors();
            String line = String.format(
                    Locale.ROOT,
                    "%,d requests  %,.0f req/s  p99 %.1f ms  errors %,d",
                    done,
                    stat.throughput(),
                    stat.p99(),
                    metrics.totalErrors() + nonSuccess(metrics.statusCounts()));
            host.err().print("\r" + line + " ".repeat(Math.max(0, 79 - line.length())));
            host.err().flush();
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

    private static LoadResult result(LoadPlan plan, LoadGenerator generator, RunToken token) {
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
                generator.stopped());
    }

    private void print(LoadResult result) {
        PrintWriter out = host.out();
        if (root.output().json()) {
            out.println(Json.compact(result.toJson()));
        } else {
            out.print(TextSummary.render(result));
        }
        out.flush();
    }

    private void writeReport(LoadResult result) {
        if (report == null) {
            return;
        }
        try {
            LoadReport.write(report, result, host.clock().instant());
        } catch (IOException | RuntimeException ex) {
            throw new ExitException(
                    ExitCodes.FAILED,
                    "cannot write the report " + report + ": " + ex.getClass().getSimpleName()
                            + " (the summary above is complete)",
                    ex);
        }
    }

    private int failed(LoadResult result) {
        host.err()
                .println("gateway-cli: " + result.failed() + " of " + result.requests()
                        + " requests failed (non-2xx answer or no answer): see the status codes and errors above");
        host.err().flush();
        return ExitCodes.FAILED;
    }

    private void warn(String message) {
        synchronized (host.err()) {
            host.err().println("gateway-cli: " + message);
            host.err().flush();
        }
    }

    /** Usage errors (exit 2) before anything touches the network or the configuration. */
    private void validateUsage() {
        if (requests != null && duration != null) {
            throw new ExitException(ExitCodes.USAGE, "give -n or --duration, not both");
        }
        if (requests != null && requests < 1) {
            throw new ExitException(ExitCodes.USAGE, "-n must be at least 1 (got " + requests + ")");
        }
        if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
            throw new ExitException(
                    ExitCodes.USAGE, "-c must be between 1 and " + MAX_CONCURRENCY + " (got " + concurrency + ")");
        }
        if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
            throw new ExitException(
                    ExitCodes.USAGE, "--rate must be more than 0 and at most 1000000 requests/s (got " + rate + ")");
        }
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new ExitException(ExitCodes.USAGE, "--report " + report + ": the directory does not exist");
            }
            if (Files.isDirectory(report)) {
                throw new ExitException(ExitCodes.USAGE, "--report " + report + " is a directory: name a file");
            }
        }
        // Parsed now so that a bad -H or an unreadable -d @FILE fails before the token request.
        RequestParts.headers(headers);
        RequestParts.body(data);
    }
}
