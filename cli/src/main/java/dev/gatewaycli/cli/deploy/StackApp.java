package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CDK app the life-cycle commands run: the repository root (where {@code cdk.json} is, since its app command
 * {@code sh stack/cdk-app.sh} is relative to it), the context given with {@code -c}, and the stack name that context
 * selects (stack/README.md: {@code stackName}, default {@code GatewayCliStack}).
 *
 * @param root the directory holding {@code cdk.json}; the CDK CLI runs here
 * @param context {@code -c} pairs in the order given
 * @param stackName the CloudFormation stack (and CDK construct id) the app synthesizes
 */
public record StackApp(Path root, Map<String, String> context, String stackName) {

    /** Where the root is when not given: an override for tests and unusual layouts. */
    public static final String ENV_STACK_DIR = "GATEWAY_STACK_DIR";

    /** The launcher's directory, when a launcher exports it. */
    public static final String ENV_HOME = "GATEWAY_CLI_HOME";

    /** stack/README.md: the stack name when the {@code stackName} context key is not set. */
    public static final String DEFAULT_STACK_NAME = "GatewayCliStack";

    /** CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128 characters. */
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Finds the root and reads the context; bad {@code -c} values are usage errors (exit 2). */
    public static StackApp resolve(StackOptions options, HostSystem host) {
        Path root = locate(options.appDir(), host);
        Map<String, String> context = new LinkedHashMap<>();
        for (String pair : options.context()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ExitException(
                        ExitCodes.USAGE,
                        "-c '" + pair + "' is not KEY=VALUE: e.g. -c stackName=OrdersStack (keys: stack/README.md)");
            }
            context.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        String stackName = Optional.ofNullable(context.get("stackName"))
                .or(() -> cdkJsonStackName(root))
                .orElse(DEFAULT_STACK_NAME);
        if (!STACK_NAME.matcher(stackName).matches()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "stackName '" + stackName
                            + "' is not a CloudFormation stack name: a letter, then letters, digits and hyphens (at most 128)");
        }
        return new StackApp(root, java.util.Collections.unmodifiableMap(context), stackName);
    }

    /** {@code -c key=value} for each pair, in the order given: what the CDK CLI takes. */
    public List<String> contextArguments() {
        List<String> args = new ArrayList<>();
        context.forEach((key, value) -> {
            args.add("-c");
            args.add(key + "=" + value);
        });
        return args;
    }

    private static Path locate(Path option, HostSystem host) {
        if (option != null) {
            return requireApp(option, "--app-dir");
        }
        Optional<String> env = host.getenv(ENV_STACK_DIR);
        if (env.isPresent()) {
            return requireApp(Path.of(env.get()), ENV_STACK_DIR);
        }
        Optional<String> home = host.getenv(ENV_HOME);
        if (home.isPresent()) {
            return requireApp(Path.of(home.get()), ENV_HOME);
        }
        // The CLI's own jar lives under <root>/cli/target (the launcher runs it from there): the app is beside it.
        Optional<Path> fromJar = codeSource().flatMap(StackApp::walkUp);
        if (fromJar.isPresent()) {
            return fromJar.get();
        }
        return walkUp(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new ExitException(
                        ExitCodes.CONFIG,
                        "cannot find the stack's CDK app (cdk.json with "
                                + "stack/cdk-app.sh): run from the gateway-cli repository, or pass --app-dir DIR"));
    }

    private static Path requireApp(Path dir, String source) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!isApp(absolute)) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    source + " " + dir + " holds no cdk.json: point it at the gateway-cli repository root");
        }
        return absolute;
    }

    private static boolean isApp(Path dir) {
        return Files.isRegularFile(dir.resolve("cdk.json"));
    }

    private static Optional<Path> walkUp(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isApp(dir) && Files.isRegularFile(dir.resolve("stack/cdk-app.sh"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeSource() {
        try {
            var source = StackApp.class.getProtectionDomain().getCodeSource();
            return (source == null)
                    ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException ex) {
            // A nested jar URL (java -jar of the fat jar) is no file path: fall back to the working directory.
            return Optional.empty();
        }
    }

    private static Optional<String> cdkJsonStackName(Path root) {
        try {
            JsonNode stackName = JSON.readTree(Files.readString(root.resolve("cdk.json")))
                    .path("context")
                    .path("stackName");
            return stackName.isString() ? Optional.of(stackName.asString()) : Optional.empty();
        } catch (IOException | RuntimeException ex) {
            // The CDK CLI reads cdk.json itself and reports its errors better than we could.
            return Optional.empty();
        }
    }
}
