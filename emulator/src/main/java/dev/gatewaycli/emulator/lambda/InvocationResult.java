package dev.gatewaycli.emulator.lambda;

/** How one invocation ended: the function's response payload, or its failure as Lambda reports it. */
public sealed interface InvocationResult {

    /** The function answered; {@code payload} is its response as the runtime serialized it (JSON). */
    record Success(byte[] payload) implements InvocationResult {}

    /**
     * The invocation failed. {@code errorType} is the runtime's (the exception's type, {@code Runtime.ImportModuleError},
     * {@code Runtime.HandlerNotFound}, {@code Runtime.ExitError}, ...) or the platform's ({@code Sandbox.Timedout} past the
     * function's timeout).
     */
    record Failure(String errorType, String errorMessage) implements InvocationResult {}
}
