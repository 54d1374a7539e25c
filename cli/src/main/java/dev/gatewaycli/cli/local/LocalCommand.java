package dev.gatewaycli.cli.local;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.config.ClientAuth;
import dev.gatewaycli.cli.config.DurationConverter;
import dev.gatewaycli.cli.config.EmulatedStack;
import dev.gatewaycli.cli.config.LocalEmulator;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli local}: serves the emulated stack (Cognito token endpoint, API Gateway with its Cognito
 * authorizer, the real function) until interrupted, and writes a profile pointing at it, so that every other
 * command, and any other client, can use it like the deployed stack. See docs/emulator.md.
 */
@Component
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        header = "Serve the emulated stack (token endpoint, API, authorizer, function) until Ctrl-C.",
        description = {
            "",
            "Emulates the stack this project deploys, built from its synthesized CloudFormation template: Cognito's "
                    + "/oauth2/token, JWKS and discovery; API Gateway's routes, Cognito authorizer and gateway "
                    + "responses; the real function jar. No AWS account, no Node.js.",
            "Prints the endpoints and throw-away credentials, and writes them to a profile ('local' unless "
                    + "--profile names another) so other commands can use it.",
            "",
            "Examples:",
            "  gateway-cli local                                # http://127.0.0.1:8787",
            "  gateway-cli --profile local call /                 # in another shell",
            "  gateway-cli local --port 0 -o json                 # any free port; one JSON line when ready",
            "  gateway-cli local --cloud-assembly cdk.out --stack MyStack   # your own 'cdk synth' output",
            "  gateway-cli local --keys ~/.config/gateway-cli/local-keys.json  # same signing keys every run",
            ""
        },
        sortOptions = false)
public class LocalCommand implements Callable<Integer> {

    /** A fixed default, so that the URLs in scripts and bookmarks stay the same from one start to the next. */
    public static final int DEFAULT_PORT = 8787;

    /** The emulator's logger for the function's CloudWatch-style lines (docs/emulator.md, "The function"). */
    static final String FUNCTION_LOGGER = "dev.gatewaycli.emulator.function";

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
            description = "Which stack of --cloud-assembly to emulate, when it holds several.")
    String stackName;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            defaultValue = "us-east-1",
            description = "Region in the issuer, pool id and ARNs (default: ${DEFAULT-VALUE}).")
    String region;

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

    public LocalCommand(ProfileStore profiles, HostSystem host) {
        this.profiles = profiles;
        this.host = host;
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
        if (functionLogs) {
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(FUNCTION_LOGGER, LogLevel.INFO);
        }
        GatewayEmulator emulator = InProcessEmulator.start(source, bindAddress, port, settings());
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
            EmulatedStack endpoints = InProcessEmulator.describe(emulator);
            String profileName = (root.profile() != null) ? root.profile() : LocalEmulator.PROFILE;
            if (!noProfile) {
                profiles.write(
                        profileName,
                        new Profile(
                                endpoints.tokenUrl().toString(),
                                endpoints.apiUrl().toString(),
                                endpoints.clientId(),
                                endpoints.clientSecret(),
                                endpoints.scopes(),
                                ClientAuth.basic.name(),
                                endpoints.region(),
                                endpoints.userPoolId(),
                                endpoints.jwksUrl().toString(),
                                null));
            }
            if (root.output().json()) {
                // The contract (docs/contract.md): exactly one line, once the emulator is ready, for scripts to read.
                host.out().println(emulator.endpointsJson());
                host.out().flush();
            } else {
                printText(emulator, endpoints, source, profileName);
            }
            if (!isLoopback(bindAddress)) {
                host.err()
                        .println("gateway-cli local: listening on " + bindAddress
                                + ", reachable from other machines: the "
                                + "emulator has no TLS and its credentials are throw-away, not secret");
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

    private EmulatorSettings settings() {
        EmulatorSettings settings = EmulatorSettings.defaults();
        try {
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

    private void printText(
            GatewayEmulator emulator, EmulatedStack endpoints, StackModelSource source, String profileName) {
        var out = host.out();
        out.println("API             " + endpoints.apiUrl());
        out.println("token endpoint  " + endpoints.tokenUrl());
        out.println("issuer          " + endpoints.issuer());
        out.println("JWKS            " + endpoints.jwksUrl());
        out.println("user pool id    " + endpoints.userPoolId());
        out.println("region          " + endpoints.region());
        out.println("client id       " + endpoints.clientId());
        out.println("client secret   " + endpoints.clientSecret() + "   (throw-away, new every start)");
        out.println("scopes          " + String.join(" ", endpoints.scopes()));
        out.flush();
        var err = host.err();
        err.println(
                "gateway-cli local: emulating stack " + emulator.stack().stackName() + " from " + source.describe());
        if (!noProfile) {
            err.println("gateway-cli local: profile '" + profileName + "' written to " + profiles.file()
                    + "; try: gateway-cli --profile " + profileName + " call /");
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
