package dev.gatewaycli.cli.process;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the CLI takes from the process it runs in: environment variables, the clock, stdout/stderr and the
 * interactive prompt. Production passes the real ones ({@link #real()}); tests pass a map, a fixed clock and
 * string writers, so no test depends on the developer's environment or home directory.
 *
 * @param env environment variables (read-only view)
 * @param clock the clock tokens are judged against
 * @param out where results go (stdout: {@code $(gateway-cli token)} must see nothing else)
 * @param err where diagnostics go (stderr)
 * @param prompt reads a secret without echo, or empty when there is no terminal to ask
 * @param ask reads one line with echo (a choice, a yes or no), or empty when there is no terminal to ask
 */
public record HostSystem(
        Map<String, String> env,
        Clock clock,
        PrintWriter out,
        PrintWriter err,
        Function<String, Optional<char[]>> prompt,
        Function<String, Optional<String>> ask) {

    public HostSystem {
        Objects.requireNonNull(env, "env cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        Objects.requireNonNull(out, "out cannot be null");
        Objects.requireNonNull(err, "err cannot be null");
        Objects.requireNonNull(prompt, "prompt cannot be null");
        Objects.requireNonNull(ask, "ask cannot be null");
    }

    /** A host whose questions are never answered with echo: there is no terminal for choices. */
    public HostSystem(
            Map<String, String> env,
            Clock clock,
            PrintWriter out,
            PrintWriter err,
            Function<String, Optional<char[]>> prompt) {
        this(env, clock, out, err, prompt, (question) -> Optional.empty());
    }

    /** The real process: {@code System.getenv()}, the system clock, stdout/stderr, the console if there is one. */
    public static HostSystem real() {
        Charset charset = Charset.defaultCharset();
        return new HostSystem(
                System.getenv(),
                Clock.systemUTC(),
                new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true),
                HostSystem::consolePrompt,
                HostSystem::consoleAsk);
    }

    /** The same process with {@code other} as stderr. */
    public HostSystem withErr(PrintWriter other) {
        return new HostSystem(env, clock, out, other, prompt, ask);
    }

    /** A value of the environment, treating empty as unset (as shells and CI systems commonly export empty vars). */
    public Optional<String> getenv(String name) {
        String value = env.get(name);
        return (value == null || value.isEmpty()) ? Optional.empty() : Optional.of(value);
    }

    private static Optional<char[]> consolePrompt(String question) {
        // System.console() is null when stdin or stdout is not a terminal (pipes, CI): never block a script.
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readPassword("%s", question));
    }

    private static Optional<String> consoleAsk(String question) {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readLine("%s", question));
    }
}
