package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.InputFiles;
import dev.gatewaycli.cli.config.PoolOptions;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli verify}: the smoke suite against a deployed or emulated stack; a table (or {@code -o json}) on
 * stdout, {@code --junit FILE} for CI. The target (including the pool's JWKS and id) comes from
 * {@link TargetResolver}, the checks from {@link SmokeSuite}, the renderings from {@link Reports}. Exit 0 only when no
 * check failed (a skipped check, which says why, does not fail the run); 1 when a check failed; 4 when the token
 * endpoint refused the configured credentials; 5 on network errors; 3 for missing configuration, before any check.
 */
@Component
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Run the smoke suite: is the API protected the way you think, and does it answer as it should?",
        description = {
            "",
            "Eleven checks against the token endpoint, the token, the authorizer and the function (docs/verify.md "
                    + "explains each, what a failure means and what to do). Check 1 fetches a fresh token (and "
                    + "caches it, as 'call' would); the rest reuse it.",
            "",
            "Examples:",
            "  gateway-cli verify --local                 # against the emulated stack, no AWS account",
            "  gateway-cli verify                         # the default profile / GATEWAY_* settings",
            "  gateway-cli --profile prod verify --junit target/verify.xml",
            "  gateway-cli verify -o json | jq '.checks[] | select(.verdict == \"fail\")'",
            "  gateway-cli verify --path /items --expect-json-path '$.items[0].id=42'",
            "  gateway-cli verify --user-pool-id us-east-1_AbCdEf123 --calls 50",
            ""
        },
        sortOptions = false)
public class VerifyCommand implements Callable<Integer> {

