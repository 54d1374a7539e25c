package dev.gatewaycli.cli.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the live progress line may be drawn: only when both stdout and stderr are a terminal. A line rewritten
 * with {@code \r} is noise in a CI log or a file, and {@code gateway-cli load -o json > out.json 2> err.log} must
 * leave both files clean.
 */
final class Terminal {

    private Terminal() {}

    static boolean interactive(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        // Java 17: a console exists only when stdin and stdout are both a terminal.
        if (System.console() == null) {
            return false;
        }
        return stderrIsTerminal();
    }

    /** Linux tells where fd 2 points; elsewhere the console check above has to do. */
    private static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (!Files.isSymbolicLink(fd2)) {
                return true;
            }
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception ex) {
            return true;
        }
    }
}
