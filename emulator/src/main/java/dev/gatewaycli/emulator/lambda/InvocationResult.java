package dev.gatewaycli.emulator.lambda;

/** How one invocation ended: the function's serialized response, or an error as Lambda would report it. */
public sealed interface InvocationResult {

    /** The handler returned; {@code payload} is its return value serialized to JSON as the Java runtime does. */
    record Success(byte[] payload) implements InvocationResult {}

    /**
     * The invocation failed: the handler threw ({@code errorType} is the exception class), its class could not be
     * loaded ({@code Runtime.ImportModuleError}-like), or it ran past the function's timeout.
     */
    record Failure(String errorType, String errorMessage) implements InvocationResult {}
}
