package dev.gatewaycli.emulator.model;

/**
 * The template (or cloud assembly) cannot be turned into an emulated stack. The message is one line that names the
 * stack, resource and property at fault, so a user can fix the stack without reading the emulator's code.
 */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean namesStack;

    public ModelException(String message) {
        this(message, null, false);
    }

    public ModelException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private ModelException(String message, Throwable cause, boolean namesStack) {
        super(message, cause);
        this.namesStack = namesStack;
    }

    static ModelException at(String logicalId, String type, String property, String problem) {
        return new ModelException(
                "Resource '" + logicalId + "' (" + type + ") property '" + property + "': " + problem);
    }

    /**
     * This failure with {@code Stack '<name>': } in front, once: a failure raised while another stack's value was
     * being resolved keeps the name of the stack it belongs to.
     */
    ModelException inStack(String stackName) {
        return namesStack ? this : new ModelException("Stack '" + stackName + "': " + getMessage(), this, true);
    }
}
