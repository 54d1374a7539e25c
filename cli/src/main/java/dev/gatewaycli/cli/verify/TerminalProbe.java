package dev.gatewaycli.cli.verify;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether stdout is a terminal, the first half of the colour decision ({@link VerifyCommand#colour}). A bean of
 * this type in the application context replaces the real probe (tests use that to play a terminal).
 */
@FunctionalInterface
public interface TerminalProbe {

    boolean stdoutIsTerminal();

    /**
     * The process's answer: {@link System#console()} is null when stdin or stdout is redirected (a pipe, a file, CI).
     * From JDK 22 it may return a console for redirected streams too, and {@code Console.isTerminal()} (22+, called
     * reflectively since we compile for 17) tells the truth.
     */
    static TerminalProbe system() {
        return () -> {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(console);
            } catch (NoSuchMethodException ex) {
                return true;
            } catch (ReflectiveOperationException | RuntimeException ex) {
                return false;
            }
        };
    }
}
