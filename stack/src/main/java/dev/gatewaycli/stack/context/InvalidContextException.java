package dev.gatewaycli.stack.context;

/**
 * A CDK context value the stack cannot be built from. Its message is one line that names the context key, the value
 * and what is allowed, so the app can print it as is instead of a stack trace.
 */
public final class InvalidContextException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidContextException(String message) {
        super(message);
    }
}
