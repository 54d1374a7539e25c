package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.model.FunctionModel;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lambda function of the emulated stack, invoked the way API Gateway's Lambda proxy integration (and a Lambda
 * authorizer) invokes it: an event in, the function's answer or its failure out. By default every function runs in
 * execution environments of its own, child processes that poll the emulated Lambda Runtime API
 * ({@link FunctionSettings.Mode#PROCESS}); Java functions may instead run in the emulator's JVM
 * ({@link FunctionSettings.Mode#IN_PROCESS}). Its log, {@code START}/{@code END}/{@code REPORT} and everything the
 * function prints, goes to the SLF4J logger {@code dev.gatewaycli.emulator.function.<function name>}.
 */
public final class LambdaFunction implements AutoCloseable {

    /** The parent of every function's logger. */
    public static final String LOGGER_PREFIX = "dev.gatewaycli.emulator.function.";

    private final FunctionModel model;
    private final String arn;
    private final Invoker invoker;

    /**
     * Prepares the function; no environment starts until the first invocation.
     *
     * @throws RuntimeUnavailableException when the function's runtime needs an interpreter this machine lacks
     */
    public LambdaFunction(FunctionModel model, FunctionHost host) {
        this.model = Objects.requireNonNull(model, "model cannot be null");
        Objects.requireNonNull(host, "host cannot be null");
        this.arn = "arn:aws:lambda:" + host.region() + ":" + host.accountId() + ":function:" + model.functionName();
        RuntimeFamily family = RuntimeFamily.of(model.runtime())
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + model.runtime() + "' is not emulated (" + RuntimeFamily.SUPPORTED + ")"));
        Logger log = LoggerFactory.getLogger(LOGGER_PREFIX + model.functionName());
        this.invoker = family == RuntimeFamily.JAVA && host.settings().mode() == FunctionSettings.Mode.IN_PROCESS
                ? new InProcessFunction(model, host, arn, log)
                : new ProcessFunction(model, family, host, arn, log);
    }

    public FunctionModel model() {
        return model;
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>} */
    public String arn() {
        return arn;
    }

    /** The template's {@code Environment.Variables}, resolved. */
    public Map<String, String> environment() {
        return model.environment();
    }

    /**
     * Invokes the function with {@code event} (JSON). The future completes with the function's response or its
     * failure; it never completes exceptionally. A function that runs past its timeout fails with {@code Task timed
     * out after N.00 seconds}, as Lambda reports it.
     */
    public CompletableFuture<InvocationResult> invoke(byte[] event, String requestId) {
        return invoker.invoke(event, requestId);
    }

    /** Stops the function's execution environments (or threads); invocations in flight fail. */
    @Override
    public void close() {
        invoker.close();
    }

    @Override
    public String toString() {
        return "LambdaFunction[" + model.functionName() + ", " + model.runtime() + "]";
    }
}
