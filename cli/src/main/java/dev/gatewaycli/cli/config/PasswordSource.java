package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a user's password comes from, in the contract's order: {@code --password-file FILE}, then
 * {@code GATEWAY_PASSWORD}, then a prompt without echo when there is a terminal. Read on first {@link #get()}, not
 * when the target is resolved: while a cached token or the refresh token serves, the password is never read and
 * nobody is asked for it.
 */
public final class PasswordSource {

    private final String user;

    private final Path file;

    private final String fromEnvironment;

    private final Function<String, Optional<char[]>> prompt;

    private Secret password;

    /**
     * @param user whose password, for the prompt and messages
     * @param file {@code --password-file}, or null
     * @param fromEnvironment the value of {@code GATEWAY_PASSWORD}, or null
     * @param prompt reads without echo, or answers empty when there is no terminal
     */
    PasswordSource(String user, Path file, String fromEnvironment, Function<String, Optional<char[]>> prompt) {
        this.user = Objects.requireNonNull(user, "user cannot be null");
        this.file = file;
        this.fromEnvironment = fromEnvironment;
        this.prompt = Objects.requireNonNull(prompt, "prompt cannot be null");
    }

    /** The password, read (or asked for) once; none at all is exit 3. */
    public Secret get() {
        if (password == null) {
            password = read();
        }
        return password;
    }

    private Secret read() {
        if (file != null) {
            return new Secret(Secret.readFile(file, Setting.PASSWORD.what()), Setting.PASSWORD.option());
        }
        if (fromEnvironment != null) {
            return new Secret(fromEnvironment, Setting.PASSWORD.env());
        }
        return Secret.typed(prompt, "Password for " + user + ": ")
                .orElseThrow(() -> new ExitException(
                        ExitCodes.CONFIG,
                        "no password for user " + user + ": " + Setting.PASSWORD.howToSet("")
                                + ", or run at a terminal to be asked"));
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "PasswordSource[" + user + "]";
    }
}
