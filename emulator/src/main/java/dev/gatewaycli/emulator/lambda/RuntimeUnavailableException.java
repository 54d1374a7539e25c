package dev.gatewaycli.emulator.lambda;

/**
 * A function's runtime needs an interpreter this machine does not have ({@code node}, {@code python3}): a missing
 * prerequisite, which the command-line front ends report with their exit code for one (6).
 */
public final class RuntimeUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RuntimeUnavailableException(String message) {
        super(message, null, false, false);
    }
}
