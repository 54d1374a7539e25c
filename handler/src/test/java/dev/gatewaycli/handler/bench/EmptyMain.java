package dev.gatewaycli.handler.bench;

/**
 * The baseline of bench/handler-cold-start.sh: a JVM that starts and exits, measured in the same run and with the
 * same flags, so the handler's figure can be read as "JVM start-up plus the function".
 */
public final class EmptyMain {

    private EmptyMain() {}

    public static void main(String[] args) {
        // Intentionally empty.
    }
}