    /** The most calls check 11 makes: it is a smoke check, {@code load} is the load test. */
    static final int MAX_CALLS = 10_000;

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    PoolOptions pool;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            defaultValue = "/",
            description = "Path under the API URL that the authorised checks GET (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(
            names = "--method-scope",
            paramLabel = "SCOPE",
            description = "A scope the method accepts; repeatable (default: the configured --scope). Check 8 asks for "
                    + "a token with the client's other scopes.")
    List<String> methodScopes = new ArrayList<>();

    @Option(
            names = "--expect-body",
            paramLabel = "BODY",
            description = "The body check 3 expects (JSON-equal when JSON; @FILE reads it). Default: the seed's "
                    + BodyExpectation.SEED_BODY + " unless --expect-json-path is given.")
    String expectBody;

    @Option(
            names = "--expect-json-path",
            paramLabel = "PATH=VALUE",
            description = "A value check 3 expects in the JSON body, e.g. '$.content=Hello from the Lambda function!' "
                    + "or '/items/0/id=42'; repeatable.")
    List<String> expectJsonPaths = new ArrayList<>();

    @Option(
            names = "--calls",
            paramLabel = "N",
            defaultValue = "20",
            description = "Authorised calls check 11 times (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
    Path junit;

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final HostSystem host;

    private final ObjectProvider<TerminalProbe> terminal;

    public VerifyCommand(
            TargetResolver resolver,
            TokenManagerFactory tokenManagers,
            HostSystem host,
            ObjectProvider<TerminalProbe> terminal) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        // What the user typed is checked before any network traffic.
        if (calls < 1 || calls > MAX_CALLS) {
            throw new ExitException(
                    ExitCodes.USAGE, "--calls must be between 1 and " + MAX_CALLS + " (use 'load' for more)");
        }
        checkPath();
        checkJunitFile();
        SuitePlan plan =
                new SuitePlan(path, methodScopes, BodyExpectation.of(readExpectBody(), expectJsonPaths), calls);
        Target target = resolver.resolve(connection, pool, root.profile(), Reach.API);

        Instant started = host.clock().instant();
        long start = System.nanoTime();
        List<CheckResult> results =
                new SmokeSuite(target, plan, tokenManagers, root.trace(host.err()), host.clock()).run();
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Object> described = describe(target, plan);

        if (root.output().json()) {
            host.out().println(Reports.json(results, total, described));
        } else {
            host.out().print(Reports.table(results, total, colour()));
        }
        host.out().flush();
        if (junit != null) {
            try {
                Reports.junit(junit, results, total, started, described);
            } catch (IOException ex) {
                throw new ExitException(
                        ExitCodes.FAILED, "cannot write the JUnit report " + junit + ": " + InputFiles.reason(ex), ex);
            }
        }
        return exitCode(results);
    }

    /** Colour only for a person at a terminal who has not asked for none (https://no-color.org). */
    boolean colour() {
        boolean tty = terminal.getIfAvailable(TerminalProbe::system).stdoutIsTerminal();
        return tty && host.getenv("NO_COLOR").isEmpty();
    }

    private int exitCode(List<CheckResult> results) {
        List<CheckResult> failed =
                results.stream().filter((r) -> r.verdict() == Verdict.FAIL).toList();
        if (failed.isEmpty()) {
            return ExitCodes.OK;
        }
        Optional<CheckResult> refused = failed.stream()
                .filter((r) -> r.cause() == CheckResult.Cause.REFUSED)
                .findFirst();
        String names = failed.stream().map(CheckResult::name).collect(Collectors.joining(", "));
        int status;
        String line;
        if (refused.isPresent()) {
            status = ExitCodes.AUTH;
            line = "check " + refused.get().number() + " (" + refused.get().name()
                    + ") failed, so the checks that need a token were skipped: "
                    + refused.get().summary();
        } else if (failed.stream().anyMatch((r) -> r.cause() == CheckResult.Cause.NETWORK)) {
            status = ExitCodes.NETWORK;
            CheckResult first = failed.stream()
                    .filter((r) -> r.cause() == CheckResult.Cause.NETWORK)
                    .findFirst()
                    .orElseThrow();
            line = failed.size() + " of " + results.size() + " checks failed (" + names + "), on network errors: "
                    + first.summary();
        } else {
            status = ExitCodes.FAILED;
            line = failed.size() + " of " + results.size() + " checks failed: " + names
                    + " (docs/verify.md says what each failure means)";
        }
        host.err().println("gateway-cli: " + line);
        host.err().flush();
        return status;
    }

    private static Map<String, Object> describe(Target target, SuitePlan plan) {
        Settings settings = target.settings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("profile", settings.profile());
        json.put("tokenUrl", settings.tokenUrl().toString());
        json.put("apiUrl", settings.apiUrl().toString());
        json.put("clientId", settings.clientId());
        json.put("clientAuth", settings.auth().method().getValue());
        json.put("scopes", settings.scopes());
        json.put("jwksUrl", (target.jwksUrl() == null) ? null : target.jwksUrl().toString());
        json.put("userPoolId", target.userPoolId());
        json.put("path", plan.path());
        json.put("calls", plan.calls());
        return json;
    }

    private void checkPath() {
        if (!path.startsWith("/") || path.contains("://")) {
            throw new ExitException(
                    ExitCodes.USAGE, "--path '" + path + "' must be a path under the API URL, e.g. / or /items");
        }
        try {
            new URI("http://h" + path);
        } catch (URISyntaxException ex) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "--path '" + path + "' is not a valid URL path: " + ex.getReason()
                            + " (percent-encode spaces and special characters)");
        }
    }

    private void checkJunitFile() {
        if (junit == null) {
            return;
        }
        Path parent = junit.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ExitException(
                    ExitCodes.USAGE, "--junit " + junit + ": the directory " + parent + " does not exist");
        }
        if (Files.isDirectory(junit)) {
            throw new ExitException(ExitCodes.USAGE, "--junit " + junit + " is a directory, not a file");
        }
    }

    private String readExpectBody() {
        if (expectBody == null || !expectBody.startsWith("@")) {
            return expectBody;
        }
        Path file = Path.of(expectBody.substring(1));
        byte[] content = InputFiles.read(
                file,
                Settings.Http.DEFAULT_MAX_RESPONSE_BYTES,
                "--expect-body @" + file,
                "the largest body API Gateway answers (10 MB)",
                ExitCodes.USAGE);
        return new String(content, StandardCharsets.UTF_8);
    }
}
