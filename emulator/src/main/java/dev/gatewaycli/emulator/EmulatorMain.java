package dev.gatewaycli.emulator;

import dev.gatewaycli.emulator.cognito.UserRefusedException;
import dev.gatewaycli.emulator.lambda.EnvironmentOverrides;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.lambda.RuntimeUnavailableException;
import dev.gatewaycli.emulator.model.ModelException;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone and prints, once it is ready, the one JSON line {@code gateway-cli local -o json}
 * prints; stops on Ctrl-C / SIGTERM. It serves {@code bench/emulator-wrk.sh} and users without the CLI (docs/emulator.md,
 * "From the command line"); the CLI's {@code gateway-cli local} is the full-featured way.
 *
 * <pre>
 * java -cp ... dev.gatewaycli.emulator.EmulatorMain [--host H] [--port N] [--keys FILE] [--region R]
 *      [--parameter-overrides KEY=VALUE]... [--cloud-assembly DIR [--stack NAME] | --template FILE --assets DIR]
 *      [--env-vars FILE] [--functions process|in-process] [--user NAME:PASSWORD]... [--tls [--ca-dir DIR]]
 * </pre>
 * {@code --tls} serves every endpoint over HTTPS with a certificate from the user's local CA
 * ({@code $XDG_CACHE_HOME/gateway-cli/ca}, or {@code --ca-dir}), and adds its {@code caFile} to the JSON line.
 * Without a model option it serves the bundled model of this project's stack. Exit codes follow docs/contract.md, each
 * failure with one line on stderr: 2 for a usage error (unknown option, missing or bad value, options that do not go
 * together, a {@code --user} a pool refuses), 3 for a configuration error (a template it cannot model, a missing or invalid template, cloud assembly,
 * keys file or {@code --env-vars} file), 5 when it cannot listen (a network error, as for {@code gateway-cli local}), 6
 * when a function's runtime needs an interpreter the machine lacks ({@code node}, {@code python3}).
 */
public final class EmulatorMain {

    static final int NETWORK = 5;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;
    static final int MISSING_PREREQUISITE = 6;
    static final String USAGE_LINE = "Usage: EmulatorMain [--host H] [--port N] [--keys FILE] [--region R] "
            + "[--parameter-overrides KEY=VALUE]... [--cloud-assembly DIR [--stack NAME] | --template FILE --assets DIR] "
            + "[--env-vars FILE] [--functions process|in-process] [--user NAME:PASSWORD]... [--tls [--ca-dir DIR]]";

    private EmulatorMain() {}

    /** How start-up ended: a running emulator (exit code 0), or none and the exit code of what went wrong. */
    record Launch(GatewayEmulator emulator, int exitCode) {}

