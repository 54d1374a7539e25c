package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.SettingsResolver;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.local.LocalStacks;
import dev.gatewaycli.cli.oauth.TokenManagers;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli verify}: the smoke suite of issue 5 against a deployed or emulated stack; a table (or
 * {@code -o json}) on stdout, {@code --junit FILE} for CI. Exit 0 only when no check failed (a skipped check, which
 * says why, does not fail the run); 1 when a check failed; 4 when the token endpoint refused the configured
 * credentials; 5 on network errors; 3 for missing configuration, before any check runs.
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

    public static final String ENV_JWKS_URL = "GATEWAY_JWKS_URL";

    public static final String ENV_USER_POOL_ID = "GATEWAY_USER_POOL_ID";

    /** The most calls check 11 makes: it is a smoke check, {@code load} is the load test. */
    static final int MAX_CALLS = 10_000;

    private static final Pattern POOL_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d_[A-Za-z0-9]+");

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--jwks-url",
            paramLabel = "URL",
            description =
                    "The pool's JWKS (env GATEWAY_JWKS_URL, profile jwks-url; default: <iss>/.well-known/jwks.json "
                            + "of the token).")
    String jwksUrl;

    @Option(
            names = "--user-pool-id",
            paramLabel = "ID",
            description = "The user pool id, REGION_ID, so the token's iss is compared exactly (env "
                    + "GATEWAY_USER_POOL_ID, profile user-pool-id; default: iss is checked for Cognito's shape).")
    String userPoolId;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            defaultValue = "/",
            description = "Path under the API URL that the authorised checks GET (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(
            names = "--method-scope",
            paramLabel = "SCOPE",
            description =
                    "A scope the method accepts; repeatable (default: the configured --scope). Check 8 asks for a "
                            + "token with the client's other scopes.")
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

    private final SettingsResolver resolver;

    private final TokenManagers tokenManagers;

    private final HostSystem host;

    private final ProfileStore profiles;

    private final ObjectProvider<TerminalProbe> terminal;

    private final LocalStacks localStacks;

    public VerifyCommand(
            SettingsResolver resolver,
            TokenManagers tokenManagers,
            HostSystem host,
            ProfileStore profiles,
            ObjectProvider<TerminalProbe> terminal,
            LocalStacks localStacks) {
        this.localStacks = localStacks;
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
        this.profiles = profiles;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        // What the user typed is checked before any network traffic.
        if (calls < 1 || calls > MAX_CALLS) {
            throw new ExitException(
                    ExitCodes.USAGE, "--calls must be between 1 and " + MAX_CALLS + " (use 'load' for " + "more)");
        }
        checkPath();
        checkJunitFile();
        BodyExpectation expectation = BodyExpectation.of(readExpectBody(), expectJsonPaths);
        URI jwksOption = (jwksUrl == null) ? null : url(jwksUrl, "--jwks-url", ExitCodes.USAGE);
        if (userPoolId != null && !POOL_ID.matcher(userPoolId).matches()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "--user-pool-id '" + userPoolId + "' is not a user pool id (REGION_ID, e.g. us-east-1_AbCdEf123)");
        }

        Settings settings = resolver.resolve(connection, root.profile());
        if (connection.local()) {
            // --local: the emulator the resolver started knows its pool and JWKS (the tokens' iss is Cognito's https
            // issuer, which is not where the emulator serves its keys).
            if (jwksOption != null || userPoolId != null) {
                throw new ExitException(
                        ExitCodes.USAGE,
                        "--local supplies the JWKS URL and user pool id itself: drop --jwks-url and --user-pool-id");
            }
            LocalStacks.Endpoints local = localStacks.start();
            return run(
                    settings,
                    new VerifyTarget(local.jwksUrl(), local.userPoolId(), path, methodScopes, expectation, calls));
        }
        if (settings.apiUrl() == null) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "no API URL: pass --api-url URL, set " + SettingsResolver.ENV_API_URL
                            + ", or add api-url to profile '" + settings.profile() + "'");
        }
        VerifyTarget target = new VerifyTarget(
                jwks(jwksOption, settings.profile()),
                poolId(settings.profile()),
                path,
                methodScopes,
                expectation,
                calls);
        return run(settings, target);
    }

    /**
     * Runs the suite against resolved settings and prints the results; the entry point for {@code --local}, which
     * builds both from the emulator it starts.
     */
    public int run(Settings settings, VerifyTarget target) {
        HttpTrace trace = new HttpTrace(host.err(), new Redactor(), root.verbose());
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<CheckResult> results =
                new SmokeSuite(settings, target, tokenManagers, !connection.noCache(), trace, host.clock()).run();
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Object> described = describe(settings, target);

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
                        ExitCodes.FAILED,
                        "cannot write the JUnit report " + junit + ": "
                                + ex.getClass().getSimpleName() + " " + ex.getMessage(),
                        ex);
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
                    + ") failed, so the checks that need a " + "token were skipped: "
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

    private Map<String, Object> describe(Settings settings, VerifyTarget target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("profile", settings.profile());
        json.put("tokenUrl", settings.tokenUrl().toString());
        json.put("apiUrl", settings.apiUrl().toString());
        json.put("clientId", settings.clientId());
        json.put("clientAuth", settings.auth().method().getValue());
        json.put("scopes", settings.scopes());
        json.put("jwksUrl", (target.jwksUrl() == null) ? null : target.jwksUrl().toString());
        json.put("userPoolId", target.userPoolId());
        json.put("path", target.path());
        json.put("calls", target.calls());
        return json;
    }

    private void checkPath() {
        if (!path.startsWith("/") || path.contains("://")) {
            throw new ExitException(
                    ExitCodes.USAGE, "--path '" + path + "' must be a path under the API URL, e.g. / " + "or /items");
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
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ex) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "--expect-body @" + file + ": cannot read the file ("
                            + ex.getClass().getSimpleName() + ")");
        }
    }

    private URI jwks(URI option, String profileName) {
        if (option != null) {
            return option;
        }
        Optional<String> env = host.getenv(ENV_JWKS_URL);
        if (env.isPresent()) {
            return url(env.get(), ENV_JWKS_URL, ExitCodes.CONFIG);
        }
        return profiles.read(profileName)
                .map(Profile::jwksUrl)
                .filter((v) -> !v.isBlank())
                .map((v) -> url(v, "'jwks-url' of profile '" + profileName + "'", ExitCodes.CONFIG))
                .orElse(null);
    }

    private String poolId(String profileName) {
        if (userPoolId != null) {
            return userPoolId;
        }
        String source = ENV_USER_POOL_ID;
        String value = host.getenv(ENV_USER_POOL_ID).orElse(null);
        if (value == null) {
            source = "'user-pool-id' of profile '" + profileName + "'";
            value = profiles.read(profileName)
                    .map(Profile::userPoolId)
                    .filter((v) -> !v.isBlank())
                    .orElse(null);
        }
        if (value != null && !POOL_ID.matcher(value.trim()).matches()) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    source + "='" + value + "' is not a user pool id (REGION_ID, e.g. us-east-1_AbCdEf123)");
        }
        return (value == null) ? null : value.trim();
    }

    private static URI url(String value, String source, int exitCode) {
        try {
            URI uri = new URI(value.trim());
            String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ex) {
            // reported below
        }
        throw new ExitException(exitCode, source + ": '" + value + "' is not an http(s) URL");
    }
}
