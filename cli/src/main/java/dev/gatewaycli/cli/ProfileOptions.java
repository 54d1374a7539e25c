package dev.gatewaycli.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --profile NAME}: which named set of endpoints and credentials to read; inherited by every subcommand. */
public final class ProfileOptions {

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Profile in the config file (default: $GATEWAY_PROFILE, else 'default').")
    String profile;

    /** The name given on the command line, or null: {@code TargetResolver} applies the environment and default. */
    public String profile() {
        return profile;
    }
}
