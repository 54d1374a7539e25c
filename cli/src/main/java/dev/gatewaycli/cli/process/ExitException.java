package dev.gatewaycli.cli.process;

/**
 * A failure the user can act on: an exit code from {@link ExitCodes} and one plain line for stderr. The message must
 * never carry a secret or a token; {@code -v} adds the cause's stack trace.
 */
public class ExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ExitException(int status, String message) {
        this(status, message, null);
    }

    public ExitException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}
