package dev.gatewaycli.emulator.model;

/**
 * The template (or cloud assembly) cannot be turned into an emulated stack. The message is one line that names the
 * resource and property at fault, so a user can fix the stack without reading the emulator's code.
 */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }

    static ModelException at(String logicalId, String type, String property, String problem) {
        return new ModelException(
                "Resource '" + logicalId + "' (" + type + ") property '" + property + "': " + problem);
    }
}
