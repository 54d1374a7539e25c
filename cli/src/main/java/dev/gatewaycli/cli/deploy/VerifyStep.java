package dev.gatewaycli.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code gateway-cli --profile NAME verify} after a deploy, through the same command line (so its options,
 * error handling and exit codes are the ones a user gets typing it).
 */
final class VerifyStep {

    static final String VERIFY = "verify";

    private VerifyStep() {}

    /** The arguments verify runs with: the new profile, and this run's -v and -o. */
    static List<String> arguments(String profile, boolean verbose, boolean json) {
        List<String> args = new ArrayList<>(List.of("--profile", profile));
        if (verbose) {
            args.add("-v");
        }
        if (json) {
            args.addAll(List.of("-o", "json"));
        }
        args.add(VERIFY);
        return args;
    }

    /** Runs verify against the new profile through the root command line; its exit code becomes deploy's. */
    static int run(CommandSpec spec, String profile, boolean verbose, boolean json) {
        return spec.root()
                .commandLine()
                .execute(arguments(profile, verbose, json).toArray(String[]::new));
    }
}
