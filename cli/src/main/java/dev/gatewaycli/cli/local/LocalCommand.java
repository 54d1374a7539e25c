package dev.gatewaycli.cli.local;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.config.ClientAuth;
import dev.gatewaycli.cli.config.DurationConverter;
import dev.gatewaycli.cli.config.LocalEmulator;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.logging.LogSetup;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.lambda.EnvironmentOverrides;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli local}: serves the emulated stacks (every user pool's token endpoint, every REST API with its
 * authorizers, the apps' own functions in their own processes) until interrupted, and writes a profile pointing at
 * the first API and app client, so that every other command, and any other client, can use it like the deployed
 * stack. See docs/emulator.md.
 */
@Component
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        header = "Serve the emulated stacks (token endpoints, APIs, authorizers, functions) until Ctrl-C.",
        description = {
            "",
            "Emulates a CDK app from its synthesized cloud assembly (this project's own stack unless "
                    + "--cloud-assembly names another): every user pool's /oauth2/token, JWKS and discovery; every "
                    + "REST API's routes, Cognito and Lambda authorizers, API keys, CORS and gateway responses; the "
                    + "app's own Lambda functions (Node.js, Python, Java, provided, Go) in their own processes. No AWS "
                    + "account.",
            "Prints the endpoints and throw-away credentials, and writes the first API and app client to a profile "
                    + "('local' unless --profile names another) so other commands can use it.",
            "",
            "Examples:",
            "  gateway-cli local                                # http://127.0.0.1:8787",
            "  gateway-cli --profile local call /                 # in another shell",
            "  gateway-cli local --port 0 -o json                 # any free port; one JSON line when ready",
            "  gateway-cli local --cloud-assembly cdk.out         # your own 'cdk synth' output, every stack",
            "  gateway-cli local --cloud-assembly cdk.out --stack ApiStack --env-vars env.json",
            "  gateway-cli local --keys ~/.config/gateway-cli/local-keys.json  # same signing keys every run",
            "  gateway-cli local --user alice@example.com:Passw0rd!  # a user in every pool; then:",
            "  gateway-cli --profile local call /profile --user alice@example.com --id-token",
            "  gateway-cli local --tls                          # https://127.0.0.1:8787, CA in the profile",
            ""
        },
        sortOptions = false)
public class LocalCommand implements Callable<Integer> {

    /** A fixed default, so that the URLs in scripts and bookmarks stay the same from one start to the next. */
    public static final int DEFAULT_PORT = 8787;

