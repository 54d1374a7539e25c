package dev.gatewaycli.cli.http;

import dev.gatewaycli.cli.process.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The CLI's stderr: every line written to it, by any command, library or stack trace, is made safe for a terminal
 * ({@link TerminalText#lines}) and then masked ({@link Redactor#redact}) before it is written out. Lines are
 * collected whole first, so a secret written in two pieces is still masked; {@code flush} writes a partial line as
 * it is. The one place that both rules are applied, so no message can forget them.
 */
public final class SafeStderr extends PrintWriter {

    private final PrintWriter raw;

    private SafeStderr(LineFilter filter, PrintWriter raw) {
        super(filter, true);
        this.raw = raw;
    }

    /** {@code err} with every line sanitised and masked by {@code redactor}. */
    public static SafeStderr wrap(PrintWriter err, Redactor redactor) {
        return new SafeStderr(new LineFilter(err, redactor), err);
    }

    /** {@code err} itself when it is a {@link SafeStderr} already, else {@code err} wrapped with {@code redactor}. */
    public static PrintWriter guard(PrintWriter err, Redactor redactor) {
        return (err instanceof SafeStderr) ? err : wrap(err, redactor);
    }

    /**
     * The stream under {@code err} when it is a {@link SafeStderr}, else {@code err}: only for what the CLI draws
     * itself and that must keep its control characters ({@code load}'s progress line, redrawn with {@code \r}), and
     * that holds no server text and no secret.
     */
    public static PrintWriter unfiltered(PrintWriter err) {
        return (err instanceof SafeStderr safe) ? safe.raw : err;
    }

    private static final class LineFilter extends Writer {

        private final PrintWriter out;

        private final Redactor redactor;

        private final StringBuilder line = new StringBuilder();

        LineFilter(PrintWriter out, Redactor redactor) {
            this.out = out;
            this.redactor = redactor;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            synchronized (lock) {
                for (int i = offset; i < offset + length; i++) {
                    char c = chars[i];
                    if (c == '\n') {
                        // The end of a line, also as println writes it where the line separator is CR LF.
                        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                            line.setLength(line.length() - 1);
                        }
                        emit();
                        out.write('\n');
                    } else {
                        line.append(c);
                    }
                }
            }
        }

        private void emit() {
            if (!line.isEmpty()) {
                out.write(redactor.redact(TerminalText.lines(line.toString())));
                line.setLength(0);
            }
        }

        @Override
        public void flush() {
            synchronized (lock) {
                emit();
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
