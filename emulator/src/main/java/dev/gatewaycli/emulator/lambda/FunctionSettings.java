package dev.gatewaycli.emulator.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the emulator runs Lambda functions. Immutable; start from {@link #defaults()}.
 *
 * @param mode                 {@link Mode#PROCESS} (the default) or {@link Mode#IN_PROCESS} for Java functions
 * @param idleTimeout          how long an execution environment may stay idle before it is stopped (5 minutes)
 * @param environmentOverrides {@code --env-vars}: values that override or add to the functions' environments
 * @param executables          the interpreter to use for a runtime family instead of the one found on {@code PATH}
 *                             ({@code node}, {@code python3}) or the emulator's own JVM ({@code java})
 * @param cacheDirectory       where unpacked code and runtime clients go; empty: {@code $XDG_CACHE_HOME/gateway-cli},
 *                             else {@code ~/.cache/gateway-cli}
 */
public record FunctionSettings(
        Mode mode,
        Duration idleTimeout,
        EnvironmentOverrides environmentOverrides,
        Map<RuntimeFamily, Path> executables,
        Optional<Path> cacheDirectory) {

    /** Where a function runs. */
    public enum Mode {
        /**
         * Every function, of every runtime, in execution environments of its own: child processes that poll the
         * emulated Lambda Runtime API, one per concurrent invocation, with the function's environment variables. The
         * default: it is what Lambda does.
         */
        PROCESS,
        /**
         * Java functions in the emulator's own JVM, each in its own class loader (faster to start, and debuggable in
         * the same process; no environment variables through {@code System.getenv}, one shared handler instance).
         * Functions of other runtimes still run in processes.
         */
        IN_PROCESS
    }

    public FunctionSettings {
        Objects.requireNonNull(mode, "mode cannot be null");
        Objects.requireNonNull(idleTimeout, "idleTimeout cannot be null");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        Objects.requireNonNull(environmentOverrides, "environmentOverrides cannot be null");
        Objects.requireNonNull(executables, "executables cannot be null");
        executables = executables.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(executables));
        Objects.requireNonNull(cacheDirectory, "cacheDirectory cannot be null");
    }

    /** Processes, 5 minutes of idleness, no overrides, interpreters from {@code PATH}, the XDG cache. */
    public static FunctionSettings defaults() {
        return new FunctionSettings(
                Mode.PROCESS, Duration.ofMinutes(5), EnvironmentOverrides.none(), Map.of(), Optional.empty());
    }

    public FunctionSettings withMode(Mode value) {
        return new FunctionSettings(value, idleTimeout, environmentOverrides, executables, cacheDirectory);
    }

    public FunctionSettings withIdleTimeout(Duration value) {
        return new FunctionSettings(mode, value, environmentOverrides, executables, cacheDirectory);
    }

    public FunctionSettings withEnvironmentOverrides(EnvironmentOverrides value) {
        return new FunctionSettings(mode, idleTimeout, value, executables, cacheDirectory);
    }

    /** {@code executable} runs the functions of {@code family} ({@link RuntimeFamily#NODEJS}, {@code PYTHON}, {@code JAVA}). */
    public FunctionSettings withExecutable(RuntimeFamily family, Path executable) {
        Map<RuntimeFamily, Path> copy = new EnumMap<>(RuntimeFamily.class);
        copy.putAll(executables);
        copy.put(Objects.requireNonNull(family, "family cannot be null"), Objects.requireNonNull(executable));
        return new FunctionSettings(mode, idleTimeout, environmentOverrides, copy, cacheDirectory);
    }

    public FunctionSettings withCacheDirectory(Path value) {
        return new FunctionSettings(mode, idleTimeout, environmentOverrides, executables, Optional.of(value));
    }
}
