package dev.gatewaycli.emulator.lambda;

import java.util.concurrent.CompletableFuture;

/** How a {@link LambdaFunction} runs: in execution environments of its own, or in the emulator's JVM. */
interface Invoker extends AutoCloseable {

    /** The function's answer to {@code event}; never completes exceptionally. */
    CompletableFuture<InvocationResult> invoke(byte[] event, String requestId);

    @Override
    void close();
}
