package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.http.Redactor;

/**
 * A stand-in for a library's exception, for the cause of an exit: the same class name, stack trace and chain, every
 * message passed through the {@link Redactor}. {@code -v} prints the cause's stack trace as it is, and an AWS SDK
 * exception's message quotes the server, which may echo a password or a token back.
 */
final class Scrubbed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Guards against a cause chain that loops. */
    private static final int MAX_DEPTH = 16;

    private Scrubbed(String message, Throwable cause, StackTraceElement[] stackTrace) {
        super(message, cause, false, true);
        setStackTrace(stackTrace);
    }

    static Throwable of(Throwable original, Redactor redactor) {
        return of(original, redactor, 0);
    }

    private static Throwable of(Throwable original, Redactor redactor, int depth) {
        if (original == null || depth >= MAX_DEPTH) {
            return null;
        }
        Throwable cause = (original.getCause() == original) ? null : of(original.getCause(), redactor, depth + 1);
        String message = original.getClass().getName()
                + ((original.getMessage() == null) ? "" : ": " + redactor.redact(original.getMessage()));
        return new Scrubbed(message, cause, original.getStackTrace());
    }

    /** The original's class name and masked message, as {@code Throwable.toString()} would print them. */
    @Override
    public String toString() {
        return getMessage();
    }
}
