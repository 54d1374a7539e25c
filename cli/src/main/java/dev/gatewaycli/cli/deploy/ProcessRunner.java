package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a child process (the CDK CLI, the Maven wrapper) with the environment the CLI was given and streams its
 * output as it comes, chunk by chunk rather than line by line, so that a question the CDK asks without a newline
 * ("Do you wish to deploy these changes (y/n)?") shows at once. The terminal is handed to the child only when there
 * is one; otherwise its stdin is closed so that nothing waits for an answer that cannot come.
 */
final class ProcessRunner {

    private final PrintWriter out;

    private final PrintWriter err;

    /**
     * @param out where the child's stdout goes (our stdout, or stderr when stdout must carry only JSON)
     * @param err where the child's stderr goes
     */
    ProcessRunner(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code command} in {@code dir}; returns its exit code. Failing to start it at all is exit 6. */
    int run(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        boolean terminal = System.console() != null;
        if (terminal) {
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException ex) {
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    "cannot run " + command.get(0) + ": " + ex.getMessage() + ": check that it is installed",
                    ex);
        }
        try {
            if (!terminal) {
                process.getOutputStream().close();
            }
            Thread errPump = pump(process.getErrorStream(), err, "stderr");
            copy(process.getInputStream(), out);
            errPump.join();
            return process.waitFor();
        } catch (IOException ex) {
            process.destroy();
            throw new ExitException(
                    ExitCodes.FAILED, "lost the output of " + command.get(0) + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.FAILED, "interrupted while " + command.get(0) + " was running", ex);
        }
    }

    private static Thread pump(InputStream in, PrintWriter to, String name) {
        Thread thread = new Thread(
                () -> {
                    try {
                        copy(in, to);
                    } catch (IOException ex) {
                        // The process ended or was destroyed: what it wrote so far has been shown.
                    }
                },
                "child-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void copy(InputStream in, PrintWriter to) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer)) != -1) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        }
    }
}
