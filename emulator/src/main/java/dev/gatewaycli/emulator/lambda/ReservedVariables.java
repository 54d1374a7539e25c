package dev.gatewaycli.emulator.lambda;

import java.util.Set;

/**
 * The environment variables Lambda sets itself and refuses in a function's configuration (docs/fidelity.md §5,
 * "Defined runtime environment variables").
 */
public final class ReservedVariables {

    /** Lambda's reserved keys: a template that sets one would fail to deploy. */
    static final Set<String> RESERVED = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    /**
     * What {@code --env-vars} may not override either: without them the runtime cannot find its code or the Runtime
     * API. Everything else, credentials included, an override may set (that is how a function gets credentials for a
     * local service).
     */
    static final Set<String> EMULATOR_OWNED =
            Set.of("_HANDLER", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private ReservedVariables() {}

    /** Whether Lambda reserves {@code name}. */
    public static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }
}