    public static void main(String[] args) throws InterruptedException {
        Launch launch = launch(args, System.out, System.err);
        if (launch.emulator() == null) {
            System.out.flush();
            System.exit(launch.exitCode());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            launch.emulator().close();
                            stopped.countDown();
                        },
                        "emulator-shutdown"));
        stopped.await();
    }

    /**
     * Parses {@code args} and starts the emulator, printing its endpoints line on {@code out}; or reports one line on
     * {@code err} (the usage on {@code out} for {@code --help}) and returns the exit code. Never throws for bad input.
     */
    static Launch launch(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 0;
        Path keys = null;
        Path cloudAssembly = null;
        String stackName = null;
        Path template = null;
        Path assets = null;
        Path envVars = null;
        FunctionSettings.Mode mode = FunctionSettings.Mode.PROCESS;
        String region = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<EmulatorSettings.User> users = new ArrayList<>();
        boolean tls = false;
        Path caDirectory = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    out.println(USAGE_LINE);
                    return new Launch(null, 0);
                }
                if (!option.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + option + "' (try --help)");
                }
                if (option.equals("--tls")) {
                    tls = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--host" -> host = value;
                    case "--port" -> port = port(value);
                    case "--keys" -> keys = Path.of(value);
                    case "--cloud-assembly" -> cloudAssembly = Path.of(value);
                    case "--stack" -> stackName = value;
                    case "--template" -> template = Path.of(value);
                    case "--assets" -> assets = Path.of(value);
                    case "--env-vars" -> envVars = Path.of(value);
                    case "--functions" -> mode = mode(value);
                    case "--region" -> region = value;
                    case "--parameter-overrides" -> override(value, overrides);
                    case "--user" -> users.add(user(value));
                    case "--ca-dir" -> caDirectory = Path.of(value);
                    default -> throw new UsageException("unknown option " + option + " (try --help)");
                }
            }
            if ((template == null) != (assets == null)) {
                throw new UsageException("--template and --assets go together");
            }
            if (template != null && cloudAssembly != null) {
                throw new UsageException("--cloud-assembly and --template are alternatives: give one");
            }
            if (stackName != null && cloudAssembly == null) {
                throw new UsageException("--stack names a stack of --cloud-assembly, which is missing");
            }
            if (caDirectory != null && !tls) {
                throw new UsageException("--ca-dir names the CA of --tls, which is missing");
            }
        } catch (UsageException | java.nio.file.InvalidPathException e) {
            return fail(err, USAGE, e.getMessage());
        }

        EmulatorSettings settings;
        try {
            settings = EmulatorSettings.defaults()
                    .withParameterOverrides(overrides)
                    .withUsers(users);
        } catch (IllegalArgumentException e) {
            return fail(err, USAGE, "--user: " + e.getMessage());
        }
        if (region != null) {
            try {
                settings = settings.withRegion(region);
            } catch (IllegalArgumentException e) {
                return fail(err, USAGE, "--region: " + e.getMessage());
            }
        }
        StackModel model;
        try {
            model = template != null
                    ? StackModel.fromTemplate(template, assets)
                    : cloudAssembly != null
                            ? StackModel.fromCloudAssembly(cloudAssembly, stackName)
                            : StackModel.bundled();
            if (keys != null) {
                settings = settings.withKeysFile(keys);
            }
            FunctionSettings functions = settings.functions().withMode(mode);
            if (envVars != null) {
                functions = functions.withEnvironmentOverrides(EnvironmentOverrides.read(envVars));
            }
            settings = settings.withFunctions(functions);
        } catch (ModelException | IllegalArgumentException | UncheckedIOException e) {
            return fail(err, CONFIGURATION, e.getMessage());
        }
        GatewayEmulator emulator;
        try {
            GatewayEmulator.Builder builder =
                    GatewayEmulator.builder().model(model).host(host).port(port).settings(settings);
            if (tls) {
                builder.tls(caDirectory != null ? caDirectory : LocalCertificateAuthority.defaultDirectory());
            }
            emulator = builder.start();
        } catch (UserRefusedException e) {
            return fail(err, USAGE, "--user: " + e.getMessage());
        } catch (ModelException | IllegalArgumentException | UncheckedIOException e) {
            // The template is read whole only here; a keys file and the local CA are loaded here too.
            return fail(err, CONFIGURATION, e.getMessage());
        } catch (RuntimeUnavailableException e) {
            return fail(err, MISSING_PREREQUISITE, e.getMessage());
        } catch (IllegalStateException e) {
            return fail(err, NETWORK, e.getMessage()); // cannot listen
        }
        out.println(emulator.endpointsJson());
        out.flush();
        if (!isLoopback(host)) {
            // As gateway-cli local warns: the container image listens on 0.0.0.0, so that a published port reaches it.
            err.println("emulator: listening on " + host + ", reachable from other machines: the emulator has no TLS "
                    + "and its credentials are throw-away, not secret");
            err.flush();
        }
        return new Launch(emulator, 0);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** {@code KEY=VALUE}, the value may be empty; a key given twice is a mistake, not an override. */
    private static void override(String value, Map<String, String> overrides) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--parameter-overrides needs KEY=VALUE, not '" + value + "'");
        }
        String key = value.substring(0, eq);
        if (overrides.putIfAbsent(key, value.substring(eq + 1)) != null) {
            throw new UsageException("--parameter-overrides gives " + key + " twice");
        }
    }

    /** {@code NAME:PASSWORD}, split at the first colon: a password may hold colons, a user name should not. */
    private static EmulatorSettings.User user(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new UsageException("--user needs NAME:PASSWORD");
        }
        return new EmulatorSettings.User(value.substring(0, colon), value.substring(colon + 1));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port needs a number from 0 to 65535, not '" + value + "'");
    }

    private static FunctionSettings.Mode mode(String value) {
        return switch (value) {
            case "process" -> FunctionSettings.Mode.PROCESS;
            case "in-process" -> FunctionSettings.Mode.IN_PROCESS;
            default -> throw new UsageException("--functions is 'process' or 'in-process', not '" + value + "'");
        };
    }

    private static Launch fail(PrintStream err, int exitCode, String message) {
        // One line, whatever the message: a path or a template value may carry a line break.
        err.println("emulator: " + String.valueOf(message).replaceAll("\\R", " "));
        err.flush();
        return new Launch(null, exitCode);
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
