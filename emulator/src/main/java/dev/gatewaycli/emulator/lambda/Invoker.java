package dev.gatewaycli.emulator.lambda;

import java.util.concurrent.CompletableFuture;

/** How a {@link LambdaFunction} runs: in execution environments of its own, or in the emulator's JVM. */
interface Invoker extends AutoCloseable {

    /** The function's answer to {@code event}; never completes exceptionally. */
    CompletableFuture<InvocationResult> invoke(byte[] event, String requestId);

    /**
     * Once the emulator serves: work that would only delay the first invocation may start now, in the background
     * (none of the function's code runs). Nothing by default: an execution environment starts at the first
     * invocation, as Lambda starts one.
     */
    default void prepareAhead() {}

    @Override
    void close();
}
