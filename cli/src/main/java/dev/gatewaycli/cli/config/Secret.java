package dev.gatewaycli.cli.config;

import java.util.Objects;

/**
 * The client secret, wrapped so that it cannot reach a log line, an exception message or a debugger's display by
 * accident: {@link #toString()} is masked. Only {@link #reveal()} gives the value, and only the token request calls it.
 */
public final class Secret {

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
}
