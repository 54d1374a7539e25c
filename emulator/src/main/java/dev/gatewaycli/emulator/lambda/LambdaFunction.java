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
     * @param arn {@code arn:aws:lambda:<region>:<account>:function:<name>}, the function's deployed ARN: its Region is
     *     the one its environment's {@code AWS_REGION} names (the stacks of one assembly may be in several)
     * @throws RuntimeUnavailableException when the function's runtime needs an interpreter this machine lacks
     */
    public LambdaFunction(FunctionModel model, String arn, FunctionHost host) {
        this.model = Objects.requireNonNull(model, "model cannot be null");
        Objects.requireNonNull(host, "host cannot be null");
        this.arn = Objects.requireNonNull(arn, "arn cannot be null");
        if (regionOf(arn) == null) {
            throw new IllegalArgumentException("'" + arn + "' is not a Lambda function ARN");
        }
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

    /** The Region of {@code arn:aws:lambda:<region>:<account>:function:<name>}, or null for anything else. */
    static String regionOf(String arn) {
        String[] parts = arn.split(":", 7);
        return parts.length == 7 && parts[0].equals("arn") && parts[2].equals("lambda") && !parts[3].isEmpty()
                ? parts[3]
                : null;
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

    /**
     * Called by the emulator once it serves: the in-process mode then prepares the first invocation in the background
     * (the handler's method and serializers, none of its code run); environments of their own start at the first
     * invocation.
     */
    public void prepareAhead() {
        invoker.prepareAhead();
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
