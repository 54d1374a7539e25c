package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The AWS CDK CLI (npm package {@code aws-cdk}) at the version the build pins (root pom, {@code aws-cdk-cli.version}),
 * and how to start it. In order:
 * <ol>
 * <li>{@code GATEWAY_CDK}: a path to a {@code cdk} executable, used as it is (the user chose it);</li>
 * <li>{@code cdk} on {@code PATH}, if {@code cdk --version} reports the pinned version;</li>
 * <li>{@code npx --yes aws-cdk@<pinned>}: npm fetches that version once into its own cache ({@code ~/.npm/_npx});
 * nothing is installed globally.</li>
 * </ol>
 * Node.js must be on {@code PATH} in every case: the CDK CLI is a Node.js program.
 *
 * @param command the command words that start the CDK CLI, before its own arguments
 * @param source how it was chosen, for {@code -v} and {@code --dry-run}
 */
public record CdkCli(List<String> command, String source) {

    /** Overrides the choice of executable. */
    public static final String ENV_CDK = "GATEWAY_CDK";

    private static final String VERSION = loadVersion();

    /** The npm {@code aws-cdk} version the build pins (root pom {@code aws-cdk-cli.version}). */
    public static String pinnedVersion() {
        return VERSION;
    }

    /**
     * Checks Node.js and picks the CDK CLI, or fails with exit 6 and one line saying what to install.
     *
     * @param env the environment the CLI was given (its PATH is searched)
     * @param trace where {@code -v} notes go
     */
    public static CdkCli locate(Map<String, String> env, Consumer<String> trace) {
        Executables path = new Executables(env.get("PATH"));
        if (path.find("node").isEmpty()) {
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    "Node.js is not on PATH, and the AWS CDK CLI needs it: "
                            + "install Node.js 18 or newer (https://nodejs.org, or apt-get install nodejs npm) and run again");
        }
        String override = env.get(ENV_CDK);
        if (override != null && !override.isBlank()) {
            return new CdkCli(List.of(override), ENV_CDK);
        }
        Optional<Path> cdk = path.find("cdk");
        if (cdk.isPresent()) {
            String reported = version(cdk.get(), env);
            if (reported.startsWith(VERSION + " ") || reported.equals(VERSION)) {
                return new CdkCli(List.of(cdk.get().toString()), "cdk on PATH");
            }
            trace.accept("* " + cdk.get() + " is version '" + reported + "', not the pinned " + VERSION
                    + ": using npx instead");
        }
        Optional<Path> npx = path.find("npx");
        if (npx.isEmpty()) {
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    "npx (npm) is not on PATH, and the AWS CDK CLI " + VERSION
                            + " runs through it: install npm (it comes with Node.js; apt-get install npm), or put cdk "
                            + VERSION
                            + " on PATH (npm install --prefix .cdk-tools aws-cdk@" + VERSION + ")");
        }
        return new CdkCli(List.of(npx.get().toString(), "--yes", "aws-cdk@" + VERSION), "npx");
    }

    /** The full command line for the CDK CLI with these arguments. */
    public List<String> with(List<String> arguments) {
        List<String> all = new ArrayList<>(command);
        all.addAll(arguments);
        return all;
    }

    private static String version(Path cdk, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(cdk.toString(), "--version").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(4096);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "unknown (no answer to --version)";
            }
            return new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException ex) {
            return "unknown (" + ex.getMessage() + ")";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String loadVersion() {
        Properties properties = new Properties();
        try (InputStream in = CdkCli.class.getResourceAsStream("cdk-cli.properties")) {
            if (in == null) {
                throw new IllegalStateException("cdk-cli.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String version = properties.getProperty("aws-cdk-cli.version", "");
        if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalStateException("cdk-cli.properties was not filtered by the build: '" + version + "'");
        }
        return version;
    }
}