    @ParentCommand
    GatewayCli root;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bindAddress;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_PORT,
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--cloud-assembly",
            paramLabel = "DIR",
            description = "Emulate the stack in this CDK cloud assembly (the cdk.out of 'cdk synth') instead of the "
                    + "bundled one.")
    Path cloudAssembly;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Emulate only this stack of --cloud-assembly and the stacks it depends on (default: every "
                    + "stack).")
    String stackName;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            defaultValue = "us-east-1",
            description = "Region of the stacks the assembly does not pin, in their issuers, pool ids and ARNs "
                    + "(default: ${DEFAULT-VALUE}).")
    String region;

    @Option(
            names = "--parameter-overrides",
            paramLabel = "KEY=VALUE",
            description = "A value for template parameter KEY, in every stack that declares it (repeatable).")
    List<String> parameterOverrides = new ArrayList<>();

    @Option(
            names = "--env-vars",
            paramLabel = "FILE",
            description = "Environment variables for the functions, in SAM CLI's JSON shape: an object per function "
                    + "(logical id or name), and \"Parameters\" for all of them (also template parameter values).")
    Path envVars;

    @Option(
            names = "--functions",
            paramLabel = "MODE",
            description = "How functions run: process (each in execution environments of its own, as Lambda runs "
                    + "them; the default with --cloud-assembly) or in-process (Java functions only, in this JVM: "
                    + "faster, but without their environment variables; the default for the bundled stack, whose "
                    + "function reads none).")
    String functionMode;

    @Option(
            names = "--keys",
            paramLabel = "FILE",
            description = "JWK set file with the signing keys (created on first use): tokens stay valid across "
                    + "restarts.")
    Path keysFile;

    @Option(
            names = "--unknown-scope",
            paramLabel = "MODE",
            description = "[open] A scope the client may not use: ${COMPLETION-CANDIDATES} (default: REJECT, "
                    + "'invalid_scope').")
    EmulatorSettings.UnknownScope unknownScope;

    @Option(
            names = "--invalid-client-status",
            paramLabel = "STATUS",
            description = "[open] HTTP status of invalid_client: 400 (Cognito's docs, default) or 401 (RFC 6749).")
    Integer invalidClientStatus;

    @Option(
            names = "--basic-credentials",
            paramLabel = "MODE",
            description = "[open] How the Basic header's id and secret are read: ${COMPLETION-CANDIDATES} "
                    + "(default: RAW).")
    EmulatorSettings.BasicCredentials basicCredentials;

    @Option(
            names = "--issuer-style",
            paramLabel = "STYLE",
            description = "The tokens' iss: COGNITO (https://cognito-idp.REGION.amazonaws.com/POOL, default) or "
                    + "LOCAL (this server's URL, for OIDC discovery clients).")
    EmulatorSettings.IssuerStyle issuerStyle;

    @Option(
            names = "--integration-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "API Gateway's integration timeout (default 29s; 504 beyond it).")
    Duration integrationTimeout;

    @Option(
            names = "--authorizer-cache-ttl",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Authorizer result cache, 0 to disable (default: the template's, else 300s).")
    Duration authorizerCacheTtl;

    @Option(
            names = "--user",
            paramLabel = "NAME:PASSWORD",
            description = "Create this user, confirmed, in every user pool (repeatable), to sign in with "
                    + "token/call --user NAME at the emulator's IdP API. Throw-away test users: the password shows in "
                    + "ps, so use no real one.")
    List<String> users = new ArrayList<>();

    @Option(
            names = "--tls",
            description = "Serve every endpoint over HTTPS, with a certificate from your local CA (created once in "
                    + "$XDG_CACHE_HOME/gateway-cli/ca, key 0600); its ca.pem is printed (caFile) and written to the "
                    + "profile (ca-file), so other commands trust it.")
    boolean tls;

    @Option(names = "--no-profile", description = "Do not write a profile.")
    boolean noProfile;

    @Option(
            names = "--function-logs",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print the function's CloudWatch-style log lines (START, END, REPORT and its own) on stderr "
                    + "(default: on; --no-function-logs for load tests, where printing them costs throughput).")
    boolean functionLogs;

    private final ProfileStore profiles;

    private final HostSystem host;

    private final XdgDirs dirs;

    public LocalCommand(ProfileStore profiles, HostSystem host, XdgDirs dirs) {
        this.profiles = profiles;
        this.host = host;
        this.dirs = dirs;
    }

    /** Where {@code --tls} keeps the user's CA: {@code $XDG_CACHE_HOME/gateway-cli/ca}. */
    Path caDirectory() {
        return dirs.cacheDir().resolve("ca");
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ExitException(ExitCodes.USAGE, "--port must be between 0 and 65535, was " + port);
        }
        if (stackName != null && cloudAssembly == null) {
            throw new ExitException(ExitCodes.USAGE, "--stack names a stack of --cloud-assembly: give both");
        }
        StackModelSource source = new StackModelSource(cloudAssembly, stackName);
        EmulatorSettings settings = settings(source);
        if (functionLogs) {
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LogSetup.FUNCTION_LOGGER, LogLevel.INFO);
        }
        GatewayEmulator emulator =
                InProcessEmulator.start(source, bindAddress, port, settings, tls ? caDirectory() : null);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C (SIGINT) and SIGTERM run the shutdown hooks: close the server, then let this command return.
        Thread hook = new Thread(
                () -> {
                    emulator.close();
                    host.err().println("gateway-cli local: stopped");
                    host.err().flush();
                    stopped.countDown();
                },
                "gateway-cli-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String profileName = (root.profile() != null) ? root.profile() : LocalEmulator.PROFILE;
            GatewayEmulator.Client forPeople = null;
            if (!users.isEmpty()) {
                boolean added = InProcessEmulator.passwordClient(emulator) == null;
                forPeople = InProcessEmulator.clientForPeople(emulator);
                if (added) {
                    host.err()
                            .println("gateway-cli local: no app client of the emulated stacks allows "
                                    + "USER_PASSWORD_AUTH, so --user added app client " + forPeople.name() + " ("
                                    + forPeople.clientId() + ", ALLOW_USER_PASSWORD_AUTH) to user pool "
                                    + forPeople.userPoolId() + " for token/call --user");
                }
            }
            if (!noProfile) {
                profiles.write(profileName, profile(emulator, forPeople));
            }
            if (root.output().json()) {
                // The contract (docs/contract.md): exactly one line, once the emulator is ready, for scripts to read.
                host.out().println(emulator.endpointsJson());
                host.out().flush();
            } else {
                printText(emulator, source, profileName);
            }
            if (!isLoopback(bindAddress)) {
                host.err()
                        .println("gateway-cli local: listening on " + bindAddress
                                + ", reachable from other machines: "
                                + (tls ? "" : "the emulator has no TLS (--tls adds it) and ")
                                + "its credentials are throw-away, not secret");
            }
            host.err().flush();
            stopped.await();
        } finally {
            if (stopped.getCount() > 0) {
                // Ended otherwise than by a signal (an exception above): close now, and drop the hook.
                emulator.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ex) {
                    // already shutting down: the hook closes it again, harmlessly
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The first API and app client, as every other command reads a profile: only what the assembly has (an app
     * without Cognito gets a profile with the API and no token endpoint; one without an API, the token side only),
     * and the IdP API where users sign in. With {@code --user} the client is {@code forPeople}, the one users sign in
     * through, since signing those users in is what {@code --user} is for.
     *
     * @param forPeople the client users sign in through, or null without {@code --user}
     */
    static Profile profile(GatewayEmulator emulator, GatewayEmulator.Client forPeople) {
        GatewayEmulator.Client client = (forPeople != null)
                ? forPeople
                : emulator.clients().stream()
                        .filter((c) -> c.clientId().equals(emulator.clientId()))
                        .findFirst()
                        .orElse(null);
        String poolId = (client == null) ? emulator.userPoolId() : client.userPoolId();
        GatewayEmulator.UserPool pool = emulator.userPools().stream()
                .filter((p) -> p.userPoolId().equals(poolId))
                .findFirst()
                .orElse(null);
        Profile profile = new Profile(
                client == null ? null : emulator.tokenUrl(),
                emulator.apiUrl(),
                client == null ? null : client.clientId(),
                client == null ? null : client.clientSecret(),
                client == null ? null : client.scopes(),
                client == null || client.clientSecret() == null ? null : ClientAuth.basic.name(),
                pool == null ? emulator.region() : pool.region(),
                poolId,
                pool == null ? null : pool.jwksUrl(),
                pool == null ? null : emulator.idpUrl());
        return emulator.caFile() == null
                ? profile
                : profile.withCaFile(emulator.caFile().toString());
    }

    private EmulatorSettings settings(StackModelSource source) {
        EmulatorSettings settings = EmulatorSettings.defaults();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : parameterOverrides) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ExitException(ExitCodes.USAGE, "--parameter-overrides needs KEY=VALUE, not '" + pair + "'");
            }
            if (overrides.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                throw new ExitException(
                        ExitCodes.USAGE, "--parameter-overrides gives " + pair.substring(0, eq) + " twice");
            }
        }
        FunctionSettings functions = settings.functions().withMode(source.defaultFunctionMode());
        if (functionMode != null) {
            functions = switch (functionMode) {
                case "process" -> functions.withMode(FunctionSettings.Mode.PROCESS);
                case "in-process" -> functions.withMode(FunctionSettings.Mode.IN_PROCESS);
                default ->
                    throw new ExitException(
                            ExitCodes.USAGE, "--functions is 'process' or 'in-process', not '" + functionMode + "'");
            };
        }
        if (envVars != null) {
            try {
                functions = functions.withEnvironmentOverrides(EnvironmentOverrides.read(envVars));
            } catch (IllegalArgumentException | UncheckedIOException ex) {
                throw new ExitException(ExitCodes.CONFIG, "--env-vars: " + ex.getMessage(), ex);
            }
        }
        settings = settings.withParameterOverrides(overrides).withFunctions(functions);
        List<EmulatorSettings.User> created = new ArrayList<>();
        for (String user : users) {
            int colon = user.indexOf(':');
            if (colon <= 0 || colon == user.length() - 1) {
                // Never the value: after the colon is a password.
                throw new ExitException(
                        ExitCodes.USAGE,
                        "--user needs NAME:PASSWORD (the name, a colon, then the password, which may hold colons)");
            }
            created.add(new EmulatorSettings.User(user.substring(0, colon), user.substring(colon + 1)));
        }
        try {
            settings = settings.withUsers(created);
            settings = settings.withRegion(region);
            if (keysFile != null) {
                settings = settings.withKeysFile(keysFile);
            }
            if (unknownScope != null) {
                settings = settings.withUnknownScope(unknownScope);
            }
            if (invalidClientStatus != null) {
                settings = settings.withInvalidClientStatus(invalidClientStatus);
            }
            if (basicCredentials != null) {
                settings = settings.withBasicCredentials(basicCredentials);
            }
            if (issuerStyle != null) {
                settings = settings.withIssuerStyle(issuerStyle);
            }
            if (integrationTimeout != null) {
                settings = settings.withIntegrationTimeout(integrationTimeout);
            }
            if (authorizerCacheTtl != null) {
                settings = settings.withAuthorizerCacheTtl(authorizerCacheTtl);
            }
        } catch (IllegalArgumentException ex) {
            throw new ExitException(ExitCodes.USAGE, ex.getMessage());
        }
        return settings;
    }

    private void printText(GatewayEmulator emulator, StackModelSource source, String profileName) {
        var out = host.out();
        if (emulator.apis().isEmpty()) {
            out.println("API             (none)");
        }
        for (GatewayEmulator.Api api : emulator.apis()) {
            out.println("API             " + api.url() + "   (" + api.name() + ", stage " + api.stage() + ")");
        }
        for (GatewayEmulator.UserPool pool : emulator.userPools()) {
            out.println("user pool       " + pool.userPoolId() + "   (" + pool.name() + ", " + pool.region() + ")");
            out.println("  token endpoint  " + pool.tokenUrl());
            out.println("  issuer          " + pool.issuer());
            out.println("  JWKS            " + pool.jwksUrl());
        }
        for (GatewayEmulator.Client client : emulator.clients()) {
            out.println("app client      " + client.clientId() + "   (" + client.name() + ", pool "
                    + client.userPoolId() + ")");
            if (client.clientSecret() != null) {
                out.println("  client secret   " + client.clientSecret() + "   (throw-away, new every start)");
            }
            out.println("  scopes          " + String.join(" ", client.scopes()));
        }
        if (!emulator.userPools().isEmpty()) {
            out.println(
                    "IdP API         " + emulator.idpUrl() + "   (Cognito's API: InitiateAuth, AdminCreateUser, ...)");
        }
        for (String user : users) {
            out.println("user            " + user.substring(0, user.indexOf(':')) + "   (every pool, confirmed)");
        }
        for (GatewayEmulator.ApiKey key : emulator.apiKeys()) {
            out.println("API key         " + key.value() + "   (" + key.name() + ", id " + key.id() + ")");
        }
        if (emulator.caFile() != null) {
            out.println("CA certificate  " + emulator.caFile() + "   (trust it: --cacert, GATEWAY_CA_FILE, curl "
                    + "--cacert)");
        }
        out.flush();
        var err = host.err();
        err.println("gateway-cli local: emulating "
                + String.join(", ", emulator.stack().stackNames()) + " from " + source.describe());
        if (!noProfile) {
            err.println("gateway-cli local: profile '" + profileName + "' written to " + profiles.file()
                    + "; try: gateway-cli --profile " + profileName + " call /");
            if (!users.isEmpty()) {
                err.println("gateway-cli local: sign in with: gateway-cli --profile " + profileName + " token --user "
                        + users.get(0).substring(0, users.get(0).indexOf(':')));
            }
        }
        err.println("gateway-cli local: press Ctrl-C to stop");
    }

    private static boolean isLoopback(String address) {
        return address.equals("localhost")
                || address.startsWith("127.")
                || address.equals("::1")
                || address.equals("[::1]");
    }
}
