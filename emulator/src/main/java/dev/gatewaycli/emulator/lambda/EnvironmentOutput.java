package dev.gatewaycli.emulator.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;

/**
 * An execution environment's stdout and stderr, each line one line of the function's log. The process writes both into
 * one file of its private directory (a file, not a pipe: what the function printed before it answered is in the file
 * when the answer arrives, so reading up to the file's end at that moment puts every line of the invocation before its
 * {@code END}, which a pipe drained by another thread cannot promise). The file is read at every Runtime API call, on
 * exit, and by the emulator's housekeeping for what a function prints between invocations.
 *
 * <p>Lines in the text formats of Lambda's runtime clients keep their level: {@code <time>\t<id>\tERROR\t...} (Node.js)
 * and {@code [ERROR]\t...} (Python) are logged as errors, so they show even when the function's INFO lines are
 * silenced. A {@code \r} inside a line, which those clients write for a line break within one message, becomes a line
 * break of the one log record, as CloudWatch shows it.
 */
final class EnvironmentOutput implements AutoCloseable {

    /** Read up to this much at once; a longer unbroken line is logged in pieces of this size. */
    private static final int MAX_LINE = 256 * 1024;
    /** Once read to its end, a file larger than this is emptied (the process appends, so it writes at the new end). */
    private static final long TRUNCATE_AT = 4L * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final Logger log;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;
    private boolean closed;

    EnvironmentOutput(Path file, Logger log) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.log = log;
    }

    /** Logs every complete line written so far. */
    synchronized void drain() {
        read(false);
    }

    /** Logs everything written so far, a last line without its line break included, then runs {@code then}. */
    synchronized void drainThen(Runnable then) {
        read(true);
        then.run();
    }

    /** Logs everything written so far, including a last line without its line break (the process is gone). */
    synchronized void drainAll() {
        read(true);
    }

    private void read(boolean flushPartial) {
        if (closed) {
            return;
        }
        try {
            long size = channel.size();
            while (position < size) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                split(buffer.array(), n);
            }
            if (flushPartial && partial.size() > 0) {
                emit(partial.toByteArray(), partial.size());
                partial.reset();
            }
            if (position > TRUNCATE_AT && position == channel.size() && partial.size() == 0) {
                // Caught up: start the file again rather than keep every line an environment ever printed.
                try (FileChannel writable = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    writable.truncate(0);
                }
                position = 0;
            }
        } catch (IOException e) {
            log.debug("Cannot read the environment's output: {}", e.getMessage());
        }
    }

    private void split(byte[] bytes, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                if (partial.size() > 0) {
                    partial.write(bytes, start, i - start);
                    emit(partial.toByteArray(), partial.size());
                    partial.reset();
                } else {
                    emit(bytes, start, i - start);
                }
                start = i + 1;
            }
        }
        if (start < length) {
            partial.write(bytes, start, length - start);
            if (partial.size() >= MAX_LINE) {
                emit(partial.toByteArray(), partial.size());
                partial.reset();
            }
        }
    }

    private void emit(byte[] bytes, int length) {
        emit(bytes, 0, length);
    }

    private void emit(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (end > offset && bytes[end - 1] == '\r') {
            end--;
        }
        String line = new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
        if (line.indexOf('\r') >= 0) {
            line = line.replace('\r', '\n');
        }
        switch (level(line)) {
            case 'E' -> log.error(line);
            case 'W' -> log.warn(line);
            case 'D' -> log.debug(line);
            case 'T' -> log.trace(line);
            default -> log.info(line);
        }
    }

    /** The first letter of the level a runtime client's text format names, 'I' when the line has none. */
    static char level(String line) {
        String name = null;
        if (line.startsWith("[")) {
            int close = line.indexOf(']');
            if (close > 1 && close < 8) {
                name = line.substring(1, close); // Python: [ERROR]\t2024-...Z\t<id>\tmessage
            }
        } else if (line.length() > 24 && line.charAt(4) == '-' && line.charAt(10) == 'T') {
            int first = line.indexOf('\t');
            int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
            int third = second < 0 ? -1 : line.indexOf('\t', second + 1);
            if (third > second + 1 && third - second <= 6) {
                name = line.substring(second + 1, third); // Node.js: 2024-...Z\t<id>\tERROR\tmessage
            }
        }
        if (name == null) {
            return 'I';
        }
        return switch (name) {
            case "ERROR", "FATAL", "CRITICAL" -> 'E';
            case "WARN", "WARNING" -> 'W';
            case "DEBUG" -> 'D';
            case "TRACE" -> 'T';
            default -> 'I';
        };
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            read(true);
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to read
            }
        }
    }
}
