package dev.gatewaycli.emulator.lambda;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runtime families the emulator runs, recognised from a function's {@code Runtime} the way Lambda names its
 * runtimes (docs/fidelity.md §5): each family starts its execution environment its own way.
 */
public enum RuntimeFamily {
    /** {@code nodejs18.x} … {@code nodejs24.x}: {@code node} with the emulator's runtime client. */
    NODEJS(Pattern.compile("nodejs\\d+\\.x"), false),
    /** {@code python3.9} … {@code python3.13}: {@code python3} with the emulator's runtime client. */
    PYTHON(Pattern.compile("python3\\.\\d+"), false),
    /** {@code java8.al2}, {@code java11}, {@code java17}, {@code java21}, {@code java25}: a JVM with AWS's runtime client. */
    JAVA(Pattern.compile("java\\d+(\\.al2)?"), false),
    /** {@code provided}, {@code provided.al2}, {@code provided.al2023}: the code's executable {@code bootstrap}. */
    PROVIDED(Pattern.compile("provided(\\.al2|\\.al2023)?"), true),
    /** {@code go1.x}: the executable the handler names. */
    GO(Pattern.compile("go1\\.x"), false);

    /** What an error message lists as runnable. */
    public static final String SUPPORTED =
            "the emulator runs nodejs*.x, python3.*, java*, provided, provided.al2, " + "provided.al2023 and go1.x";

    private final Pattern names;
    private final boolean handlerOptional;

    RuntimeFamily(Pattern names, boolean handlerOptional) {
        this.names = names;
        this.handlerOptional = handlerOptional;
    }

    /** The family of {@code runtime}, empty when the emulator does not run it (dotnet, ruby, ...). */
    public static Optional<RuntimeFamily> of(String runtime) {
        for (RuntimeFamily family : values()) {
            if (family.names.matcher(runtime).matches()) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    /** Whether a function of this family may leave {@code Handler} out (an OS-only runtime ignores it). */
    public boolean handlerOptional() {
        return handlerOptional;
    }
}
