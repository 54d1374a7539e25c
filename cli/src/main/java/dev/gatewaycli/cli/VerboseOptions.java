package dev.gatewaycli.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -v, --verbose}: stack traces and HTTP exchanges (secrets and tokens masked) on stderr. Inherited, so
 * {@code gateway-cli -v token} and {@code gateway-cli token -v} mean the same.
 */
public final class VerboseOptions {

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Show HTTP exchanges (secrets and tokens masked) and stack traces on stderr.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }
}
