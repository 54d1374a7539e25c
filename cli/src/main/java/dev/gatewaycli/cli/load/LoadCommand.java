package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.api.RequestOptions;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.DurationConverter;
import dev.gatewaycli.cli.config.InputFiles;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.SafeStderr;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli load [PATH]}: a load test of the API with one client-credentials token, latencies in
 * HdrHistogram, a summary (or {@code -o json}) on stdout and, with {@code --report}, a self-contained HTML report.
 * The target comes from {@link TargetResolver}; {@link LoadRun} sends the load.
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
public class LoadCommand implements Callable<Integer> {

    /** As hey does: a default that cannot hurt a real API (API Gateway bills per request). */
    static final long DEFAULT_REQUESTS = 200;

    static final int DEFAULT_CONCURRENCY = 10;

    /** Beyond this the pool and the file descriptors, not the server, become the subject of the test. */
    static final int MAX_CONCURRENCY = 10_000;

    /** How often the metrics are sampled: the report's over-time charts have one point per interval. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

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

    @Mixin
    RequestOptions requestOptions;

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

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final HostSystem host;

    private final XdgDirs dirs;

    public LoadCommand(TargetResolver resolver, TokenManagerFactory tokenManagers, HostSystem host, XdgDirs dirs) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
        this.dirs = dirs;
    }

    @Override
    public Integer call() throws InterruptedException {
        validateUsage();
        Target target = resolver.resolve(connection, root.profile(), Reach.API);
        Settings settings = target.settings();
        LoadPlan plan = new LoadPlan(
                requestOptions.request(settings.apiUrl()),
                (duration == null) ? ((requests == null) ? DEFAULT_REQUESTS : requests) : 0,
                duration,
                (concurrency == null) ? DEFAULT_CONCURRENCY : concurrency,
                (rate == null) ? 0 : rate,
                (timeout == null) ? settings.http().readTimeout() : timeout,
                requestOptions.bearer());
        // Chosen before the token request: loading OpenSSL's native library must see the work directory LoadTls sets
        // before anything else in the process makes Netty look for native code.
        LoadTls.Engine tls = "https".equalsIgnoreCase(plan.request().uri().getScheme())
                ? LoadTls.engine(settings.http().trust(), dirs.cacheDir())
                : null;
        TokenManager tokens = tokenManagers.create(target, root.trace(host.err()));
        boolean draw = (progress == Progress.always) || (progress == Progress.auto && Terminal.interactive(host.env()));
        try (RunToken token = new RunToken(
                () -> tokens.token(false), host.clock(), TokenManagerFactory.CLOCK_SKEW, plan.bearer(), this::warn)) {
            LoadRun run = new LoadRun(
                    plan,
                    token,
                    settings.http().connectTimeout(),
                    tls,
                    INTERVAL,
                    // The progress line is redrawn with \r and holds only the run's own figures.
                    draw ? SafeStderr.unfiltered(host.err()) : null);
            LoadResult result = run.run(this::publish);
            return (result.failed() == 0) ? ExitCodes.OK : failed(result);
        }
    }

    /** The summary on stdout, then the report: what a Ctrl-C waits for. */
    private void publish(LoadResult result) {
        PrintWriter out = host.out();
        if (root.output().json()) {
            out.println(JsonText.compact(result.toJson()));
        } else {
            out.print(TextSummary.render(result));
        }
        out.flush();
        if (report == null) {
            return;
        }
        try {
            LoadReport.write(report, result, host.clock().instant());
        } catch (IOException | RuntimeException ex) {
            throw new ExitException(
                    ExitCodes.FAILED,
                    "cannot write the report " + report + ": " + InputFiles.reason(ex)
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
        // Now, so that a bad -H or an unreadable -d @FILE fails before the token request.
        requestOptions.validate();
    }
}
