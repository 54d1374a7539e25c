package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A client secret or a user's password, wrapped so that it cannot reach a log line, an exception message or a
 * debugger's display by accident: {@link #toString()} is masked. Only {@link #reveal()} gives the value, and only the
 * request that needs it calls it.
 */
public final class Secret {

    /** A secret file larger than this is not a secret file (and must not be read whole: it may be /dev/zero). */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private final String value;

    private final String source;

    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value cannot be null");
        this.source = Objects.requireNonNull(source, "source cannot be null");
    }

    public String reveal() {
        return value;
    }

    /** Where the secret came from ({@code GATEWAY_CLIENT_SECRET}, a file, a profile, the prompt): safe to print. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "****";
    }

    /**
     * What is typed at a terminal, without echo, in answer to {@code question}; empty when there is no terminal or
     * nothing was typed. The typed characters are wiped once copied.
     */
    static Optional<Secret> typed(Function<String, Optional<char[]>> prompt, String question) {
        Optional<char[]> typed = prompt.apply(question);
        if (typed.isEmpty() || typed.get().length == 0) {
            return Optional.empty();
        }
        char[] chars = typed.get();
        String value = new String(chars);
        Arrays.fill(chars, '\0');
        return Optional.of(new Secret(value, "prompt"));
    }

    /**
     * The secret in {@code file}, without the trailing newline editors and {@code echo} add: neither a Cognito client
     * secret ({@code [\w+]+}) nor a Cognito password (no leading or trailing space) can end in whitespace. Read with
     * a limit ({@link InputFiles}); unreadable, too large or empty: exit 3, the message naming the file and why, never
     * its content.
     *
     * @param what how messages name it, e.g. "client secret"
     */
    static String readFile(Path file, String what) {
        byte[] content = InputFiles.read(
                file,
                MAX_FILE_BYTES,
                "the " + what + " file " + file,
                MAX_FILE_BYTES + " bytes, far more than any " + what,
                ExitCodes.CONFIG);
        String secret = new String(content, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw new ExitException(ExitCodes.CONFIG, "the " + what + " file " + file + " is empty");
        }
        return secret;
    }
}
